"""The safety parts of pages, so those pages need no safety code of their own: on a conversation, the
crisis panel for the person who wrote and the protocol for the peer supporter; on a forum thread, the
crisis panel for its writer. One query each (see the selectors)."""

from typing import Any

from django import template

from alongside.common.wording import sentence_end
from alongside.safety import reasons, selectors

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
        "conversation_id": conversation.pk,
        "safety": selectors.conversation_safety(conversation.pk, program, request.user),
    }


@register.inclusion_tag("safety/_crisis_panel.html", takes_context=True)
def writer_crisis_panel(
    context: dict[str, Any],
    program: Any,
    source_kind: str,
    source_id: int,
    lead: str = "",
    back: str = "",
    oob: bool = False,
) -> dict[str, Any]:
    """The crisis panel for a place other than a conversation (a forum thread): open while the viewer
    has an open escalation from it. `lead` replaces the panel's first words, `back` is where "Talk to
    a person now" returns to, and `oob` marks it for an htmx out-of-band swap."""
    request = context["request"]
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "program": program,
        "lead": lead,
        "back": back,
        "oob": oob,
        "safety": selectors.writer_safety(
            program, request.user, source_kind=source_kind, source_id=source_id
        ),
    }


# The same filter as `{% load wording %}`, so that safety's templates need one `load` only.
register.filter("sentence_end", sentence_end)
# Why the app raised an escalation, in the reader's language (stored in English: `safety.reasons`).
register.filter("reason_in_words", reasons.in_words)
register.filter("reasons_in_words", reasons.lines_in_words)
