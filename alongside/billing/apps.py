from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "alongside.billing"
    label = "billing"
    verbose_name = _("Billing")

    def ready(self) -> None:
        from alongside.accounts import program_settings

        program_settings.register(
            program_settings.Page(
                _("Billing"),
                _(
                    "Payers and the services they pay, the billing queue and exports (for "
                    "administrators with the billing permission)."
                ),
                "billing:queue",
                order=90,
                permission="billing.read_identity",
            )
        )
