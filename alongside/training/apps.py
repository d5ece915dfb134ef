from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "alongside.training"
    label = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from alongside.accounts import gates
        from alongside.safety import sources

        from .selectors import gate_checker, reflection_trigger
        from .services import REFLECTION_SOURCE

        # Matching, the on-call rota, groups and records ask the gates; training decides.
        gates.register(gate_checker)
        # A reflection's words can open an escalation; its page shows them.
        sources.register(REFLECTION_SOURCE, reflection_trigger)
