from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "alongside.outcomes"
    label = "outcomes"
    verbose_name = _("Check-ins and outcome measures")

    def ready(self) -> None:
        from alongside.accounts import program_settings
        from alongside.safety import services as safety
        from alongside.safety import sources

        from . import escalations, services
        from .selectors import escalation_trigger

        # A safety flag opens an escalation once committed; safety's sweep escalates any left behind.
        safety.register_escalator("flag", services.escalate_flag)
        safety.register_sweep(services.escalate_unhandled_flags)

        # The safety escalation page shows the check-in note or the answer that raised it, and links
        # the person's trends for a reader they share them with.
        for kind in ("check_in", "questionnaire"):
            sources.register(kind, escalation_trigger, link=escalations.escalation_link)

        program_settings.register(
            program_settings.Page(
                _("Questionnaires"),
                _("Which questionnaires members are offered, and when."),
                "outcomes:schedules",
                order=50,
            )
        )
