"""Input for goals and steps; plan fields are free text checked by the service."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import GoalStatus


class GoalForm(forms.Form):
    title = forms.CharField(
        label=_("Your goal, in your own words"),
        max_length=200,
        help_text=_("Something that matters to you. Small is fine."),
    )
    why = forms.CharField(
        label=_("Why it matters to you (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class StepForm(forms.Form):
    text = forms.CharField(
        label=_("A small step"),
        max_length=200,
        help_text=_("Something you could do this week, for example: walk to the park once."),
    )
    due_on = forms.DateField(
        label=_("By when (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class GoalStatusForm(forms.Form):
    status = forms.ChoiceField(choices=GoalStatus.choices)


class StepDoneForm(forms.Form):
    done = forms.BooleanField(required=False)
