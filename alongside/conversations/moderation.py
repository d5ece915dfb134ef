"""Conversation messages as a moderation target: a person in the conversation reports one, a moderator
hides it (see `alongside.safety.moderation.targets`). Registered from conversations' AppConfig.ready()."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import User
from alongside.safety.moderation import targets
from alongside.safety.moderation.models import EXCERPT

from . import selectors, services

TARGET_KIND = "message"


def _find(viewer: User, message_id: int) -> targets.Target | None:
    """A conversation message whose words the viewer can read: conversations decides who may."""
    try:
        message = selectors.access_message(
            viewer, message_id, purpose="Opened a message to report it"
        )
    except Http404:
        return None
    return targets.Target(
        kind=TARGET_KIND,
        id=message.pk,
        program_id=message.conversation.program_id,
        author=message.sender,
        excerpt=message.body[:EXCERPT],
        url=f"{message.conversation.get_absolute_url()}#m-{message.seq}",
    )


def _hide(message_id: int, hidden: bool, reason: str) -> None:
    services.set_message_hidden(message_id=message_id, hidden=hidden, reason=reason)


def register() -> None:
    targets.register(TARGET_KIND, targets.TargetKind(label=_("a message"), find=_find, hide=_hide))
