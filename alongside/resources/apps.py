from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from alongside.accounts.choices import Role


class ResourcesConfig(AppConfig):
    name = "alongside.resources"
    label = "resources"
    verbose_name = _("Resources and referrals")

    def ready(self) -> None:
        from alongside.accounts import menu, person_actions, program_settings

        from . import views

        person_actions.register(
            person_actions.Action("resources/_person_actions.html", views.person_action, order=40)
        )

        # One link, to the page for the person's first role of these.
        menu.register(
            menu.Item(
                _("Directory"),
                "resources:manage",
                order=60,
                roles=frozenset({Role.ADMIN}),
                current=("resources:",),
                slot="resources",
            ),
            menu.Item(
                _("Hand-offs"),
                "resources:hand-offs",
                order=61,
                roles=frozenset({Role.SUPERVISOR, Role.CLINICIAN}),
                current=("resources:",),
                slot="resources",
            ),
            menu.Item(
                _("Resources"),
                "resources:search",
                order=62,
                roles=frozenset({Role.MEMBER, Role.SUPPORTER}),
                current=("resources:",),
                slot="resources",
            ),
        )
        program_settings.register(
            program_settings.Page(
                _("Resource directory"),
                _("Add, import and export resources, and how often each must be checked."),
                "resources:manage",
                order=60,
            ),
            program_settings.Page(
                _("Hand-off links for partners"),
                _("Secure links a hospital or re-entry partner uses to hand someone over."),
                "resources:intake-links",
                order=70,
            ),
        )
