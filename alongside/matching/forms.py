"""Intake and a supporter's matching profile. Nothing here saves: the views hand cleaned data on."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from alongside.accounts.choices import AgeRange, Language, Topic
from alongside.accounts.models import TIME_ZONES

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

    StrOrPromise = str | _StrPromise

from .models import Day, Modality, Period, SupporterProfile, Trait, Urgency, Want

SLOT_CHOICES = [
    (f"{day.value}-{period.value}", format_lazy("{} · {}", day.label, period.label))
    for day in Day
    for period in Period
]
ZONE_CHOICES = [(zone, zone.replace("_", " ")) for zone in TIME_ZONES]
WANT_CHOICES = [("", _("Does not matter")), *Want.choices]
# The detail a trait needs before it can be matched on.
TRAIT_DETAIL = {Trait.GENDER: "gender", Trait.AGE_RANGE: "age_range", Trait.CULTURE: "culture"}


def _many(
    label: StrOrPromise, choices: Any, help_text: StrOrPromise = ""
) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


class IntakeForm(forms.Form):
    """Finding a peer: every answer is optional, except the details a must-have or wish needs."""

    topics = _many(
        _("What would you like support with?"),
        Topic.choices,
        _("Choose as many as you like, or none."),
    )
    modalities = _many(_("How would you like to talk?"), Modality.choices)
    languages = _many(_("Which languages feel comfortable?"), Language.choices)
    language_required = forms.BooleanField(
        label=_("My peer needs to speak one of these languages."), required=False
    )
    want_lived_experience = forms.ChoiceField(
        label=Trait.LIVED_EXPERIENCE.label, choices=WANT_CHOICES, required=False
    )
    want_gender = forms.ChoiceField(label=Trait.GENDER.label, choices=WANT_CHOICES, required=False)
    gender = forms.CharField(
        label=_("Which gender would you like your peer to be?"), max_length=60, required=False
    )
    want_age_range = forms.ChoiceField(
        label=Trait.AGE_RANGE.label, choices=WANT_CHOICES, required=False
    )
    age_range = forms.ChoiceField(
        label=_("Which age range?"), choices=[("", "—"), *AgeRange.choices], required=False
    )
    want_lgbtq = forms.ChoiceField(label=Trait.LGBTQ.label, choices=WANT_CHOICES, required=False)
    want_culture = forms.ChoiceField(
        label=Trait.CULTURE.label, choices=WANT_CHOICES, required=False
    )
    culture = forms.CharField(label=_("Which culture or faith?"), max_length=80, required=False)
    want_veteran = forms.ChoiceField(
        label=Trait.VETERAN.label, choices=WANT_CHOICES, required=False
    )
    availability = _many(
        _("When are you usually free?"), SLOT_CHOICES, _("Leave it empty if any time suits you.")
    )
    time_zone = forms.ChoiceField(label=_("Your time zone"), choices=ZONE_CHOICES)
    urgency = forms.ChoiceField(
        label=_("How soon would you like someone?"),
        choices=Urgency.choices,
        initial=Urgency.SOON,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Anything else you would like us to know?"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for trait, detail in TRAIT_DETAIL.items():
            if data.get(f"want_{trait}") and not data.get(detail):
                self.add_error(
                    detail,
                    _("Please tell us which one, or choose “Does not matter” above."),
                )
        return data

    def answers(self) -> dict[str, Any]:
        """The cleaned answers in the shape `submit_request` takes."""
        data = self.cleaned_data
        wants = {t: data[f"want_{t}"] for t in Trait.values if data.get(f"want_{t}")}
        return {
            "topics": data["topics"],
            "modalities": data["modalities"],
            "languages": data["languages"],
            "language_required": data["language_required"],
            "wants": wants,
            "gender": data["gender"],
            "age_range": data["age_range"],
            "culture": data["culture"],
            "availability": data["availability"],
            "time_zone": data["time_zone"],
            "urgency": data["urgency"],
            "note": data["note"],
        }


class SupporterProfileForm(forms.ModelForm):  # type: ignore[type-arg]  # django-stubs generic
    lived_experience = _many(_("Lived experience you are willing to share"), Topic.choices)
    languages = _many(_("Languages you speak"), Language.choices)
    modalities = _many(_("Ways you meet"), Modality.choices)
    availability = _many(_("When you are free"), SLOT_CHOICES)
    time_zone = forms.ChoiceField(label=_("Your time zone"), choices=ZONE_CHOICES)

    class Meta:
        model = SupporterProfile
        fields = [
            "bio",
            "lived_experience",
            "languages",
            "modalities",
            "gender",
            "age_range",
            "is_lgbtq",
            "is_veteran",
            "culture",
            "availability",
            "time_zone",
            "capacity",
            "is_on_duty",
            "certifications",
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}  # noqa: RUF012  # Django's Meta style


class AssignForm(forms.Form):
    request_id = forms.IntegerField()
    supporter_id = forms.IntegerField()
