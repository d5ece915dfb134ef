"""Input for sign-up, profiles, consent, roles and two-factor codes. Forms validate; services act."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.contrib.auth.password_validation import (
    password_validators_help_texts,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from .choices import Audience, ConsentScope, Language, Role, Topic
from .models import SHAREABLE_FIELDS, TIME_ZONES, Profile, Program, User

_LIST_CHOICES = {"languages": Language.choices, "lived_experience": Topic.choices}


def label_for(field: str, value: str) -> str:
    return str(dict(_LIST_CHOICES[field]).get(value, value))


class SignUpForm(forms.Form):
    username = forms.RegexField(
        label=_("Pseudonym"),
        max_length=40,
        regex=r"^[\w.-]+$",
        help_text=_("The name you sign in with. It does not need to be your real name."),
        error_messages={
            "invalid": _("Use letters, numbers, dots, dashes or underscores, with no spaces.")
        },
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    display_name = forms.CharField(
        label=_("What should people call you? (optional)"),
        max_length=60,
        required=False,
        help_text=_("Shown to the people you talk with. Leave empty to use your pseudonym."),
    )
    email = forms.EmailField(
        label=_("Email (optional)"),
        required=False,
        help_text=_("Only used to help you get back in and, if you ask, for reminders."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}, render_value=True),
    )
    password_again = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}, render_value=True),
    )

    def __init__(self, *args: Any, programs: list[Program] | None = None, **kwargs: Any) -> None:
        """With `programs` (several open for sign-ups and no link naming one), the person chooses which
        to join; nothing is chosen for them."""
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = " ".join(
            str(t) for t in password_validators_help_texts()
        )
        if programs:
            self.fields["program"] = forms.TypedChoiceField(
                label=_("Which program would you like to join?"),
                help_text=_(
                    "Each program is run by its own organisation, with its own peer supporters."
                ),
                choices=[(p.pk, p.name) for p in programs],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Please choose the program you would like to join."),
                    "invalid_choice": _("Please choose one of the programs listed."),
                },
            )
            self.order_fields(["program"])
            self._programs = {p.pk: p for p in programs}

    def chosen_program(self) -> Program | None:
        """The program chosen on the form (None when the form offered no choice)."""
        return getattr(self, "_programs", {}).get(self.cleaned_data.get("program"))

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("Someone already uses that pseudonym. Please try another one."))
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password, again = data.get("password"), data.get("password_again")
        if password and again and password != again:
            self.add_error(
                "password_again", _("The two passwords are not the same. Please type them again.")
            )
        elif password:
            candidate = User(
                username=data.get("username", ""),
                display_name=data.get("display_name", ""),
                email=data.get("email", ""),
            )
            try:
                validate_password(password, candidate)
            except ValidationError as error:
                self.add_error("password", error)
        return data


class LongSelect(forms.Select):
    """A <select> for long lists such as the ~600 time zones, built in one pass: Django renders each option
    through its own template, which cost ~35 ms of CPU per profile page (docs/benchmarks.md)."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, mark_safe(" selected") if str(key) == chosen else "", label)  # noqa: S308  # constant
                for key, label in self.choices
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            options,
        )


class ProfileForm(forms.ModelForm):  # type: ignore[type-arg]
    display_name = forms.CharField(
        label=_("Display name"), max_length=60, help_text=_("Shown to the people you talk with.")
    )
    email = forms.EmailField(
        label=_("Email (optional)"),
        required=False,
        help_text=_("Only used to help you get back in and for reminders you ask for."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    lived_experience = forms.MultipleChoiceField(
        label=_("Lived experience you choose to share"),
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    time_zone = forms.ChoiceField(
        widget=LongSelect,
        label=_("Time zone"),
        required=False,
        choices=[("", "—")] + [(z, z.replace("_", " ")) for z in TIME_ZONES],
    )

    class Meta:
        model = Profile
        fields = [*SHAREABLE_FIELDS, "larger_text", "reduced_motion"]
        help_texts = {
            "gender": _("In your own words, if you like."),
            "race_ethnicity": _("In your own words, if you like."),
            "lived_experience_note": _("Anything else about your experience you want to share."),
        }

    def __init__(self, data: Any = None, *, user: User) -> None:
        super().__init__(data, instance=user.profile)
        self.fields["display_name"].initial = user.display_name
        self.fields["email"].initial = user.email
        for name in SHAREABLE_FIELDS:
            self.fields[f"{name}__audience"] = forms.ChoiceField(
                label=_("Who can see this?"),
                choices=Audience.choices,
                initial=user.profile.audience(name),
            )

    def field_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        """Each shareable field beside the choice of who may see it, for the template."""
        return [(self[name], self[f"{name}__audience"]) for name in SHAREABLE_FIELDS]

    def profile_fields(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in (*SHAREABLE_FIELDS, "larger_text", "reduced_motion")
        }

    def visibility(self) -> dict[str, str]:
        return {name: self.cleaned_data[f"{name}__audience"] for name in SHAREABLE_FIELDS}


class ConsentForm(forms.Form):
    grantee = forms.ModelChoiceField(
        label=_("Who may see it"), queryset=User.objects.none(), empty_label=_("Choose a person")
    )
    # Research goes to the program, not to a person: the sharing page has its own part for it.
    scope = forms.ChoiceField(
        label=_("What they may see"),
        choices=[c for c in ConsentScope.choices if c[0] != ConsentScope.RESEARCH],
    )
    expires_on = forms.DateField(
        label=_("Until (optional)"),
        required=False,
        help_text=_("Leave empty to share until you stop it."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    purpose = forms.CharField(label=_("Why (optional)"), max_length=200, required=False)
    includes_substance_use = forms.BooleanField(
        label=_("This includes records about substance use"),
        required=False,
        help_text=_(
            "Federal law (42 CFR Part 2) protects these records. They are only shared if you tick this."
        ),
    )

    def __init__(self, *args: Any, grantees: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["grantee"]
        field.queryset = grantees  # type: ignore[attr-defined]
        # The member's own care team first, in a group of its own: that is nearly always who they mean.
        people = list(grantees)
        team = [(p.pk, str(p)) for p in people if getattr(p, "on_team", False)]
        others = [(p.pk, str(p)) for p in people if not getattr(p, "on_team", False)]
        groups: list[Any] = [("", field.empty_label)]  # type: ignore[attr-defined]
        if team:
            groups.append((_("Your peer supporter and care team"), team))
        if others:
            groups.append(
                (_("Others in your program") if team else _("People in your program"), others)
            )
        field.choices = groups  # type: ignore[attr-defined]

    def clean_expires_on(self) -> Any:
        day = self.cleaned_data.get("expires_on")
        if day is not None and day < timezone.localdate():
            raise ValidationError(_("Choose today or a later date, or leave it empty."))
        return day

    def expires_at(self) -> datetime | None:
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        return timezone.make_aware(datetime.combine(day, time.max), timezone.get_current_timezone())


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=Role.choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Six-digit code"),
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        error_messages={"invalid": _("Type the six digits your app shows, with no spaces.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class FrontPageForm(forms.Form):
    """The program's words for its public front page: each section in English and in Spanish. Empty
    means the default words, which the page shows as the placeholder."""

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from . import front_page

        names = {"en": _("English"), "es": _("Spanish")}
        for language in front_page.LANGUAGES:
            own = (program.front_page or {}).get(language, {})
            for key, heading, default in front_page.SECTIONS:
                with translation.override(language):
                    placeholder = str(default) % {"program": program.name}
                self.fields[f"{key}_{language}"] = forms.CharField(
                    label=_("%(section)s, in %(language)s")
                    % {"section": heading, "language": names[language]},
                    required=False,
                    max_length=front_page.MAX_WORDS,
                    initial=own.get(key, ""),
                    widget=forms.Textarea(attrs={"rows": 4, "placeholder": placeholder}),
                )

    def words(self) -> dict[str, dict[str, str]]:
        from . import front_page

        return {
            language: {key: self.cleaned_data[f"{key}_{language}"] for key in front_page.KEYS}
            for language in front_page.LANGUAGES
        }
