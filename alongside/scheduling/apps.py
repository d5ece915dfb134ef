from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulingConfig(AppConfig):
    name = "alongside.scheduling"
    label = "scheduling"
    verbose_name = _("Sessions")

    def ready(self) -> None:
        from alongside.accounts import menu, program_settings
        from alongside.accounts.choices import Role
        from alongside.safety import sources

        from . import selectors

        menu.register(
            menu.Item(
                _("My sessions"),
                "scheduling:mine",
                order=14,
                roles=frozenset({Role.MEMBER}),
                current=("scheduling:mine", "scheduling:book", "scheduling:session"),
            ),
            menu.Item(
                _("My week"),
                "scheduling:week",
                order=14,
                roles=frozenset({Role.SUPPORTER}),
                current=("scheduling:",),
            ),
        )
        program_settings.register(
            program_settings.Page(
                _("Sessions"),
                _("How long a session usually lasts, and how much notice a booking needs."),
                "scheduling:settings",
                order=58,
            )
        )
        # The escalation page shows the words written about a session that raised it.
        sources.register(selectors.SOURCE_KIND, selectors.escalation_trigger)
        try:
            from alongside.records import day
        except ImportError:  # records' day page not there yet
            return
        day.register(
            day.Section(
                _("Today's sessions"),
                "scheduling/_day_sessions.html",
                selectors.day_sessions,
                order=10,
            )
        )
