"""Input for check-ins, questionnaires (built from the instrument's own text) and schedules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .instruments import Instrument

MOOD = [(5, _("Very good")), (4, _("Good")), (3, _("Okay")), (2, _("Low")), (1, _("Very low"))]
SLEEP = [
    (5, _("Very well")),
    (4, _("Well")),
    (3, _("Okay")),
    (2, _("Poorly")),
    (1, _("Very poorly")),
]
ENERGY = [(5, _("Lots")), (4, _("Good")), (3, _("Some")), (2, _("Little")), (1, _("Very little"))]


class CheckInForm(forms.Form):
    mood = forms.TypedChoiceField(
        label=_("How is your mood today?"), choices=MOOD, coerce=int, widget=forms.RadioSelect
    )
    sleep = forms.TypedChoiceField(
        label=_("How did you sleep?"), choices=SLEEP, coerce=int, widget=forms.RadioSelect
    )
    energy = forms.TypedChoiceField(
        label=_("How is your energy?"), choices=ENERGY, coerce=int, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Anything you want to add? (optional)"),
        required=False,
        max_length=280,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class QuestionnaireForm(forms.Form):
    """One radio group per item, named item_1…item_n; skipping is allowed except where it may not be."""

    def __init__(self, *args: Any, instrument: Instrument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        choices = [(c.value, c.text) for c in instrument.choices]
        for item in instrument.items:
            self.fields[f"item_{item.number}"] = forms.TypedChoiceField(
                label=f"{item.number}. {item.text}",
                choices=choices,
                coerce=int,
                required=item.required,
                empty_value=None,
                widget=forms.RadioSelect,
                error_messages={"required": _("Please answer this question.")},
            )
        if instrument.extra is not None:
            self.fields[instrument.extra.key] = forms.TypedChoiceField(
                label=instrument.extra.text,
                choices=[(c.value, c.text) for c in instrument.extra.choices],
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
            )

    def answers(self) -> list[int | None]:
        return [self.cleaned_data.get(f"item_{item.number}") for item in self.instrument.items]

    def extra(self) -> dict[str, int]:
        extra = self.instrument.extra
        if extra is None or self.cleaned_data.get(extra.key) is None:
            return {}
        return {extra.key: self.cleaned_data[extra.key]}


class ScheduleForm(forms.Form):
    instrument = forms.ChoiceField(label=_("Questionnaire"))
    at_intake = forms.BooleanField(
        label=_("Offer it when someone joins"), required=False, initial=True
    )
    every_days = forms.IntegerField(
        label=_("Then every this many days (optional)"),
        required=False,
        min_value=7,
        max_value=365,
        help_text=_("For example 30. Leave empty to offer it only when someone joins."),
    )

    def __init__(self, *args: Any, available: list[Instrument], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instrument"].choices = [  # type: ignore[attr-defined]
            (i.code, f"{i.code_label} · {i.gentle_name}") for i in available
        ]
