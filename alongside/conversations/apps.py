from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "alongside.conversations"
    label = "conversations"
    verbose_name = "Conversations"

    def ready(self) -> None:
        from alongside.common import websockets
        from alongside.safety import sources

        from .livedb import live_db
        from .selectors import escalation_trigger

        # Every WebSocket's session and person are looked up in the live database threads, which keep
        # their connections: a reconnect storm after a deploy no longer queues on one thread.
        websockets.look_up_people_with(live_db)

        # The safety escalation page shows the message that raised it and the few before it.
        sources.register("conversation", escalation_trigger)
        sources.register("room", escalation_trigger)
