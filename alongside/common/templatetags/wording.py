"""Small helpers for sentences in templates (see `alongside.common.wording`)."""

from django import template
from django.utils.translation import gettext, ngettext

from alongside.common.wording import sentence_end

register = template.Library()
register.filter("sentence_end", sentence_end)


@register.simple_tag
def limit_words() -> dict[str, str]:
    """The words shell.js says under a text field with a limit, in the page's language, with `%(n)s`
    left in for the count. English and Spanish have two plural forms: one, and every other number."""
    words = {"up_to": gettext("Up to %(n)s characters.")}
    for form, n in (("one", 1), ("other", 2)):
        words[f"left_{form}"] = ngettext("%(n)s character left.", "%(n)s characters left.", n)
        words[f"over_{form}"] = ngettext(
            "%(n)s character too many. Please shorten it to save.",
            "%(n)s characters too many. Please shorten it to save.",
            n,
        )
    return words
