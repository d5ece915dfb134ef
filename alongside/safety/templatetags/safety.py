"""The conversation page's safety parts, so that page needs no safety code of its own: the crisis
panel for the person who wrote, the protocol for the peer supporter. One query (see the selector)."""

from typing import Any

from django import template

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


@register.filter
def sentence_end(value: Any) -> str:
    """A name or a date that ends a sentence, without its own full stop ("p.m.", "Jr."): the
    sentence's full stop follows it, so "since 1:38 p.m." never reads "p.m..". Escaped as usual."""
    text = str(value)
    return text[:-1] if text.endswith(".") else text
