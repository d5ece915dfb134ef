from django.urls import URLPattern, path

from .consumers import EscalationConsumer

websocket_urlpatterns: list[URLPattern] = [
    path("ws/safety/escalations/", EscalationConsumer.as_asgi()),
]
