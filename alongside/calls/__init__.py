"""Calls: in-app video and audio for 1:1 sessions (WebRTC, signalling over our WebSocket) and phone calls
logged in two taps; each call becomes an encounter.
"""
