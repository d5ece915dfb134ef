from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from alongside.accounts.choices import Role


class CarePlansConfig(AppConfig):
    name = "alongside.care_plans"
    label = "care_plans"
    verbose_name = _("Care plans")

    def ready(self) -> None:
        from alongside.accounts import menu
        from alongside.safety import plans

        from . import hooks

        # Safety's crisis panel and escalation page show the person's own plans.
        plans.register(
            plans.Keeper(has_safety_plan=hooks.has_safety_plan, shared_with=hooks.shared_with)
        )

        menu.register(
            menu.Item(
                _("My plans"),
                "care_plans:index",
                order=5,
                roles=frozenset({Role.MEMBER}),
                current=("care_plans:index",),
                bar=True,
            ),
            menu.Item(
                _("Shared with me"),
                "care_plans:shared-list",
                order=50,
                roles=frozenset({Role.SUPPORTER, Role.CLINICIAN}),
                current=("care_plans:shared-list", "outcomes:shared-list"),
            ),
        )
