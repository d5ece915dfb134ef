from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "alongside.groups"
    label = "groups"
    verbose_name = _("Groups")

    def ready(self) -> None:
        from alongside.accounts import menu
        from alongside.common import refusals

        # Safety (a lower layer) alerts a meeting's facilitators about crisis words in its room.
        from alongside.safety.services import register_room_keepers

        from .selectors import facilitators_of_room, room_pause

        register_room_keepers(facilitators_of_room)
        # ... and links them to the meeting's page, where they come into the room.
        from alongside.safety import sources

        from .escalations import meeting_of_room

        sources.register_link("room", meeting_of_room)
        # A facilitator's pause stops a person's messages in the meeting's room (conversations' send
        # path asks).
        refusals.register(room_pause)

        menu.register(
            menu.Item(
                _("Groups"), "groups:list", order=40, needs_program=True, current=("groups:",)
            )
        )
