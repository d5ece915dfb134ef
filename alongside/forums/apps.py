from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from alongside.accounts.choices import Role


class ForumsConfig(AppConfig):
    name = "alongside.forums"
    label = "forums"
    verbose_name = _("Forums")

    def ready(self) -> None:
        from alongside.accounts import menu
        from alongside.safety import sources

        from . import escalations, moderation

        moderation.register()
        # The safety escalation page shows the post that raised it, the few before, and a link to it.
        sources.register(
            escalations.TARGET_KIND,
            escalations.escalation_trigger,
            link=escalations.escalation_link,
        )

        menu.register(
            menu.Item(
                _("Forums"),
                "forums:boards",
                order=70,
                roles=frozenset({Role.MEMBER, Role.SUPPORTER, Role.SUPERVISOR, Role.ADMIN}),
                current=("forums:",),
            )
        )
