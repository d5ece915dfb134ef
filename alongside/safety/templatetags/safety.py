"""The conversation page's safety parts, so that page needs no safety code of its own: the crisis
panel for the person who wrote, the protocol for the peer supporter. One query (see the selector)."""

from typing import Any

from django import template

from alongside.common.wording import sentence_end
from alongside.safety import selectors

register = template.Library()


@register.inclusion_tag("safety/_conversation_safety.html", takes_context=True)
def conversation_safety(context: dict[str, Any], conversation: Any, seat: Any) -> dict[str, Any]:
    request = context["request"]
    program = context.get("program") or conversation.program
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "program": program,
        "seat": seat,
        "safety": selectors.conversation_safety(conversation.pk, program, request.user),
    }


# The same filter as `{% load wording %}`, so that safety's templates need one `load` only.
register.filter("sentence_end", sentence_end)
