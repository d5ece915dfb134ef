"""Open Referral HSDS 3.0: the API under /hsds/, JSON and tabular export and import of the resource
directory.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HsdsConfig(AppConfig):
    name = "alongside.interop.hsds"
    label = "hsds"
    verbose_name = _("Open Referral HSDS")

    def ready(self) -> None:
        from alongside.accounts import program_settings

        program_settings.register(
            program_settings.Page(
                _("Directory sharing (Open Referral)"),
                _("Whether a 211 or another directory may read ours openly or only with a token."),
                "hsds:settings",
                order=62,
            )
        )
