"""Input for training's pages: taking a module, credentials and hours, writing courses, requirements."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from . import ce
from .models import CECategory, Competency, Course, CredentialKind, CredentialStatus, Module

DATE = forms.DateInput(attrs={"type": "date"})


class ModuleForm(forms.Form):
    """A learner's reflection and quiz answers; one radio field per question, named q<id>."""

    reflection = forms.CharField(
        label=_("Your reflection"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Only you can read it. Writing one is up to you."),
    )

    def __init__(self, *args: Any, module: Module, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if module.reflection_prompt:
            self.fields["reflection"].label = module.reflection_prompt
        for question in module.questions.all():
            self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                label=question.text,
                choices=list(enumerate(question.choices)),
                coerce=int,
                widget=forms.RadioSelect,
                required=True,
                error_messages={"required": _("Please choose an answer.")},
            )

    def answers(self) -> dict[int, int]:
        return {
            int(name[1:]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("q") and value is not None
        }


class CredentialForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of credential"), choices=CredentialKind.choices)
    issuer = forms.CharField(label=_("Issued by"), max_length=160)
    number = forms.CharField(label=_("Number"), max_length=64, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=CredentialStatus.choices, initial=CredentialStatus.ACTIVE
    )
    issued_on = forms.DateField(label=_("Issued on"), widget=DATE)
    expires_on = forms.DateField(
        label=_("Expires on"),
        widget=DATE,
        help_text=_("The first day it is no longer valid."),
    )
    background_check_on = forms.DateField(
        label=_("Background check done on"), required=False, widget=DATE
    )
    ce_rule = forms.ChoiceField(
        label=_("Continuing-education rule"),
        required=False,
        choices=[("", _("None"))] + [(key, rule.name) for key, rule in ce.RULES.items()],
    )
    document = forms.FileField(
        label=_("A copy of the certificate"),
        required=False,
        help_text=_(
            "A PDF or a photo (PNG or JPEG), at most 10 MB. Only you and your "
            "supervisors can open it."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )


class HoursForm(forms.Form):
    title = forms.CharField(label=_("Training"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=CECategory.choices)
    hours = forms.DecimalField(
        label=_("Hours"), min_value=Decimal("0.25"), max_value=Decimal(100), decimal_places=2
    )
    completed_on = forms.DateField(label=_("Completed on"), widget=DATE)


class CourseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    translation_of = forms.ModelChoiceField(
        label=_("Translation of"),
        queryset=Course.objects.none(),
        required=False,
        empty_label=_("Nothing: an original course"),
    )
    competencies = forms.MultipleChoiceField(
        label=_("Core competencies (SAMHSA)"),
        choices=Competency.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    pass_mark = forms.IntegerField(label=_("Pass mark (percent)"), min_value=0, max_value=100)
    ce_hours = forms.DecimalField(
        label=_("Continuing-education hours"), min_value=Decimal(0), max_value=Decimal(100)
    )
    ce_category = forms.ChoiceField(label=_("Hours count as"), choices=CECategory.choices)
    is_published = forms.BooleanField(label=_("Published: supporters can take it"), required=False)

    def __init__(self, *args: Any, originals: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["translation_of"].queryset = originals  # type: ignore[attr-defined]


class ModuleEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    body = forms.CharField(
        label=_("Text"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Markdown: ## for a heading, - for a list, [words](https://…) for a link or a video."
        ),
    )
    reflection_prompt = forms.CharField(
        label=_("Reflection prompt"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    questions = forms.CharField(
        label=_("Quiz"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "A question on one line, then its choices, each on its own line: the right one "
            "starting with *, the others with -. A blank line between questions."
        ),
    )


class RequirementsForm(forms.Form):
    """What one activity requires (one form per activity, with the activity as its prefix)."""

    courses = forms.ModelMultipleChoiceField(
        label=_("Courses"),
        queryset=Course.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    credential = forms.BooleanField(label=_("A current credential"), required=False)
    attestation = forms.BooleanField(
        label=_("This year's code-of-ethics attestation"), required=False
    )

    def __init__(self, *args: Any, originals: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["courses"].queryset = originals  # type: ignore[attr-defined]
