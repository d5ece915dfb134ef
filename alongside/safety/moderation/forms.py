"""Input checks for the moderation pages. No side effects."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ActionKind, ModerationSettings, Reason

MAX_NOTE = 2000


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong?"), choices=Reason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Anything else the moderators should know (optional)"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    also_block = forms.BooleanField(
        label=_("Also block this person, so they cannot write to me"), required=False
    )


ACTION_CHOICES = [("dismiss", _("Dismiss: nothing needs doing")), *ActionKind.choices]


class ActionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What to do"), choices=ACTION_CHOICES, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("The reason the person will read"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Not needed to dismiss. Write it kindly and plainly."),
    )
    days = forms.IntegerField(
        label=_("Days of suspension"), required=False, min_value=1, max_value=365
    )


class AppealForm(forms.Form):
    note = forms.CharField(
        label=_("What would you like the moderators to know?"),
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class AppealDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("uphold", _("Keep the action")), ("reverse", _("Reverse the action"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=MAX_NOTE)


class HoldDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Publish")), ("reject", _("Do not publish"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Why not, for the person"), required=False, max_length=MAX_NOTE
    )


class SettingsForm(forms.ModelForm[ModerationSettings]):
    class Meta:
        model = ModerationSettings
        fields = ["holds_new_members", "hold_days", "hold_posts"]
