"""Forum posts as a moderation target: readers report them, moderators hide them, held ones are
released (see `alongside.safety.moderation.targets`)."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import User
from alongside.safety.moderation import targets
from alongside.safety.moderation.models import EXCERPT
from alongside.safety.moderation.targets import Target

from .selectors import access_post
from .services import release_post, set_post_hidden

TARGET_KIND = "forum_post"


def _find(viewer: User, post_id: int) -> Target | None:
    try:
        post = access_post(viewer, post_id)
    except Http404:
        return None
    return Target(
        kind=TARGET_KIND,
        id=post.pk,
        program_id=post.thread.program_id,
        author=post.author,
        excerpt=post.body[:EXCERPT],
        url=post.get_absolute_url(),
    )


def _hide(post_id: int, hidden: bool, reason: str) -> None:
    set_post_hidden(post_id, hidden, reason)


def _release(post_id: int, approved: bool) -> None:
    release_post(post_id, approved)


def register() -> None:
    targets.register(
        TARGET_KIND,
        targets.TargetKind(label=_("a forum post"), find=_find, hide=_hide, release=_release),
    )
