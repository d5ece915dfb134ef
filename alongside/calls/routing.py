from django.urls import URLPattern, path

from .consumers import VideoCallConsumer

websocket_urlpatterns: list[URLPattern] = [
    path("ws/calls/<int:session_id>/", VideoCallConsumer.as_asgi()),
]
