"""Forms for resources: search, a directory entry, a referral and its outcome, a hand-off, an intake link,
an import upload. Validation only; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.accounts.choices import Language
from alongside.accounts.models import TIME_ZONES

from .hours import parse_hours_text
from .models import Cost, Need, ReferralStatus, Setting

NEED_CHOICES = [("", _("Any need")), *Need.choices]
LANGUAGE_CHOICES = [("", _("Any language")), *Language.choices]


class SearchForm(forms.Form):
    need = forms.ChoiceField(label=_("What do you need?"), choices=NEED_CHOICES, required=False)
    near = forms.CharField(
        label=_("Near (a postcode or place)"),
        required=False,
        max_length=80,
        help_text=_("Only used for this search and never saved."),
    )
    language = forms.ChoiceField(
        label=_("Language spoken"), choices=LANGUAGE_CHOICES, required=False
    )
    open_now = forms.BooleanField(label=_("Open now"), required=False)


class ResourceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("What they do"), max_length=5000, widget=forms.Textarea, required=False
    )
    needs = forms.MultipleChoiceField(
        label=_("Needs it helps with"), choices=Need.choices, widget=forms.CheckboxSelectMultiple
    )
    address = forms.CharField(label=_("Street address"), max_length=200, required=False)
    city = forms.CharField(label=_("Town or city"), max_length=100, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=20, required=False)
    latitude = forms.FloatField(
        label=_("Latitude"), min_value=-90, max_value=90, required=False,
        help_text=_("For distance searches, e.g. 40.0123."),
    )  # fmt: skip
    longitude = forms.FloatField(
        label=_("Longitude"), min_value=-180, max_value=180, required=False
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"), choices=[(z, z) for z in TIME_ZONES], initial="America/New_York"
    )
    hours = forms.CharField(
        label=_("Opening hours"),
        max_length=500,
        required=False,
        help_text=_("Like: mon 09:00-17:00; sat 10:00-14:00; fri 22:00-06:00 (overnight)."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    cost = forms.ChoiceField(label=_("Cost"), choices=Cost.choices)
    cost_note = forms.CharField(label=_("About the cost"), max_length=200, required=False)
    eligibility = forms.CharField(
        label=_("Who can use it"), max_length=2000, widget=forms.Textarea, required=False
    )
    accessibility = forms.CharField(
        label=_("Accessibility"), max_length=2000, widget=forms.Textarea, required=False
    )
    how_to_get_there = forms.CharField(
        label=_("How to get there"), max_length=2000, widget=forms.Textarea, required=False
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    website = forms.URLField(
        label=_("Website"), max_length=200, required=False, assume_scheme="https"
    )
    last_verified_on = forms.DateField(
        label=_("Last checked"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_hours(self) -> dict[str, Any]:
        try:
            return parse_hours_text(self.cleaned_data["hours"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", _("Give both latitude and longitude, or neither."))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Directory file"),
        help_text=_(
            "A CSV file with our columns, Open Referral HSDS JSON, or the HSDS tabular form "
            "(a zip of CSV files with a datapackage.json)."
        ),
    )

    def clean_file(self) -> tuple[str, str | bytes]:
        upload = self.cleaned_data["file"]
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("The file is too large (20 MB at most)."))
        content = upload.read()
        if content.startswith(b"PK"):
            return upload.name, content  # a zip: the HSDS tabular form
        try:
            return upload.name, content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(_("Save the file as UTF-8 text and try again.")) from error


class StaleForm(forms.Form):
    stale_after_days = forms.IntegerField(
        label=_("Flag entries not checked for this many days"), min_value=1, max_value=3650
    )


class ReferralForm(forms.Form):
    need = forms.ChoiceField(label=_("What is it for?"), choices=Need.choices)
    agreed = forms.CharField(
        label=_("What we agreed"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: call them on Monday morning and ask about the food box."),
    )
    follow_up_on = forms.DateField(
        label=_("Check in on"), widget=forms.DateInput(attrs={"type": "date"})
    )


class ReferralStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("How did it go?"),
        choices=[c for c in ReferralStatus.choices if c[0] != ReferralStatus.MADE],
        widget=forms.RadioSelect,
    )
    why_not = forms.CharField(
        label=_("If it did not work out, what got in the way?"), max_length=300, required=False
    )


class HandOffForm(forms.Form):
    partner_name = forms.CharField(label=_("Your name and service"), max_length=160)
    pseudonym = forms.CharField(
        label=_("A first name or nickname the person chose"),
        max_length=60,
        help_text=_("This becomes their name here. No full names, please."),
    )
    contact = forms.CharField(
        label=_("The person's phone or email"),
        max_length=200,
        required=False,
        help_text=_("So we can reach them if they cannot get back in."),
    )
    setting = forms.ChoiceField(label=_("Leaving"), choices=Setting.choices)
    discharge_on = forms.DateField(
        label=_("Discharge or release date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    admitted_on = forms.DateField(
        label=_("Admission date (hospital only, optional)"),
        required=False,
        help_text=_(
            "The day the stay began, if you know it: it helps the program see days in hospital."
        ),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    needs = forms.MultipleChoiceField(
        label=_("What they need help with"),
        choices=Need.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=LANGUAGE_CHOICES, required=False
    )
    peer_preferences = forms.CharField(
        label=_("What they would like in a peer"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent_given = forms.BooleanField(
        label=_("The person agreed to be put in touch with a peer supporter."), required=False
    )
    consent_text = forms.CharField(
        label=_("What they agreed to, in their words or yours"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class HospitalStayForm(forms.Form):
    admitted_on = forms.DateField(
        label=_("The day you went into hospital"), widget=forms.DateInput(attrs={"type": "date"})
    )
    discharged_on = forms.DateField(
        label=_("The day you left (leave empty if you are still there)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class StaffHospitalStayForm(HospitalStayForm):
    """The same dates, noted by staff for someone they work with (`views.member_hospital_stays`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["admitted_on"].label = _("The day they went into hospital")
        self.fields["discharged_on"].label = _(
            "The day they left (leave empty if they are still there)"
        )


class IntakeLinkForm(forms.Form):
    label = forms.CharField(label=_("Who is this link for?"), max_length=120)
    days = forms.IntegerField(label=_("Works for (days)"), min_value=1, max_value=365, initial=30)


class InviteForm(forms.Form):
    password = forms.CharField(
        label=_("Choose a password"), widget=forms.PasswordInput, min_length=8, strip=False
    )
