from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from alongside.accounts.choices import Role


class AuditConfig(AppConfig):
    name = "alongside.audit"
    label = "audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        from alongside.accounts import menu, program_settings

        menu.register(
            menu.Item(
                _("Access log"),
                "audit:log",
                order=150,
                roles=frozenset({Role.ADMIN}),
                current=("audit:log",),
            )
        )
        program_settings.register(
            program_settings.Page(
                _("Access log"),
                _("Every read of someone's protected records."),
                "audit:log",
                order=90,
            )
        )
