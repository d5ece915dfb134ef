from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from alongside.accounts.choices import Role


class SafetyConfig(AppConfig):
    name = "alongside.safety"
    label = "safety"
    verbose_name = _("Safety")

    def ready(self) -> None:
        from alongside.accounts import menu, program_settings

        menu.register(
            menu.Item(
                _("Safety"),
                "safety:dashboard",
                order=110,
                roles=frozenset({Role.ADMIN, Role.SUPERVISOR, Role.SUPPORTER}),
                current=("safety:",),
                badge="safety/_menu_badge.html",
            )
        )
        program_settings.register(
            program_settings.Page(
                _("Crisis response"),
                _(
                    "Minutes to acknowledge an alert before it goes to the backup, your local "
                    "crisis lines, and the steps of your protocol."
                ),
                "safety:settings",
                order=10,
            ),
            program_settings.Page(
                _("Who is on call"),
                _("The supervisor on call now and the backup."),
                "safety:on-call",
                order=20,
            ),
        )
