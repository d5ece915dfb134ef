"""Forms for hours, booking, proposing and changing sessions. Nothing here saves.

Times typed into `datetime-local` fields are read in the person's own zone (the middleware activates
it), so "10:00" means ten o'clock where they are."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import User
from alongside.records.models import Modality

from .models import MODALITY_CHOICES, Weekday

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format=LOCAL_FORMAT, **kwargs)


def _local_field(label: Any, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=LocalDateTimeInput(),
        input_formats=[LOCAL_FORMAT, "%Y-%m-%d %H:%M"],
    )


def _choices(form: forms.Form, name: str, choices: list[tuple[Any, Any]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)  # noqa: S101  # declared as one below
    field.choices = choices


class TimeInput(forms.TimeInput):
    input_type = "time"


class HoursForm(forms.Form):
    weekday = forms.TypedChoiceField(label=_("Day"), choices=Weekday.choices, coerce=int)
    starts = forms.TimeField(label=_("From"), widget=TimeInput(format="%H:%M"))
    ends = forms.TimeField(label=_("Until"), widget=TimeInput(format="%H:%M"))


class ExceptionForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    starts = forms.TimeField(
        label=_("From"),
        required=False,
        widget=TimeInput(format="%H:%M"),
        help_text=_("Leave both times empty if you are not available that day."),
    )
    ends = forms.TimeField(label=_("Until"), required=False, widget=TimeInput(format="%H:%M"))


class TimeOffForm(forms.Form):
    first_on = forms.DateField(
        label=_("First day away"), widget=forms.DateInput(attrs={"type": "date"})
    )
    last_on = forms.DateField(
        label=_("Last day away"), widget=forms.DateInput(attrs={"type": "date"})
    )


class DetailsForm(forms.Form):
    """How the two people meet, and the details an in-person visit or an appointment needs."""

    modality = forms.ChoiceField(
        label=_("How would you like to meet?"), choices=MODALITY_CHOICES, widget=forms.RadioSelect
    )
    place = forms.CharField(
        label=_("Where you will meet (in person)"), max_length=200, required=False
    )
    appointment_where = forms.CharField(
        label=_("Where the appointment is (going along)"), max_length=200, required=False
    )
    appointment_purpose = forms.CharField(
        label=_("What the appointment is for, in a few words"), max_length=200, required=False
    )
    transport = forms.CharField(
        label=_("How you will both get there"), max_length=200, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        modality = data.get("modality")
        if modality == Modality.IN_PERSON and not data.get("place", "").strip():
            self.add_error("place", _("Say where you will meet."))
        if modality == Modality.ACCOMPANIMENT:
            if not data.get("appointment_where", "").strip():
                self.add_error("appointment_where", _("Say where the appointment is."))
            if not data.get("appointment_purpose", "").strip():
                self.add_error(
                    "appointment_purpose", _("Say what the appointment is for, in a few words.")
                )
        return data


class BookForm(DetailsForm):
    """A member books one of the free times listed (their values are UTC instants)."""

    supporter = forms.TypedChoiceField(label=_("Who with"), coerce=int)
    starts_at = forms.ChoiceField(label=_("Choose a time"), widget=forms.RadioSelect)

    field_order = ("supporter", "starts_at", "modality")

    def __init__(
        self, *args: Any, supporters: list[User], times: list[datetime], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "supporter", [(s.pk, s.display_name) for s in supporters])
        values = [t.astimezone(UTC).isoformat() for t in times]
        _choices(self, "starts_at", [(v, v) for v in values])

    def clean_starts_at(self) -> datetime:
        return datetime.fromisoformat(self.cleaned_data["starts_at"])


class ArrangeForm(DetailsForm):
    """A supporter books one time with someone they support, or offers up to three for them to pick."""

    member = forms.TypedChoiceField(label=_("Who with"), coerce=int)
    first = _local_field(_("Time"))
    second = _local_field(_("Another time to offer (optional)"), required=False)
    third = _local_field(_("A third time to offer (optional)"), required=False)
    minutes = forms.IntegerField(label=_("Length in minutes"), min_value=10, max_value=240)
    meeting_link = forms.URLField(
        label=_("Meeting link (video, optional)"),
        max_length=200,
        required=False,
        assume_scheme="https",
        help_text=_("Only if you meet in another video service instead of Alongside's own."),
    )

    field_order = ("member", "first", "second", "third", "minutes", "modality")

    def __init__(self, *args: Any, members: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "member", [(m.pk, m.display_name) for m in members])

    def times(self) -> list[datetime]:
        return [
            self.cleaned_data[name]
            for name in ("first", "second", "third")
            if self.cleaned_data.get(name)
        ]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("A few words, so the other person knows."),
        widget=forms.TextInput,
    )


class MoveForm(ReasonForm):
    starts_at = _local_field(_("New time"))

    field_order = ("starts_at", "reason")


class HeldForm(forms.Form):
    started_at = _local_field(_("Started at"))
    ended_at = _local_field(_("Ended at"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        started, ended = data.get("started_at"), data.get("ended_at")
        if started and ended and ended <= started:
            self.add_error("ended_at", _("The end must be after the start."))
        return data


class PickForm(forms.Form):
    proposed_time = forms.TypedChoiceField(
        label=_("Choose the time that suits you"), coerce=int, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "proposed_time", choices)


class SettingsForm(forms.Form):
    session_minutes = forms.IntegerField(
        label=_("Usual session length in minutes"), min_value=10, max_value=240
    )
    notice_hours = forms.IntegerField(
        label=_("Hours of notice a member's booking needs"), min_value=0, max_value=336
    )
