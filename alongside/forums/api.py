"""API routes for forums: boards, starting threads, replying and search. The same services, selectors
and access checks as the pages; anonymous posts name no author to members, as on the pages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Query, Router, Status
from pydantic import Field

from alongside.accounts.models import User
from alongside.common.api import ApiError, Schema, caller, field_errors, please_check

from . import selectors, services
from .models import MAX_BODY, MAX_TITLE, Post, Thread

router = Router(tags=["forums"])


class BoardOut(Schema):
    id: int
    topic: str
    name: str
    thread_count: int


class ThreadIn(Schema):
    board: int = Field(description="A board id from GET /api/forums/boards.")
    title: str = Field(max_length=MAX_TITLE)
    body: str = Field(max_length=MAX_BODY, description="Markdown.")
    warnings: list[str] = Field(default_factory=list, description="Content warning codes.")
    warning_note: str = ""
    anonymous: bool = False


class ReplyIn(Schema):
    body: str = Field(max_length=MAX_BODY, description="Markdown.")
    warnings: list[str] = Field(default_factory=list)
    warning_note: str = ""
    anonymous: bool = False


class ThreadOut(Schema):
    id: int
    board: int
    title: str
    author: str
    author_id: int | None = Field(description="Empty when the author posted anonymously.")
    anonymous: bool
    reply_count: int
    held: bool
    last_post_at: datetime


class PostOut(Schema):
    id: int
    thread: int
    author: str
    author_id: int | None
    anonymous: bool
    held: bool
    created_at: datetime


class SearchIn(Schema):
    q: str = Field(min_length=1, max_length=200)


def _author(author: User, anonymous: bool, viewer: User, moderator: bool) -> dict[str, Any]:
    known = not anonymous or moderator or author.pk == viewer.pk
    return {
        "author": selectors.author_label(
            author=author, is_anonymous=anonymous, viewer=viewer, moderator=moderator
        ),
        "author_id": author.pk if known else None,
        "anonymous": anonymous,
    }


def _thread_out(thread: Thread, viewer: User, moderator: bool) -> dict[str, Any]:
    return {
        "id": thread.pk,
        "board": thread.board_id,
        "title": thread.title,
        **_author(thread.author, thread.is_anonymous, viewer, moderator),
        "reply_count": thread.reply_count,
        "held": not thread.is_published,
        "last_post_at": thread.last_post_at,
    }


def _error(error: ValidationError) -> Status[Any]:
    if hasattr(error, "error_dict"):
        errors = field_errors(error)
        return Status(422, {"detail": please_check(errors), "errors": errors})
    return Status(422, {"detail": " ".join(error.messages), "errors": []})


@router.get("/boards", response=list[BoardOut])
def boards(request: HttpRequest) -> list[dict[str, Any]]:
    """The boards of the caller's program, one per topic."""
    program = selectors.forum_program(caller(request, *selectors.FORUM_ROLES))
    found = selectors.boards_of(program)
    if not found:
        services.ensure_boards(program)
        found = selectors.boards_of(program)
    return [
        {"id": b.pk, "topic": b.topic, "name": str(b), "thread_count": b.thread_count}
        for b in found
    ]


@router.post("/threads", response={201: ThreadOut, 422: ApiError})
def start_thread(request: HttpRequest, payload: ThreadIn) -> Status[Any]:
    """Start a thread; it may be held for a quick review (`held`) if the program holds new members'
    posts."""
    user = caller(request, *selectors.FORUM_ROLES)
    try:
        board = selectors.access_board(user, payload.board)
    except Http404:
        return _error(ValidationError({"board": "We could not find that board."}))
    try:
        thread = services.start_thread(
            author=user,
            board=board,
            title=payload.title,
            body=payload.body,
            warnings=payload.warnings,
            warning_note=payload.warning_note,
            anonymous=payload.anonymous,
        )
    except ValidationError as error:
        return _error(error)
    return Status(201, _thread_out(thread, user, moderator=False))


@router.post("/threads/{thread_id}/replies", response={201: PostOut, 422: ApiError})
def reply(request: HttpRequest, thread_id: int, payload: ReplyIn) -> Status[Any]:
    """Reply in a thread the caller may read."""
    user = caller(request, *selectors.FORUM_ROLES)
    thread = selectors.access_thread(user, thread_id)
    try:
        post: Post = services.reply(
            author=user,
            thread=thread,
            body=payload.body,
            warnings=payload.warnings,
            warning_note=payload.warning_note,
            anonymous=payload.anonymous,
        )
    except ValidationError as error:
        return _error(error)
    return Status(
        201,
        {
            "id": post.pk,
            "thread": thread.pk,
            **_author(user, post.is_anonymous, user, moderator=False),
            "held": not post.is_published,
            "created_at": post.created_at,
        },
    )


@router.get("/search", response=list[ThreadOut])
def search(request: HttpRequest, filters: Query[SearchIn]) -> list[dict[str, Any]]:
    """Published threads whose title or posts hold every word of `q`, best match first."""
    user = caller(request, *selectors.FORUM_ROLES)
    program = selectors.forum_program(user)
    moderator = selectors.is_moderator(user, program.pk)
    return [_thread_out(t, user, moderator) for t in selectors.search(program, filters.q)]
