from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "alongside.groups"
    label = "groups"
    verbose_name = _("Groups")

    def ready(self) -> None:
        from alongside.accounts import menu

        # Safety (a lower layer) alerts a meeting's facilitators about crisis words in its room.
        from alongside.safety.services import register_room_keepers

        from .selectors import facilitators_of_room

        register_room_keepers(facilitators_of_room)

        menu.register(
            menu.Item(
                _("Groups"), "groups:list", order=40, needs_program=True, current=("groups:",)
            )
        )
