"""Forms for notes, their addenda and comments, the supervisor's return, and the program settings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NoteVersion, PlaceOfService
from .selectors import GoalOption

OWN_WORDS = "own"


class NoteForm(forms.Form):
    """The peer note's words. The goal is chosen from the person's own plan, or written in their words."""

    goal_choice = forms.ChoiceField(
        label=_("The goal from their own plan that this addressed"),
        widget=forms.RadioSelect,
        required=False,
    )
    goal_own = forms.CharField(
        label=_("Another goal, in their words"),
        max_length=300,
        required=False,
        help_text=_("Use their own words for what they are working towards."),
    )
    did = forms.CharField(
        label=_("What you did together"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: we planned the first call to the housing office together."),
    )
    response = forms.CharField(
        label=_("How they responded"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In everyday words, with their strengths: what went well, what they chose."),
    )
    next_steps = forms.CharField(
        label=_("Next steps"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    place_of_service = forms.ChoiceField(
        label=_("Place of service"),
        choices=[("", _("Not known yet")), *PlaceOfService.choices],
        required=False,
    )
    place = forms.CharField(label=_("Where (optional)"), max_length=200, required=False)

    def __init__(self, *args: Any, options: list[GoalOption], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.options = options
        self.fields["goal_choice"].choices = [  # type: ignore[attr-defined]  # a ChoiceField
            *((str(i), f"{o.text} ({o.origin})") for i, o in enumerate(options)),
            (OWN_WORDS, _("Another goal, written below")),
        ]

    @classmethod
    def initial_for(cls, version: NoteVersion, options: list[GoalOption]) -> dict[str, Any]:
        chosen = next(
            (
                str(i)
                for i, o in enumerate(options)
                if o.source == version.goal_source and o.text == version.goal
            ),
            None,
        )
        return {
            "goal_choice": chosen or OWN_WORDS,
            "goal_own": "" if chosen else version.goal,
            "did": version.did,
            "response": version.response,
            "next_steps": version.next_steps,
            "place_of_service": version.place_of_service,
            "place": version.place,
        }

    def words(self) -> dict[str, str]:
        """The cleaned data as `services.save_note` takes it."""
        data = self.cleaned_data
        choice = data.get("goal_choice") or OWN_WORDS
        if choice != OWN_WORDS:
            option = self.options[int(choice)]
            goal, source = option.text, option.source
        else:
            goal, source = data["goal_own"], ""
        return {
            "goal": goal,
            "goal_source": source,
            "did": data["did"],
            "response": data["response"],
            "next_steps": data["next_steps"],
            "place_of_service": data["place_of_service"],
            "place": data["place"],
        }


class EntryForm(forms.Form):
    body = forms.CharField(
        label=_("Your words"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What to change"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class NoteSettingsForm(forms.Form):
    cosign_required = forms.BooleanField(
        label=_("A supervisor co-signs every note"),
        required=False,
        help_text=_(
            "Signed notes wait for a supervisor, who co-signs or returns them with a comment."
        ),
    )
    release_delay_days = forms.IntegerField(
        label=_("Days before members can read a signed note"),
        min_value=0,
        max_value=60,
        initial=0,
        help_text=_("0 means at once. Members read their own notes: nothing about us without us."),
    )
