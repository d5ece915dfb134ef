"""What a forum post that raised a safety escalation looks like on the escalation's page: the post's
words (the title too, for a thread's opening post: both were assessed), the few posts before it in
the thread, and a link to it (registered with `safety.sources` in `ForumsConfig.ready()`).

The escalation's source is the thread (`source_id`) and the post (`source_item`). Who may read it is
decided before, by `safety.selectors.access_escalation`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.safety.moderation.selectors import waiting_hold_of
from alongside.safety.sources import Line, Trigger

from .models import Post, PostStatus
from .selectors import is_moderator

TARGET_KIND = "forum_post"  # as forums.services names it
ESCALATION_CONTEXT = 5  # posts shown before the one that raised an escalation


def _window(escalation: Any, post_id: int) -> list[Post]:
    """The post and the few before it in the thread, oldest first: published ones, and the person's
    own whatever their state (held, hidden): staff read what the person wrote."""
    return list(
        reversed(
            Post.objects.filter(thread_id=escalation.source_id, pk__lte=post_id)
            .filter(Q(status=PostStatus.PUBLISHED) | Q(author_id=escalation.person_id))
            .select_related("author", "thread")
            .order_by("-pk")[: ESCALATION_CONTEXT + 1]
        )
    )


def _words(post: Post) -> str:
    return post.search_text or post.body


def _author(post: Post, person_id: int) -> str:
    """Whose post: the person's own by name (the page is about them); someone else's anonymous post
    stays anonymous, as it is to members."""
    if post.is_anonymous and post.author_id != person_id:
        return _("Anonymous")
    return str(post.author)


def escalation_trigger(escalation: Any, item: int | None = None) -> Trigger | None:
    """The post that opened a forum escalation (or, with `item`, one of the person's posts shown
    before it), and the few posts before that in the thread."""
    first = escalation.source_item
    if not first:
        return None
    if item is not None and item != first:
        shown = {
            p.pk for p in _window(escalation, first)[:-1] if p.author_id == escalation.person_id
        }
        if item not in shown:
            return None
    found = _window(escalation, item or first)
    if not found or found[-1].pk != (item or first):
        return None
    *earlier, post = found
    before = [
        Line(
            author=_author(p, escalation.person_id),
            words=_words(p),
            at=p.created_at,
            by_the_person=p.author_id == escalation.person_id,
            item=p.pk,
        )
        for p in earlier
    ]
    return Trigger(
        words=_words(post),
        at=post.created_at,
        label_kind=TARGET_KIND,
        label_id=post.pk,
        assessed_level=post.risk_level,
        before=before,
        context=[line.words for line in before if line.by_the_person][-3:],
        changed_after=False,
    )


def escalation_link(escalation: Any, viewer: User) -> str:
    """For a moderator (a supervisor or administrator of the program): the held post in the
    moderation queue while it waits for them, else the post in its thread. For anyone else, the
    post in its thread once it is published; "" when they could not open it."""
    post = (
        Post.objects.filter(
            pk=escalation.source_item,
            thread_id=escalation.source_id,
            thread__program_id=escalation.program_id,
        )
        .select_related("thread")
        .first()
    )
    if post is None:
        return ""
    moderator = is_moderator(viewer, escalation.program_id)
    if moderator and post.status == PostStatus.HELD:
        hold = waiting_hold_of(TARGET_KIND, post.pk)
        if hold is not None:
            return f"{reverse('moderation:queue')}#hold-{hold}"
    if moderator or (post.is_published and post.thread.is_published):
        return post.get_absolute_url()
    return ""
