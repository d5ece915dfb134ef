from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HsdsConfig(AppConfig):
    name = "alongside.interop.hsds"
    label = "hsds"
    verbose_name = _("Open Referral HSDS")
