"""Filters for the access log page."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Action


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Who (pseudonym)"), required=False, max_length=150)
    subject = forms.CharField(label=_("Whose record (pseudonym)"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("Action"), required=False)
    record_type = forms.CharField(label=_("Kind of record"), required=False, max_length=100)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        action = self.fields["action"]
        assert isinstance(action, forms.ChoiceField)  # noqa: S101  # declared as one just above
        action.choices = [("", _("Any")), *Action.choices]
