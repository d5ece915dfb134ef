"""Every change in forums: threads, replies, edits, reactions, follows, a reader's settings, and what
moderation does to a post (hold, release, hide).

Every post and edit passes `safety.assess` before it is stored; `high` and `imminent` open an
escalation (source kind "forum post") and hold the post for a moderator, first in their queue, instead
of publishing it. New members' posts may be held too (`safety.moderation`). Readers of a thread hear
about each newly published reply after commit (`realtime.reply_event`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.choices import Topic
from alongside.accounts.models import Program, User
from alongside.live import broadcast
from alongside.safety import Assessment, Level, assess
from alongside.safety.moderation.selectors import may_post
from alongside.safety.moderation.services import hold, should_hold
from alongside.safety.services import open_escalation

from . import realtime, selectors
from .models import (
    MAX_BODY,
    MAX_TITLE,
    MAX_WARNING_NOTE,
    Board,
    Follow,
    Post,
    PostStatus,
    Reaction,
    ReactionKind,
    ReaderSettings,
    Thread,
)
from .models import Warning as WarningTheme
from .text import render

TARGET_KIND = "forum_post"  # the moderation target kind, and the escalation's source kind


# --- hooks into safety --------------------------------------------------------------------------


def _open_escalation(post: Post, program: Program, level: Level, reasons: list[str]) -> None:
    """A worrying post opens (or joins) its author's escalation for the thread."""
    open_escalation(
        program=program,
        person=post.author,
        source_kind=TARGET_KIND,
        source_id=post.thread_id,
        source_item=post.pk,
        level=level,
        reasons=reasons,
    )


def _should_hold(author: User, program: Program) -> bool:
    return should_hold(author, program)


def _hold(post: Post, program: Program) -> None:
    hold(
        author=post.author,
        program=program,
        target_kind=TARGET_KIND,
        target_id=post.pk,
        excerpt=post.body,
        risk_level=post.risk_level,
    )


def _check_may_post(author: User, program: Program) -> None:
    allowed, why = may_post(author, program)
    if not allowed:
        raise ValidationError({"body": why})


# --- writing ------------------------------------------------------------------------------------


def _clean_words(
    *, body: str, warnings: Iterable[str], warning_note: str, title: str | None = None
) -> tuple[str, list[str], str, str | None]:
    errors: dict[str, str] = {}
    body = body.strip()
    if not body:
        errors["body"] = _("Please write something first.")
    elif len(body) > MAX_BODY:
        errors["body"] = _("Please keep a post under %(n)s characters.") % {"n": MAX_BODY}
    if title is not None:
        title = " ".join(title.split())
        if not title:
            errors["title"] = _("Please give your thread a title.")
        elif len(title) > MAX_TITLE:
            errors["title"] = _("Please keep the title under %(n)s characters.") % {"n": MAX_TITLE}
    chosen = sorted(set(warnings))
    if any(code not in WarningTheme.values for code in chosen):
        errors["warnings"] = _("Please choose warnings from the list.")
    warning_note = " ".join(warning_note.split())
    if len(warning_note) > MAX_WARNING_NOTE:
        errors["warning_note"] = _("Please keep the warning short.")
    if warning_note and WarningTheme.OTHER not in chosen:
        chosen.append(WarningTheme.OTHER)
    if errors:
        raise ValidationError(errors)
    return body, chosen, warning_note, title


def _escalate_if_needed(post: Post, program: Program, assessment: Assessment) -> None:
    if assessment.level.opens_escalation:
        _open_escalation(post, program, assessment.level, list(assessment.reasons))


def _publish_counts(post: Post, at: datetime) -> None:
    """A post became visible to everyone: the thread and board counters and times follow."""
    thread = post.thread
    if post.is_opening:
        Thread.objects.filter(pk=thread.pk).update(is_published=True)
        Board.objects.filter(pk=thread.board_id).update(
            thread_count=F("thread_count") + 1, last_post_at=at
        )
    else:
        Thread.objects.filter(pk=thread.pk).update(
            reply_count=F("reply_count") + 1, last_post_at=at
        )
        Board.objects.filter(pk=thread.board_id).update(last_post_at=at)
        broadcast.broadcast_on_commit(realtime.thread_group(thread.pk), realtime.reply_event(post))


def _unpublish_counts(post: Post) -> None:
    """A published post went back to the moderators: the thread and board counters follow."""
    if post.is_opening:
        Thread.objects.filter(pk=post.thread_id).update(is_published=False)
        Board.objects.filter(pk=post.thread.board_id, thread_count__gt=0).update(
            thread_count=F("thread_count") - 1
        )
    else:
        Thread.objects.filter(pk=post.thread_id, reply_count__gt=0).update(
            reply_count=F("reply_count") - 1
        )


def _store(post: Post, program: Program, title: str = "") -> Post:
    """Assess, save, hold or publish, and follow."""
    post.search_text = f"{title}\n{post.body}" if title else post.body
    post.body_html = render(post.body)
    assessment = assess(post.search_text)  # safety sits in the path, before anyone sees it
    post.risk_level = assessment.level.value
    # Crisis words are not published to everyone at once: a moderator reads them first.
    held = assessment.level.opens_escalation or _should_hold(post.author, program)
    post.status = PostStatus.HELD if held else PostStatus.PUBLISHED
    post.save()
    _escalate_if_needed(post, program, assessment)
    if held:
        _hold(post, program)
    else:
        _publish_counts(post, post.created_at)
    follow_thread(person=post.author, thread=post.thread, seen_post_id=post.pk)
    return post


@transaction.atomic
def start_thread(
    *,
    author: User,
    board: Board,
    title: str,
    body: str,
    warnings: Iterable[str] = (),
    warning_note: str = "",
    anonymous: bool = False,
) -> Thread:
    """Open a thread on a board with its first post."""
    program = selectors.forum_program(author)
    if board.program_id != program.pk:
        raise ValidationError({"board": _("We could not find that board.")})
    body, chosen, warning_note, clean_title = _clean_words(
        body=body, warnings=warnings, warning_note=warning_note, title=title
    )
    _check_may_post(author, program)
    now = timezone.now()
    thread = Thread.objects.create(
        board=board,
        program=program,
        author=author,
        title=clean_title or "",
        is_anonymous=anonymous,
        is_published=False,
        last_post_at=now,
    )
    post = Post(
        thread=thread,
        author=author,
        is_opening=True,
        body=body,
        is_anonymous=anonymous,
        warnings=chosen,
        warning_note=warning_note,
    )
    _store(post, program, title=thread.title)
    thread.is_published = post.is_published
    return thread


@transaction.atomic
def reply(
    *,
    author: User,
    thread: Thread,
    body: str,
    warnings: Iterable[str] = (),
    warning_note: str = "",
    anonymous: bool = False,
) -> Post:
    """Add a reply to a thread the author may see; its readers hear of it once it is published."""
    program = selectors.forum_program(author)
    thread = selectors.access_thread(author, thread.pk)
    body, chosen, warning_note, _title = _clean_words(
        body=body, warnings=warnings, warning_note=warning_note
    )
    _check_may_post(author, program)
    post = Post(
        thread=thread,
        author=author,
        body=body,
        is_anonymous=anonymous,
        warnings=chosen,
        warning_note=warning_note,
    )
    return _store(post, program)


@transaction.atomic
def edit_post(
    *,
    editor: User,
    post_id: int,
    body: str,
    warnings: Iterable[str] = (),
    warning_note: str = "",
    title: str | None = None,
) -> Post:
    """Change one's own post within the edit window; the new words are assessed again."""
    post = selectors.access_post(editor, post_id)
    if post.author_id != editor.pk:
        raise ValidationError({"body": _("Only the person who wrote a post can change it.")})
    if not post.may_edit(editor.pk):
        raise ValidationError(
            {"body": _("Posts can be changed for 15 minutes after they are written.")}
        )
    program = selectors.forum_program(editor)
    body, chosen, warning_note, clean_title = _clean_words(
        body=body,
        warnings=warnings,
        warning_note=warning_note,
        title=title if post.is_opening else None,
    )
    if clean_title is not None:
        Thread.objects.filter(pk=post.thread_id).update(title=clean_title)
        post.thread.title = clean_title
    post.body, post.warnings, post.warning_note = body, chosen, warning_note
    post.body_html = render(body)
    post.search_text = f"{post.thread.title}\n{body}" if post.is_opening else body
    post.edited_at = timezone.now()
    assessment = assess(post.search_text)
    post.risk_level = assessment.level.value
    post.save(
        update_fields=[
            "body",
            "body_html",
            "search_text",
            "warnings",
            "warning_note",
            "edited_at",
            "risk_level",
            "updated_at",
        ]
    )
    _escalate_if_needed(post, program, assessment)
    if assessment.level.opens_escalation and post.status in (PostStatus.PUBLISHED, PostStatus.HELD):
        # Edited into crisis words: back to the moderators, first in their queue.
        if post.status == PostStatus.PUBLISHED:
            post.status = PostStatus.HELD
            post.save(update_fields=["status", "updated_at"])
            _unpublish_counts(post)
        _hold(post, program)
    return post


@transaction.atomic
def react(*, person: User, post_id: int, kind: str) -> bool:
    """Add one's reaction of `kind`, or take it back if it is there: True when it is now there."""
    if kind not in ReactionKind.values:
        raise ValidationError({"kind": _("Please choose one of the reactions.")})
    post = selectors.access_post(person, post_id)
    deleted, _rows = Reaction.objects.filter(post=post, person=person, kind=kind).delete()
    if deleted:
        return False
    Reaction.objects.get_or_create(post=post, person=person, kind=kind)
    return True


def follow_thread(*, person: User, thread: Thread, seen_post_id: int | None = None) -> Follow:
    found, created = Follow.objects.get_or_create(thread=thread, person=person)
    if seen_post_id is not None and seen_post_id > found.last_seen_post_id:
        found.last_seen_post_id = seen_post_id
        found.save(update_fields=["last_seen_post_id"])
    return found


def unfollow_thread(*, person: User, thread: Thread) -> None:
    Follow.objects.filter(thread=thread, person=person).delete()


def mark_seen(*, person: User, thread: Thread, post_id: int) -> None:
    """Remember the newest post a follower has seen (one statement; nothing when not following)."""
    Follow.objects.filter(thread=thread, person=person, last_seen_post_id__lt=post_id).update(
        last_seen_post_id=post_id
    )


def save_reader_settings(*, person: User, never_show: Iterable[str]) -> ReaderSettings:
    chosen = sorted(set(never_show))
    if any(code not in WarningTheme.values for code in chosen):
        raise ValidationError({"never_show": _("Please choose themes from the list.")})
    found, _created = ReaderSettings.objects.update_or_create(
        person=person, defaults={"never_show": chosen}
    )
    return found


def ensure_boards(program: Program) -> None:
    """One board per topic in the program (made on first visit; existing ones are left alone)."""
    Board.objects.bulk_create(
        [Board(program=program, topic=topic) for topic in Topic.values], ignore_conflicts=True
    )


# --- moderation ---------------------------------------------------------------------------------


@transaction.atomic
def release_post(post_id: int, approved: bool) -> None:
    """A moderator decided a held post: publish it, or keep it back (its author still sees it)."""
    post = Post.objects.select_for_update().select_related("thread").filter(pk=post_id).first()
    if post is None or post.status != PostStatus.HELD:
        return
    post.status = PostStatus.PUBLISHED if approved else PostStatus.KEPT_BACK
    post.save(update_fields=["status", "updated_at"])
    if approved:
        _publish_counts(post, timezone.now())


@transaction.atomic
def set_post_hidden(post_id: int, hidden: bool, reason: str) -> None:
    """A moderator hid a reported post (or put it back)."""
    post = Post.objects.select_for_update().select_related("thread").filter(pk=post_id).first()
    if post is None:
        return
    if hidden and post.status == PostStatus.PUBLISHED:
        post.status, post.moderation_reason = PostStatus.HIDDEN, reason[:300]
        if post.is_opening:
            Thread.objects.filter(pk=post.thread_id).update(is_published=False)
    elif not hidden and post.status == PostStatus.HIDDEN:
        post.status, post.moderation_reason = PostStatus.PUBLISHED, ""
        if post.is_opening:
            Thread.objects.filter(pk=post.thread_id).update(is_published=True)
    post.save(update_fields=["status", "moderation_reason", "updated_at"])
