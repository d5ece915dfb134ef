from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "alongside.training"
    label = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from alongside.accounts import gates, menu, program_settings
        from alongside.accounts.choices import Role
        from alongside.safety import sources

        from .selectors import gate_checker, reflection_trigger
        from .services import REFLECTION_SOURCE

        # Matching, the on-call rota, groups and records ask the gates; training decides.
        gates.register(gate_checker)
        # A reflection's words can open an escalation; its page shows them.
        sources.register(REFLECTION_SOURCE, reflection_trigger)
        menu.register(
            menu.Item(
                _("Training"),
                "training:home",
                order=86,
                roles=frozenset({Role.SUPPORTER}),
                slot="training",
                current=("training:",),
            ),
            menu.Item(
                _("Training"),
                "training:compliance",
                order=87,
                roles=frozenset({Role.SUPERVISOR, Role.ADMIN}),
                slot="training",
                current=("training:",),
            ),
        )
        program_settings.register(
            program_settings.Page(
                _("Training requirements"),
                _("Which courses, credentials and attestation each activity needs."),
                "training:settings",
                order=80,
            )
        )
