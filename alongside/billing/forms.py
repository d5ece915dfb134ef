"""Forms for billing: a person's billing details and an export's period."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Payer, PayerService

ICD10 = re.compile(r"^[A-TV-Z][0-9][0-9A-Z](\.?[0-9A-Z]{1,4})?$")


class IdentityForm(forms.Form):
    payer = forms.ModelChoiceField(label=_("Payer"), queryset=Payer.objects.none())
    legal_first = forms.CharField(label=_("Legal first name"), max_length=35)
    legal_last = forms.CharField(label=_("Legal last name"), max_length=60)
    birth_date = forms.DateField(
        label=_("Date of birth"), widget=forms.DateInput(attrs={"type": "date"})
    )
    sex = forms.ChoiceField(
        label=_("Sex on the Medicaid record"),
        choices=[("F", _("Female")), ("M", _("Male")), ("U", _("Unknown"))],
    )
    address = forms.CharField(label=_("Street address"), max_length=55)
    city = forms.CharField(label=_("City"), max_length=30)
    state = forms.RegexField(
        label=_("State"),
        regex=r"^[A-Z]{2}$",
        max_length=2,
        error_messages={"invalid": _("Two capital letters, like NJ.")},
    )
    zip = forms.RegexField(
        label=_("ZIP code"),
        regex=r"^\d{5}(\d{4})?$",
        max_length=9,
        error_messages={"invalid": _("Five or nine digits, no dash.")},
    )
    member_id = forms.RegexField(
        label=_("Medicaid member id"),
        regex=r"^[A-Za-z0-9]{2,80}$",
        max_length=80,
        error_messages={"invalid": _("Letters and digits only, as on their card.")},
    )
    diagnoses = forms.CharField(
        label=_("Diagnosis codes from the service order"),
        max_length=200,
        required=False,
        help_text=_(
            "ICD-10-CM codes, separated by spaces, the main one first (for example: F33.1 F11.20)."
        ),
    )
    order_from = forms.DateField(
        label=_("Service order from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    order_to = forms.DateField(
        label=_("Service order until"), widget=forms.DateInput(attrs={"type": "date"})
    )
    plan_from = forms.DateField(
        label=_("Plan from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    plan_to = forms.DateField(label=_("Plan until"), widget=forms.DateInput(attrs={"type": "date"}))
    prior_auth = forms.RegexField(
        label=_("Prior authorisation number"),
        regex=r"^[A-Za-z0-9-]{1,50}$",
        max_length=50,
        required=False,
        help_text=_("When the payer approved more units than it pays without approval."),
        error_messages={"invalid": _("Letters, digits and dashes only, as the payer wrote it.")},
    )
    prior_auth_from = forms.DateField(
        label=_("Prior authorisation from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    prior_auth_to = forms.DateField(
        label=_("Prior authorisation until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, program: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["payer"].queryset = Payer.objects.filter(program=program)  # type: ignore[attr-defined]

    def clean_diagnoses(self) -> list[str]:
        codes = self.cleaned_data["diagnoses"].upper().split()
        wrong = [c for c in codes if not ICD10.match(c)]
        if wrong:
            raise forms.ValidationError(
                _("These are not ICD-10-CM codes: %(codes)s. A code looks like F33.1.")
                % {"codes": ", ".join(wrong)}
            )
        if len(codes) > 12:
            raise forms.ValidationError(_("A claim holds at most 12 diagnosis codes."))
        return [c.replace(".", "") for c in codes]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for start, end in (
            ("order_from", "order_to"),
            ("plan_from", "plan_to"),
            ("prior_auth_from", "prior_auth_to"),
        ):
            if data.get(start) and data.get(end) and data[end] < data[start]:
                self.add_error(end, _("This date is before the start date."))
        authorisation = ("prior_auth", "prior_auth_from", "prior_auth_to")
        if any(data.get(name) for name in authorisation):
            for name in authorisation:
                if not data.get(name) and name not in self.errors:
                    self.add_error(
                        name, _("A prior authorisation needs its number and both dates.")
                    )
        return data


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end"):
            if data["end"] < data["start"]:
                self.add_error("end", _("This date is before the start date."))
            elif data["end"] - data["start"] > datetime.timedelta(days=92):
                self.add_error("end", _("Choose at most three months at a time."))
        return data


IDENTIFIERS = [
    "payer_id",
    "receiver_id",
    "submitter_id",
    "billing_name",
    "billing_npi",
    "billing_tax_id",
    "billing_address",
    "billing_city",
    "billing_state",
    "billing_zip",
    "contact_phone",
]


class PresetForm(forms.ModelForm):  # type: ignore[type-arg]
    """A new payer from a state preset: the program's own identifiers; the rules come from the preset."""

    preset = forms.ChoiceField(label=_("Start from"), choices=[])

    class Meta:
        model = Payer
        fields = ["preset", *IDENTIFIERS]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from .presets import PRESETS

        super().__init__(*args, **kwargs)
        self.fields["preset"].choices = [(k, v["label"]) for k, v in PRESETS.items()]  # type: ignore[attr-defined]


class PayerForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Payer
        fields = [
            "name",
            "kind",
            *IDENTIFIERS,
            "taxonomy",
            "telehealth_modifier",
            "audio_modifier",
            "source_url",
            "test_mode",
        ]


class ServiceForm(forms.ModelForm):  # type: ignore[type-arg]
    """A service a payer pays; who may bill it is ticked from training's kinds of credential."""

    credential_kinds = forms.MultipleChoiceField(
        label=_("Who may bill it: credential types"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=PayerService._meta.get_field("credential_kinds").help_text,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from .sources import credential_kinds

        super().__init__(*args, **kwargs)
        self.fields["credential_kinds"].choices = credential_kinds()  # type: ignore[attr-defined]
        self.initial["credential_kinds"] = self.instance.credential_kinds.split()

    def clean_credential_kinds(self) -> str:
        return " ".join(self.cleaned_data["credential_kinds"])


ServiceFormSet = forms.inlineformset_factory(
    Payer,
    PayerService,
    form=ServiceForm,
    fields=[
        "procedure_code",
        "modifiers",
        "group_modifier",
        "minutes_per_unit",
        "min_minutes_first_unit",
        "rounding",
        "aggregate_per_day",
        "max_units_per_day",
        "max_units_per_year",
        "max_units_per_episode",
        "prior_auth_after_units",
        "max_group_size",
        "credential_kinds",
        "rate",
        "requires_cosign",
        "requires_order",
    ],
    extra=1,
    can_delete=False,
)


MAX_835_BYTES = 20 * 1024 * 1024


class RemitForm(forms.Form):
    """An 835 remittance file, read as text (its segments are named in any refusal)."""

    file = forms.FileField(
        label=_("The payer's 835 file"),
        help_text=_("The remittance advice (X12 835) your payer or clearinghouse sent."),
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_835_BYTES:
            raise forms.ValidationError(
                _("This file is larger than 20 MB; ask the payer for it in smaller files.")
            )
        raw = upload.read()
        try:
            return str(raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("This file is not text. An 835 is a text file that starts with ISA.")
            ) from None
