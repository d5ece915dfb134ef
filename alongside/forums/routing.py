from django.urls import URLPattern, path

from .consumers import ThreadConsumer

websocket_urlpatterns: list[URLPattern] = [
    path("ws/forums/threads/<int:thread_id>/", ThreadConsumer.as_asgi()),
]
