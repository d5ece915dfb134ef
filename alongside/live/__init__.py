"""Live updates for every app: events handed to the channel layer once a transaction commits
(`broadcast`), one process's share of the layer (`fanout`), and the base of every WebSocket consumer
(`consumers.LiveConsumer`: the signed-in person, the two-step check for staff, the close codes).

A shared service (layer 3 in docs/architecture.md): it knows accounts and common, and no app above it.
The origin check and the session lookup run in front of every consumer, in `common.websockets`
(`asgi.py` stacks them). Each app names its own groups and payloads (`conversations.realtime`,
`forums.realtime`, `safety.services.program_group`).
"""
