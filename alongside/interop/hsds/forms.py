"""The HSDS settings form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Access


class SettingsForm(forms.Form):
    access = forms.ChoiceField(
        label=_("Who may read the directory through the HSDS API"),
        choices=Access.choices,
        help_text=_(
            "A 211 or another directory reads ours from the address below. With a token, it signs "
            "in with an API token of a person in this program."
        ),
    )
