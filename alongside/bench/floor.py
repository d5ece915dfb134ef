"""The floor of `alongside bench pages`: the smallest Django view on the same stack.

`uvicorn alongside.bench.floor:application` serves it through Django's ASGI handler exactly as
`alongside serve` serves the app (a sync view run by asgiref), but with no apps, no middleware, no
database and no templates. What a page costs above this is what Alongside itself costs.

This module is its own settings and its own URLconf.
"""

import secrets

from django.conf import settings
from django.core.asgi import get_asgi_application
from django.http import HttpRequest, HttpResponse
from django.urls import path


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("", hello), path("healthz", hello)]

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY=secrets.token_urlsafe(50),  # signs nothing: no sessions, no forms
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        ROOT_URLCONF=__name__,
        INSTALLED_APPS=[],
        MIDDLEWARE=[],
        DATABASES={},
        USE_I18N=False,
        USE_TZ=True,
    )

application = get_asgi_application()
