from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "alongside.supervision"
    label = "supervision"
    verbose_name = _("Supervision")

    def ready(self) -> None:
        from django.db.models import OuterRef, Subquery

        from alongside.accounts import menu, program_settings
        from alongside.accounts.choices import Role
        from alongside.matching import caseload
        from alongside.safety import services as safety
        from alongside.safety import sources

        from .models import SupporterCare
        from .selectors import escalation_trigger
        from .services import offer_debriefs, on_call_refusal

        # Matching offers a supporter no more members than the limit their supervisor set.
        caseload.register(
            lambda: Subquery(
                SupporterCare.objects.filter(
                    program=OuterRef("program"), supporter=OuterRef("user_id")
                ).values("caseload_limit")[:1]
            )
        )
        # Every supporter who handled a resolved escalation is offered a debrief.
        safety.register_resolution_listener(offer_debriefs)
        # Nobody goes on call past the program's weekly limit.
        safety.register_rota_check(on_call_refusal)
        for kind in ("supervision", "practice_note", "talk_through", "wellbeing"):
            sources.register(kind, escalation_trigger)

        staff = frozenset({Role.SUPERVISOR})
        menu.register(
            menu.Item(
                _("My supervision"),
                "supervision:mine",
                order=62,
                roles=frozenset({Role.SUPPORTER}),
                current=("supervision:mine", "supervision:check-in", "supervision:talk"),
            ),
            menu.Item(
                _("Supervision"),
                "supervision:load",
                order=63,
                roles=staff,
                current=(
                    "supervision:load",
                    "supervision:queue",
                    "supervision:log",
                    "supervision:practice",
                    "supervision:supporter",
                ),
            ),
        )
        program_settings.register(
            program_settings.Page(
                _("Supporters' well-being"),
                _("The most hours anyone may be on call in a week."),
                "supervision:settings",
                order=78,
            )
        )
