from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from alongside.accounts.choices import Role


class ConversationsConfig(AppConfig):
    name = "alongside.conversations"
    label = "conversations"
    verbose_name = "Conversations"

    def ready(self) -> None:
        from alongside.accounts import menu, program_settings
        from alongside.safety import services as safety
        from alongside.safety import sources

        from . import escalations, moderation
        from .selectors import escalation_trigger

        moderation.register()  # messages can be reported and hidden
        # Crisis words in a stored message open an escalation (safety asks once it is committed).
        safety.register_escalator("message", escalations.escalate_message)

        # The safety escalation page shows the message that raised it and the few before it.
        sources.register("conversation", escalation_trigger)
        sources.register("room", escalation_trigger)

        menu.register(
            menu.Item(
                _("Conversations"),
                "conversations:list",
                order=20,
                roles=frozenset({Role.MEMBER, Role.SUPPORTER}),
                current=("conversations:",),
            ),
            menu.Item(
                _("Messages held for review"),
                "conversations:held",
                order=140,
                roles=frozenset({Role.SUPERVISOR}),
                current=("conversations:held",),
            ),
        )
        program_settings.register(
            program_settings.Page(
                _("Conversations"),
                _(
                    "What happens when someone shares contact details, plans to meet elsewhere or "
                    "mentions money: a warning, or a hold for review."
                ),
                "conversations:program-settings",
                order=30,
            )
        )
