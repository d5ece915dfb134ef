from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "alongside.outcomes"
    label = "outcomes"
    verbose_name = _("Check-ins and outcome measures")
