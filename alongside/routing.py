"""WebSocket routes of every app, gathered in one list for the ASGI application."""

from django.urls import URLPattern, URLResolver

from alongside.calls.routing import websocket_urlpatterns as calls
from alongside.conversations.routing import websocket_urlpatterns as conversations
from alongside.forums.routing import websocket_urlpatterns as forums
from alongside.safety.routing import websocket_urlpatterns as safety

websocket_urlpatterns: list[URLPattern | URLResolver] = [*conversations, *safety, *forums, *calls]
