"""Forms for calls: the end of a call set by hand, a member's number. Validation only."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.accounts.choices import Audience

from .models import Direction


class StartForm(forms.Form):
    direction = forms.ChoiceField(choices=Direction.choices)
    member = forms.IntegerField(required=False, min_value=1)


class EndForm(forms.Form):
    """When the call ended, in the supporter's own time zone (the page's)."""

    ended_at = forms.DateTimeField(
        label=_("When did the call end?"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


class NumberForm(forms.Form):
    number = forms.CharField(
        label=_("Your phone number"),
        max_length=40,
        required=False,
        help_text=_("Leave it empty to take your number away."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    audience = forms.ChoiceField(
        label=_("Who may see it"),
        choices=[
            (Audience.ONLY_ME.value, _("Only me: nobody calls me")),
            (Audience.CARE_TEAM.value, _("My peer supporter and care team, so they can call me")),
        ],
        widget=forms.RadioSelect,
        initial=Audience.ONLY_ME.value,
    )
