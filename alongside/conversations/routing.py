from django.urls import URLPattern, path

from .consumers import ConversationConsumer

websocket_urlpatterns: list[URLPattern] = [
    path("ws/conversations/<int:conversation_id>/", ConversationConsumer.as_asgi()),
]
