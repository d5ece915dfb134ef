"""Small helpers for sentences in templates (see `alongside.common.wording`)."""

from django import template

from alongside.common.wording import sentence_end

register = template.Library()
register.filter("sentence_end", sentence_end)
