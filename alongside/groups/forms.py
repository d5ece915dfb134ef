"""Forms for finding groups and for a facilitator's actions. Nothing here saves."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.accounts.choices import Language, Topic

from .models import Modality, TimeOfDay


def _any(choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", _("Any")), *choices]


class FindForm(forms.Form):
    topic = forms.ChoiceField(label=_("Topic"), choices=_any(Topic.choices), required=False)
    language = forms.ChoiceField(
        label=_("Language"), choices=_any(Language.choices), required=False
    )
    time_of_day = forms.ChoiceField(
        label=_("Time of day"), choices=_any(TimeOfDay.choices), required=False
    )
    modality = forms.ChoiceField(
        label=_("How it meets"), choices=_any(Modality.choices), required=False
    )

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class CheckInForm(forms.Form):
    prompt = forms.CharField(
        label=_("Question for the round"),
        max_length=300,
        initial=_("How are you arriving today, in a word or two?"),
    )


class MuteForm(forms.Form):
    member = forms.IntegerField(widget=forms.HiddenInput)
    minutes = forms.TypedChoiceField(
        label=_("For how long"),
        coerce=int,
        choices=[(5, _("5 minutes")), (10, _("10 minutes")), (30, _("30 minutes"))],
        initial=10,
    )


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Your note"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Only facilitators and supervisors can read this."),
    )
