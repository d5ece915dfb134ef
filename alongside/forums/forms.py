"""Forms for threads, replies, edits and a reader's settings. Nothing here saves."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_BODY, MAX_TITLE, MAX_WARNING_NOTE
from .models import Warning as WarningTheme


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Your words"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("You can use markdown: **bold**, *italic*, lists and links."),
    )
    warnings = forms.MultipleChoiceField(
        label=_("Content warnings"),
        choices=WarningTheme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Readers see these first and choose whether to show your words."),
    )
    warning_note = forms.CharField(
        label=_("Describe another warning (optional)"),
        max_length=MAX_WARNING_NOTE,
        required=False,
    )
    anonymous = forms.BooleanField(
        label=_("Post anonymously"),
        required=False,
        help_text=_(
            "Other members will not see your name. Moderators still can, to keep people safe."
        ),
    )

    def words(self) -> dict[str, object]:
        data = self.cleaned_data
        return {
            "body": data["body"],
            "warnings": data["warnings"],
            "warning_note": data["warning_note"],
            "anonymous": data["anonymous"],
        }


class ThreadForm(PostForm):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE)
    field_order = ["title", "body", "warnings", "warning_note", "anonymous"]

    def words(self) -> dict[str, object]:
        return {"title": self.cleaned_data["title"], **super().words()}


class EditForm(PostForm):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE, required=False)
    field_order = ["title", "body", "warnings", "warning_note"]

    def __init__(self, *args: object, opening: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        del self.fields["anonymous"]
        if opening:
            self.fields["title"].required = True
        else:
            del self.fields["title"]


class ReaderSettingsForm(forms.Form):
    never_show = forms.MultipleChoiceField(
        label=_("Never show me posts about"),
        choices=[c for c in WarningTheme.choices if c[0] != WarningTheme.OTHER],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Posts with these warnings stay closed for you, with no button to open them. "
            "You can change this at any time."
        ),
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the boards"), max_length=200, required=False)
