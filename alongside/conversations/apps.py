from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "alongside.conversations"
    label = "conversations"
    verbose_name = "Conversations"

    def ready(self) -> None:
        from alongside.safety import sources

        from .selectors import escalation_trigger

        # The safety escalation page shows the message that raised it and the few before it.
        sources.register("conversation", escalation_trigger)
        sources.register("room", escalation_trigger)
