"""Forms for supervision pages: input checks only; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import User

from .models import Competency, PracticeKind, SessionKind
from .wellbeing import ANSWERS, ITEMS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SessionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of session"), choices=SessionKind.choices)
    supporters = forms.ModelMultipleChoiceField(
        label=_("Who took part"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    minutes = forms.IntegerField(label=_("Length in minutes"), min_value=1, max_value=600)
    competencies = forms.MultipleChoiceField(
        label=_("Competencies discussed"),
        choices=Competency.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Private reflective notes"),
        help_text=_(
            "Only you and this supporter can read them: not other supervisors, not administrators."
            " One-to-one sessions only."
        ),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args: Any, supporters: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supporters"].queryset = supporters  # type: ignore[attr-defined]


class PracticeForm(forms.Form):
    kind = forms.ChoiceField(label=_("What they did"), choices=PracticeKind.choices)
    supporter = forms.ModelChoiceField(label=_("New supporter"), queryset=User.objects.none())
    alongside = forms.ModelChoiceField(label=_("Alongside"), queryset=User.objects.none())
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    minutes = forms.IntegerField(label=_("Length in minutes"), min_value=1, max_value=720)
    note = forms.CharField(
        label=_("What it covered"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, supporters: Any, experienced: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supporter"].queryset = supporters  # type: ignore[attr-defined]
        self.fields["alongside"].queryset = experienced  # type: ignore[attr-defined]


class CareForm(forms.Form):
    supervisor = forms.ModelChoiceField(
        label=_("Their supervisor"), queryset=User.objects.none(), required=False
    )
    caseload_limit = forms.IntegerField(
        label=_("Caseload limit"),
        help_text=_("The most members matching may give them. Leave empty for no limit."),
        min_value=0,
        max_value=100,
        required=False,
    )

    def __init__(self, *args: Any, supervisors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = supervisors  # type: ignore[attr-defined]


class RulesForm(forms.Form):
    on_call_hours_per_week = forms.IntegerField(
        label=_("Most hours on call in any seven days"), min_value=1, max_value=168
    )


class TimeOffForm(forms.Form):
    starts_on = forms.DateField(label=_("First day"), widget=DATE)
    ends_on = forms.DateField(label=_("Last day"), widget=DATE)


class TalkThroughForm(forms.Form):
    conversation = forms.TypedChoiceField(
        label=_("Is it about one of your conversations?"),
        coerce=int,
        empty_value=None,
        required=False,
    )
    note = forms.CharField(
        label=_("What would you like to talk through?"),
        help_text=_("The supervisors of your program will see this and find a time with you."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args: Any, conversations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["conversation"].choices = [  # type: ignore[attr-defined]
            ("", _("Not about one conversation")),
            *conversations,
        ]


class CheckInForm(forms.Form):
    note = forms.CharField(
        label=_("Anything else you want to say?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    is_shared = forms.BooleanField(
        label=_("Share this check-in with my supervisor"),
        help_text=_("If you leave this unticked, only you will ever see it."),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("Rather not say")), *((str(v), label) for v, label in ANSWERS)]
        items = {
            code: forms.TypedChoiceField(
                label=statement,
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
            )
            for code, (statement, _worries) in ITEMS.items()
        }
        self.fields = {**items, **self.fields}

    def answers(self) -> dict[str, int | None]:
        return {code: self.cleaned_data.get(code) for code in ITEMS}
