"""Small helpers for sentences built around names and dates."""

from typing import Any


def sentence_end(value: Any) -> str:
    """A name or a date that ends a sentence, without its own full stop ("Tomás T.", "1:38 p.m."): the
    sentence's full stop follows it, so it never reads "T..". In templates: `{% load wording %}`."""
    text = str(value)
    return text[:-1] if text.endswith(".") else text
