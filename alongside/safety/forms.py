"""Forms of the safety pages; they validate and change nothing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import User

from .models import ResolutionAction, Verdict
from .services import MAX_NOTE


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Add a note"), max_length=MAX_NOTE, widget=forms.Textarea(attrs={"rows": 3})
    )


class ResolveForm(forms.Form):
    actions = forms.MultipleChoiceField(
        label=_("What was done"),
        choices=ResolutionAction.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Please choose what was done.")},
    )
    note = forms.CharField(
        label=_("What happened, in a few words"),
        max_length=MAX_NOTE,
        error_messages={"required": _("Please write what happened.")},
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Its own ids: the note form on the same page has a "note" field too.
        kwargs.setdefault("auto_id", "resolve-%s")
        super().__init__(*args, **kwargs)


class OnCallForm(forms.Form):
    supervisor = forms.ModelChoiceField(
        label=_("Supervisor on call"), queryset=User.objects.none(), empty_label=None
    )
    backup = forms.ModelChoiceField(
        label=_("Backup on call"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody named (every other supervisor hears it)"),
        help_text=_("Alerted when the supervisor on call has not acknowledged in time."),
    )

    def __init__(self, *args: Any, supervisors: Any, backups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = supervisors  # type: ignore[attr-defined]
        self.fields["backup"].queryset = backups  # type: ignore[attr-defined]


class SettingsForm(forms.Form):
    ack_minutes = forms.IntegerField(
        label=_("Minutes to acknowledge"),
        min_value=1,
        max_value=24 * 60,
        help_text=_(
            "If the supervisor on call has not acknowledged by then, the backup is alerted."
        ),
    )
    local_lines = forms.CharField(
        label=_("Local crisis lines"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line, as “Name: number”. 988 is always shown."),
    )
    follow_up_hours = forms.IntegerField(
        label=_("Hours of care after an escalation"),
        required=False,  # left empty: unchanged
        min_value=0,
        max_value=24 * 14,
        error_messages={
            problem: _(
                "Please give the hours of care after an escalation as a whole number from 0 to 336."
            )
            for problem in ("invalid", "min_value", "max_value")
        },
        help_text=_(
            "Ending a conversation this soon after an escalation asks the peer supporter to agree "
            "a follow-up first. 0 asks only while the escalation is open."
        ),
    )
    protocol_steps = forms.CharField(
        label=_("Your program's protocol, one step a line"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Peer supporters see these steps beside a conversation with an open escalation."
        ),
    )

    def clean_local_lines(self) -> list[dict[str, str]]:
        lines = []
        for raw in self.cleaned_data["local_lines"].splitlines():
            if not raw.strip():
                continue
            name, sep, number = raw.rpartition(":")
            if not sep or not name.strip() or not number.strip():
                raise forms.ValidationError(
                    _(
                        "Please write each line as “Name: number”, for example "
                        "“County crisis team: 555-0100”."
                    )
                )
            lines.append({"name": name.strip(), "number": number.strip()})
        return lines

    def clean_protocol_steps(self) -> list[str]:
        return [s.strip() for s in self.cleaned_data["protocol_steps"].splitlines() if s.strip()]


class AssessmentForm(forms.Form):
    """Staff's word on an assessment: `item` names an earlier message (its seq), else the words
    that raised the escalation."""

    verdict = forms.ChoiceField(choices=Verdict.choices)
    item = forms.IntegerField(required=False, min_value=1)
