from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from alongside.accounts.choices import Role


class ForumsConfig(AppConfig):
    name = "alongside.forums"
    label = "forums"
    verbose_name = _("Forums")

    def ready(self) -> None:
        from alongside.accounts import menu

        from . import moderation

        moderation.register()

        menu.register(
            menu.Item(
                _("Forums"),
                "forums:boards",
                order=70,
                roles=frozenset({Role.MEMBER, Role.SUPPORTER, Role.SUPERVISOR, Role.ADMIN}),
                current=("forums:",),
            )
        )
