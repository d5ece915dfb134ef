"""What several apps' forms need."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def show_errors(
    form: forms.BaseForm, error: ValidationError, *, rename: dict[str, str] | None = None
) -> None:
    """A service's refusal onto the form, so the person sees it beside what they typed: each message on
    the field it names (`rename` maps a service's field name to the form's), or on the whole form when the
    form has no such field or the error names none."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, messages in error.message_dict.items():
        name = (rename or {}).get(name, name)
        form.add_error(name if name in form.fields else None, messages)
