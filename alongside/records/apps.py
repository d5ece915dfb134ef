from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "alongside.records"
    label = "records"
    verbose_name = _("Records")

    def ready(self) -> None:
        from . import day, selectors

        day.register(
            day.Section(
                _("Notes left to write (oldest first)"),
                "records/_day_to_write.html",
                selectors.day_notes_to_write,
                order=20,
            )
        )
        day.register(
            day.Section(
                _("Open escalations"),
                "records/_day_escalations.html",
                selectors.day_open_escalations,
                order=40,
            )
        )
