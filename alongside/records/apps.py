from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "alongside.records"
    label = "records"
    verbose_name = _("Records")

    def ready(self) -> None:
        from alongside.accounts import menu, program_settings
        from alongside.accounts.choices import Role
        from alongside.safety import sources

        from . import day, selectors
        from .services import NOTE_SOURCE_KIND

        day.register(
            day.Section(
                _("Notes left to write (oldest first)"),
                "records/_to_write.html",
                selectors.day_notes_to_write,
                order=20,
            ),
            day.Section(
                _("Notes returned by your supervisor"),
                "records/_returned.html",
                selectors.day_returned_notes,
                order=30,
            ),
            day.Section(
                _("Open escalations"),
                "records/_day_escalations.html",
                selectors.day_open_escalations,
                order=40,
            ),
        )
        menu.register(
            menu.Item(
                _("Your day"),
                "records:day",
                order=12,
                roles=frozenset({Role.SUPPORTER}),
                current=("records:day",),
            ),
            menu.Item(
                _("Notes"),
                "records:queue",
                order=13,
                roles=frozenset({Role.SUPPORTER, Role.SUPERVISOR}),
                current=("records:queue", "records:note", "records:note-write"),
            ),
            menu.Item(
                _("Your notes"),
                "records:my-notes",
                order=55,
                roles=frozenset({Role.MEMBER}),
                current=("records:my-notes",),
            ),
        )
        program_settings.register(
            program_settings.Page(
                _("Notes"),
                _("Whether a supervisor co-signs peer notes, and when members can read them."),
                "records:settings",
                order=60,
            )
        )
        # The escalation page shows the note's words that raised it.
        sources.register(NOTE_SOURCE_KIND, selectors.escalation_trigger)
