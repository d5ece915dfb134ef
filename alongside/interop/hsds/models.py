"""How a program publishes its directory over the HSDS API."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Program


class Access(models.TextChoices):
    """Who may read the program's directory at /hsds/."""

    TOKEN = "token", _("Only apps signed in with an API token of this program")
    PUBLIC = "public", _("Anyone: the directory is open data")


class HsdsSettings(models.Model):
    """A program's choice of public or token access to its HSDS API (token when there is no row)."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="hsds_settings")
    access = models.CharField(
        _("who may read the directory"), max_length=8, choices=Access.choices, default=Access.TOKEN
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"HSDS settings of {self.program}"
