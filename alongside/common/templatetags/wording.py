"""Small helpers for sentences in templates."""

from typing import Any

from django import template

register = template.Library()


@register.filter
def sentence_end(value: Any) -> str:
    """A name that ends a sentence, without its own full stop ("Tomás T.", "Harbor Inc."): the
    sentence's full stop follows it, so it never reads "T..". Escaped as usual by the template."""
    text = str(value)
    return text[:-1] if text.endswith(".") else text
