"""Small presentation filters for plan pages: reading a field, an id for it, its contacts."""

from __future__ import annotations

from typing import Any

from django import template

from ..models import Contact, Plan, contacts_in

register = template.Library()


@register.filter
def field_value(plan: Plan, key: str) -> str:
    return plan.value(key)


@register.filter
def get_item(content: dict[str, Any], key: str) -> Any:
    return content.get(key, "")


@register.filter
def field_id(key: str) -> str:
    return "f-" + key.replace(".", "-").replace("_", "-")


@register.filter
def contacts(text: str) -> list[Contact]:
    return contacts_in(text)
