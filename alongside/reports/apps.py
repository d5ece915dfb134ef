from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from alongside.accounts.choices import Role


class ReportsConfig(AppConfig):
    name = "alongside.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from alongside.accounts import menu

        menu.register(
            menu.Item(
                _("Reports"),
                "reports:dashboard",
                order=90,
                roles=frozenset({Role.SUPERVISOR, Role.ADMIN}),
                current=("reports:",),
            )
        )
