"""Reads for forums: who may use them, one board or thread with access checks, the pages' lists, and
full-text search on PostgreSQL or SQLite behind one `search(program, q)`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from alongside.accounts.choices import Role
from alongside.accounts.models import Program, User
from alongside.accounts.selectors import standing
from alongside.audit.services import record_access

from .models import Board, Follow, Post, PostStatus, Reaction, ReactionKind, ReaderSettings, Thread
from .models import Warning as WarningTheme

FORUM_ROLES = (Role.MEMBER, Role.SUPPORTER, Role.SUPERVISOR, Role.ADMIN)
MODERATORS = (Role.SUPERVISOR, Role.ADMIN)
POSTS_PER_PAGE = 50
THREADS_PER_PAGE = 30
SEARCH_LIMIT = 50


# --- who may ---------------------------------------------------------------------------------------


def forum_program(user: Any) -> Program:
    """The program whose boards `user` may read and post in; Http404 for anyone else (clinicians read
    only what members consent to share, so the community's boards are not theirs)."""
    found = standing(user)
    if found.program is None or not found.has(*FORUM_ROLES):
        raise Http404
    return found.program


def is_moderator(user: Any, program_id: int) -> bool:
    """A supervisor or administrator of that program: they see held posts and anonymous authors."""
    found = standing(user)
    return found.program is not None and found.program.pk == program_id and found.has(*MODERATORS)


def access_board(viewer: User, board_id: int) -> Board:
    program = forum_program(viewer)
    board = Board.objects.filter(pk=board_id, program=program).first()
    if board is None:
        raise Http404
    return board


def access_thread(viewer: User, thread_id: int) -> Thread:
    """The thread if it is in the viewer's program and published (or their own, or they moderate)."""
    program = forum_program(viewer)
    thread = (
        Thread.objects.select_related("board", "author")
        .filter(pk=thread_id, program=program)
        .first()
    )
    if thread is None:
        raise Http404
    if (
        not thread.is_published
        and thread.author_id != viewer.pk
        and not is_moderator(viewer, program.pk)
    ):
        raise Http404
    return thread


def access_post(viewer: User, post_id: int) -> Post:
    """One post the viewer may see (published, their own, or held for a moderator)."""
    program = forum_program(viewer)
    post = (
        Post.objects.visible_to(viewer.pk, moderator=is_moderator(viewer, program.pk))
        .select_related("thread", "thread__board", "author")
        .filter(pk=post_id, thread__program=program)
        .first()
    )
    if post is None:
        raise Http404
    return post


# --- what a reader sees ---------------------------------------------------------------------------


def never_show_of(person: User) -> list[str]:
    found = (
        ReaderSettings.objects.filter(person=person).values_list("never_show", flat=True).first()
    )
    return list(found or [])


def author_label(*, author: User, is_anonymous: bool, viewer: User, moderator: bool) -> str:
    """Whose words, as this viewer may know it: members never learn who posted anonymously."""
    if not is_anonymous:
        return str(author)
    if author.pk == viewer.pk:
        return _("You (anonymous to members)")
    if moderator:
        return _("%(name)s (anonymous to members)") % {"name": author}
    return _("Anonymous")


@dataclass
class ShownPost:
    """One post as one reader sees it."""

    post: Post
    author: str
    warnings: list[str]  # labels of the author's warnings, the free text last
    suppressed: list[str] = field(default_factory=list)  # the reader's never-show themes it has
    counts: dict[str, int] = field(default_factory=dict)
    mine: set[str] = field(default_factory=set)
    may_edit: bool = False

    @property
    def reactions(self) -> list[tuple[str, str, int, bool]]:
        return [
            (kind.value, str(kind.label), self.counts.get(kind.value, 0), kind.value in self.mine)
            for kind in ReactionKind
        ]


def warning_labels(post: Post) -> list[str]:
    labels = [
        str(WarningTheme(code).label)
        for code in post.warnings
        if code in WarningTheme.values and code != WarningTheme.OTHER
    ]
    if post.warning_note:
        labels.append(post.warning_note)
    elif WarningTheme.OTHER in post.warnings:
        labels.append(str(WarningTheme.OTHER.label))
    return labels


def show_posts(viewer: User, posts: list[Post], *, moderator: bool) -> list[ShownPost]:
    """Posts dressed for one reader in three queries, however many: reaction counts, the reader's own
    reactions, and the reader's never-show themes."""
    ids = [p.pk for p in posts]
    counts: dict[int, dict[str, int]] = {}
    for row in (
        Reaction.objects.filter(post_id__in=ids).values("post_id", "kind").annotate(n=Count("id"))
    ):
        counts.setdefault(row["post_id"], {})[row["kind"]] = row["n"]
    mine: dict[int, set[str]] = {}
    for post_id, kind in Reaction.objects.filter(post_id__in=ids, person=viewer).values_list(
        "post_id", "kind"
    ):
        mine.setdefault(post_id, set()).add(kind)
    never = set(never_show_of(viewer))
    labels = dict(WarningTheme.choices)
    return [
        ShownPost(
            post=p,
            author=author_label(
                author=p.author, is_anonymous=p.is_anonymous, viewer=viewer, moderator=moderator
            ),
            warnings=warning_labels(p),
            suppressed=[
                str(labels[c]) for c in p.warnings if c in never and p.author_id != viewer.pk
            ],
            counts=counts.get(p.pk, {}),
            mine=mine.get(p.pk, set()),
            may_edit=p.may_edit(viewer.pk),
        )
        for p in posts
    ]


@dataclass
class ThreadPage:
    thread: Thread
    opening_author: str
    posts: list[ShownPost]
    page: Page[Post]
    following: bool
    moderator: bool


def thread_page(viewer: User, thread: Thread, *, page_number: Any = 1) -> ThreadPage:
    """One page of a thread for one reader, in a fixed number of queries."""
    moderator = is_moderator(viewer, thread.program_id)
    posts = (
        Post.objects.visible_to(viewer.pk, moderator=moderator)
        .filter(thread=thread)
        .select_related("author")
        .order_by("id")
    )
    page = Paginator(posts, POSTS_PER_PAGE).get_page(page_number)
    listed = list(page.object_list)
    if moderator and any(p.is_anonymous and p.author_id != viewer.pk for p in listed):
        # Moderators see who wrote anonymous posts; that is a read of something members cannot see.
        record_access(
            viewer=viewer,
            record=thread,
            subject=None,
            purpose="Saw who wrote anonymous forum posts",
            program_id=thread.program_id,
        )
    following = Follow.objects.filter(thread=thread, person=viewer).exists()
    return ThreadPage(
        thread=thread,
        opening_author=author_label(
            author=thread.author,
            is_anonymous=thread.is_anonymous,
            viewer=viewer,
            moderator=moderator,
        ),
        posts=show_posts(viewer, listed, moderator=moderator),
        page=page,
        following=following,
        moderator=moderator,
    )


def boards_of(program: Program) -> list[Board]:
    return sorted(Board.objects.filter(program=program), key=lambda b: str(b.get_topic_display()))


@dataclass
class ThreadRow:
    thread: Thread
    author: str
    new: int | None  # replies since the reader last looked, for threads they follow


def _with_new_counts(threads: QuerySet[Thread], viewer: User) -> QuerySet[Thread]:
    """Each thread with the reader's follow (if any) and how many published posts by others came
    after the newest one they have seen: two subqueries, not a query per thread."""
    follow = Follow.objects.filter(thread=OuterRef("pk"), person=viewer)
    newer = (
        Post.objects.filter(
            thread=OuterRef("pk"), status=PostStatus.PUBLISHED, id__gt=OuterRef("last_seen")
        )
        .exclude(author=viewer)
        .order_by()
        .values("thread")
        .annotate(n=Count("id"))
        .values("n")
    )
    return threads.annotate(
        follow_id=Subquery(follow.values("id")[:1]),
        last_seen=Coalesce(Subquery(follow.values("last_seen_post_id")[:1]), 0),
    ).annotate(new_posts=Coalesce(Subquery(newer[:1]), 0))


def thread_rows(viewer: User, threads: QuerySet[Thread], *, moderator: bool) -> list[ThreadRow]:
    found = _with_new_counts(threads.select_related("author", "board"), viewer)
    return [
        ThreadRow(
            thread=t,
            author=author_label(
                author=t.author, is_anonymous=t.is_anonymous, viewer=viewer, moderator=moderator
            ),
            new=t.new_posts if t.follow_id else None,  # type: ignore[attr-defined]
        )
        for t in found
    ]


def board_threads(viewer: User, board: Board) -> QuerySet[Thread]:
    threads = Thread.objects.filter(board=board)
    if not is_moderator(viewer, board.program_id):
        threads = threads.filter(is_published=True) | threads.filter(author=viewer)
    return threads.order_by("-last_post_at", "-id")


def followed_threads(viewer: User) -> QuerySet[Thread]:
    program = forum_program(viewer)
    return Thread.objects.filter(program=program, follows__person=viewer).order_by(
        "-last_post_at", "-id"
    )


# --- search ---------------------------------------------------------------------------------------

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 8


def search_terms(q: str) -> list[str]:
    """The words of a query: letters and digits only, so no query syntax reaches the database."""
    return _WORD.findall(q.lower())[:MAX_TERMS]


# Relevance is ranked among the newest matching posts only, so a common word costs the same however
# many years of posts hold it (docs/forums.md, "Search"; measured by `alongside bench forums`).
CANDIDATES = 2000


def _matching_thread_ids(program: Program, terms: list[str], limit: int) -> list[int]:
    """Ids of published threads in `program` with a published post matching every term, best first."""
    published = PostStatus.PUBLISHED
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            query = " ".join(terms)
            cursor.execute(
                """
                WITH hits AS (
                    SELECT p.thread_id, p.search_vector FROM forums_post p
                    JOIN forums_thread t ON t.id = p.thread_id
                    WHERE p.search_vector @@ plainto_tsquery('english', %s)
                      AND p.status = %s AND t.is_published AND t.program_id = %s
                    ORDER BY p.id DESC LIMIT %s
                )
                SELECT thread_id FROM hits GROUP BY thread_id
                ORDER BY max(ts_rank(search_vector, plainto_tsquery('english', %s))) DESC,
                         thread_id DESC
                LIMIT %s
                """,
                [query, published, program.pk, CANDIDATES, query, limit],
            )
        else:
            match = " ".join(f'"{term}"' for term in terms)  # each word quoted: never FTS5 syntax
            cursor.execute(
                """
                SELECT thread_id FROM (
                    SELECT p.thread_id, f.rank FROM forums_post_fts f
                    JOIN forums_post p ON p.id = f.rowid
                    JOIN forums_thread t ON t.id = p.thread_id
                    WHERE forums_post_fts MATCH %s
                      AND p.status = %s AND t.is_published AND t.program_id = %s
                    ORDER BY f.rowid DESC LIMIT %s
                )
                GROUP BY thread_id
                ORDER BY min(rank), thread_id DESC
                LIMIT %s
                """,
                [match, published, program.pk, CANDIDATES, limit],
            )
        return [row[0] for row in cursor.fetchall()]


def search(program: Program, q: str, *, limit: int = SEARCH_LIMIT) -> list[Thread]:
    """Published threads of `program` whose title or posts hold every word of `q`, best match first.
    PostgreSQL full-text search (a stored tsvector with a GIN index) or SQLite FTS5, by the database."""
    terms = search_terms(q)
    if not terms:
        return []
    ids = _matching_thread_ids(program, terms, limit)
    found = Thread.objects.select_related("board", "author").in_bulk(ids)
    return [found[i] for i in ids if i in found]
