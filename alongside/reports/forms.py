"""The period a report covers, and what to export."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ExportKind

LONGEST_DAYS = 3 * 366  # three years: longer periods say little and take long to compute


class PeriodForm(forms.Form):
    """From and to, both included, in the program's calendar."""

    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if isinstance(start, date) and isinstance(end, date):
            if end < start:
                self.add_error("end", _("The end must be on or after the start."))
            elif end - start > timedelta(days=LONGEST_DAYS):
                self.add_error("end", _("Choose a period of three years or less."))
        return cleaned


class ExportForm(PeriodForm):
    kind = forms.ChoiceField(label=_("What to make"), choices=ExportKind.choices)
