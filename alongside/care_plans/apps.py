from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CarePlansConfig(AppConfig):
    name = "alongside.care_plans"
    label = "care_plans"
    verbose_name = _("Care plans")
