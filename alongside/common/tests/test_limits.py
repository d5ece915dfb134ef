"""Every text a person types has a stated limit (issue 22): a form field without `max_length` would take a
30,000-character reply without a word, and the limit is what shell.js counts down under the field."""

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

from django import forms

import alongside

_SKIP = (".tests", ".migrations", ".bench", ".management")
_TEXT_INPUT = re.compile(r"<(textarea|input)\b[^>]*>", re.S)
_NOT_TEXT = re.compile(
    r'type="(hidden|checkbox|radio|submit|number|date|time|datetime-local|file|password|range|button)"'
)


def _forms() -> list[type[forms.BaseForm]]:
    found = []
    for module in pkgutil.walk_packages(alongside.__path__, "alongside."):
        if any(part in module.name for part in _SKIP):
            continue
        loaded = importlib.import_module(module.name)
        found += [
            value
            for value in vars(loaded).values()
            if inspect.isclass(value)
            and issubclass(value, forms.BaseForm)
            and value.__module__ == loaded.__name__
        ]
    return found


def test_every_text_field_of_every_form_has_a_limit():
    unlimited = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in _forms()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.CharField)
        and not field.max_length
        and not isinstance(field.widget, forms.HiddenInput | forms.PasswordInput)
    ]
    assert len(_forms()) > 30  # the walk found the apps' forms
    assert unlimited == []


def test_every_text_box_written_by_hand_in_a_template_has_a_limit():
    unlimited = []
    for template in Path(alongside.__file__).parent.rglob("templates/**/*.html"):
        for tag in _TEXT_INPUT.finditer(template.read_text()):
            html = tag.group(0)
            if "{{" in html.split(" ", 1)[0] or _NOT_TEXT.search(html) or "readonly" in html:
                continue
            if "maxlength" not in html:
                unlimited.append(f"{template.name}: {html[:80]}")
    assert unlimited == []
