from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from alongside.accounts.choices import Role


class ModerationConfig(AppConfig):
    name = "alongside.safety.moderation"
    label = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        from alongside.accounts import menu, program_settings
        from alongside.common import refusals

        from . import selectors, targets

        targets.register_builtin()
        # A ban or a suspension stops a person's messages too (conversations' send path asks).
        refusals.register(selectors.posting_stop)

        menu.register(
            menu.Item(
                _("Moderation"),
                "moderation:queue",
                order=120,
                roles=frozenset({Role.ADMIN, Role.SUPERVISOR}),
                current=("moderation:",),
            )
        )
        program_settings.register(
            program_settings.Page(
                _("Moderation"),
                _("Whether new members' posts wait for a quick review."),
                "moderation:settings",
                order=40,
            )
        )
