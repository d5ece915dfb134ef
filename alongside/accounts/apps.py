from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from alongside.accounts.choices import Role


class AccountsConfig(AppConfig):
    name = "alongside.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from alongside.audit import services as audit
        from alongside.common import api

        from . import menu, program_settings, selectors

        api.read_standing_with(selectors.standing)  # the API's role gate, `common.api.caller`
        audit.read_roles_with(selectors.role_names)  # each access-log line names the reader's roles

        menu.register(
            menu.Item(_("Home"), "accounts:home", order=10, current=("accounts:home",)),
            menu.Item(_("Profile"), "accounts:profile", order=80, current=("accounts:profile",)),
            menu.Item(
                _("Sharing"),
                "accounts:consent",
                order=90,
                roles=frozenset({Role.MEMBER}),
                current=("accounts:consent",),
            ),
            menu.Item(
                _("People"),
                "accounts:people",
                order=100,
                roles=frozenset({Role.ADMIN, Role.SUPERVISOR}),
                current=("accounts:people",),
            ),
            menu.Item(
                _("Settings"),
                "accounts:program-settings",
                order=130,
                roles=frozenset({Role.ADMIN}),
                current=("accounts:program-settings",),
            ),
        )
        program_settings.register(
            program_settings.Page(
                _("Front page"),
                _("What people read at your program's address before they sign in, in your words."),
                "accounts:front-page-settings",
                order=5,
            )
        )
        program_settings.register(
            program_settings.Page(
                _("People and roles"),
                _("Who belongs to the program, and what each person may do."),
                "accounts:people",
                order=80,
            )
        )
