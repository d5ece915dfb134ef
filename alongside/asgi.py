"""The one ASGI application: Django for HTTP, Channels for WebSocket, served by uvicorn."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402  # needs Django set up first

from alongside.common.collector import settle_for_serving  # noqa: E402
from alongside.common.departures import QuietDepartures  # noqa: E402
from alongside.common.websockets import SameOriginValidator, signed_in  # noqa: E402
from alongside.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": QuietDepartures(
            SameOriginValidator(signed_in(URLRouter(websocket_urlpatterns)))
        ),
    }
)


def served() -> ProtocolTypeRouter:
    """The application as `alongside serve` runs it (uvicorn calls this once in each worker process):
    everything loaded so far lives as long as the process, so the collector is set for that. Tests
    that serve `application` in their own process keep Python's defaults. The crisis model loads
    first (0.2 s), not on the event loop at the first message a live connection sends."""
    from alongside.safety import assess

    assess("")
    settle_for_serving()
    return application
