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

        from . import services
        from .selectors import escalation_trigger

        # A safety flag opens an escalation once committed; safety's sweep escalates any left behind.
        safety.register_escalator("flag", services.escalate_flag)
        safety.register_sweep(services.escalate_unhandled_flags)

        # The safety escalation page shows the check-in note or the answer that raised it.
        sources.register("check_in", escalation_trigger)
        sources.register("questionnaire", escalation_trigger)

        program_settings.register(
            program_settings.Page(
                _("Questionnaires"),
                _("Which questionnaires members are offered, and when."),
                "outcomes:schedules",
                order=50,
            )
        )
