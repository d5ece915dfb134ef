"""Input for the conversation pages: the composer, edits, ending, leaving, notification settings."""

from typing import Any
from uuid import uuid4

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.notifications.models import NotificationSettings
from alongside.safety.models import FollowUpKind

from .models import MAX_BODY, BoundaryPolicy

WARM_CLOSING_NOTE = _(
    "Thank you for letting me walk alongside you. It has meant a lot to hear your story and to see the "
    "steps you have taken. If you would like to talk with a peer supporter again, you can ask at any "
    "time. Take good care of yourself."
)


class ComposerForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=MAX_BODY,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # Made when the page is drawn, so sending the same form twice (a double click, a reload) stores
    # the message once.
    client_id = forms.UUIDField(widget=forms.HiddenInput, initial=uuid4)
    # "Send anyway" after a boundary warning (the button of that name carries it).
    confirm_boundary = forms.BooleanField(required=False, widget=forms.HiddenInput)


class EditForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=MAX_BODY,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    confirm_boundary = forms.BooleanField(required=False, widget=forms.HiddenInput)


class EndForm(forms.Form):
    closing_note = forms.CharField(
        label=_("A closing note"),
        max_length=MAX_BODY,
        initial=WARM_CLOSING_NOTE,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "This is the last message they will see here. Change it so it sounds like you."
        ),
    )
    # Asked only when an escalation about the member is open or recent (safety's follow-up hours).
    follow_up = forms.ChoiceField(
        label=_("How you will follow up"),
        choices=FollowUpKind.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    check_in_at = forms.DateTimeField(
        label=_("When you will check in with them"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("In your time zone. Only needed if you will check in."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("follow_up") == FollowUpKind.CHECK_IN and not data.get("check_in_at"):
            self.add_error("check_in_at", _("Please choose when you will check in with them."))
        return data


class LeaveForm(forms.Form):
    wants_new_peer = forms.BooleanField(
        label=_("I would like to talk with a different peer supporter"), required=False
    )


class NotificationSettingsForm(forms.ModelForm[NotificationSettings]):
    class Meta:
        model = NotificationSettings
        fields = ["email_allowed", "quiet_hours_on", "quiet_from", "quiet_until"]
        widgets = {
            "quiet_from": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_until": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        help_texts = {
            "email_allowed": _(
                "The email only says that someone wrote; never who, and never what. "
                "It goes to the address on your profile."
            ),
            "quiet_hours_on": _(
                "No emails during these hours, in your time zone. Messages still wait for you here."
            ),
        }


class ProgramSettingsForm(forms.Form):
    boundary_policy = forms.ChoiceField(
        label=_("When a message shares contact details, plans to meet, or money"),
        choices=BoundaryPolicy.choices,
        help_text=_(
            "Either way nothing is lost: the writer is told why, and a held message is stored and "
            "waits for a supervisor."
        ),
    )
