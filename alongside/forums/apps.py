from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "alongside.forums"
    label = "forums"
    verbose_name = _("Forums")

    def ready(self) -> None:
        from . import moderation

        moderation.register()
