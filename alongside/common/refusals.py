"""What may stop a new message going out: questions the message send path asks, each answered by the
app that keeps that stop.

Conversations' send path (`conversations/services/refusing.py`: `send_message` and, on PostgreSQL's
event loop, `asend_message`) asks every question registered for the conversation's kind in the one
batch of statements it sends under the conversation's lock (one round trip on PostgreSQL), and refuses
with the first that applies, in the words of the app that answered. It imports none of those apps; each
registers its question from its `AppConfig.ready()`:

- moderation: a ban or a running suspension in the program (`suspended`, every conversation);
- matching: a block between the sender and someone else in a 1:1 (`blocked`);
- groups: a facilitator's pause in a meeting's room (`muted`, told after the boundary guard's warning).

A lower layer (`common`), so that moderation, below conversations, can register too. A question is plain
SQL (`common.sql`) because the send path runs it inside its own batch; its words are read only when
the answer refuses. A question's `code` is a refusal code conversations names (`services.Refusal`,
the code of the `ValidationError` a refused send raises).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from . import sql


class Sending(NamedTuple):
    """What a question is asked about: one new message."""

    conversation_id: int
    program_id: int
    sender_id: int
    kind: str  # the conversation's kind: "one_to_one" or "room"
    now: datetime


Rows = list[tuple[Any, ...]]


@dataclass(frozen=True)
class Question:
    """One thing that may stop a new message, kept by the app that registers it."""

    code: str  # the refusal's code; one question per code (registering again replaces it)
    order: int  # the refusals are told in this order: the first that applies is the reason
    # The statement to run, with its parameters. With `rows` None it finds at most one row and is asked
    # as a column of the lock statement: a row found refuses.
    statement: Callable[[Sending], sql.Query]
    # Why, in the keeper's words, read after the answer refused; None if the stop has ended since.
    words: Callable[[Sending], str | None]
    kinds: frozenset[str] | None = None  # the conversation kinds it is asked in; None: every kind
    # For a statement of its own: whether its rows refuse a message from the sender (second argument)
    # to the others still in the conversation (third).
    rows: Callable[[Rows, int, list[int]], bool] | None = None
    after_boundary: bool = False  # told after the boundary guard's warning (a room's pause)

    def asked_in(self, kind: str) -> bool:
        return self.kinds is None or kind in self.kinds

    def refuses(self, answer: Any, sender_id: int, others: list[int]) -> bool:
        """Whether `answer` (the lock statement's column, or this statement's rows) refuses."""
        if self.rows is None:
            return bool(answer)
        return self.rows(answer, sender_id, others)


_questions: list[Question] = []
_by_kind: dict[str, tuple[Question, ...]] = {}  # asked_in's answers, kept until the next register


def register(question: Question) -> None:
    """Ask `question` of every new message from now on (replacing any with the same code)."""
    kept = [q for q in _questions if q.code != question.code]
    _questions[:] = sorted([*kept, question], key=lambda q: q.order)
    _by_kind.clear()


def asked_in(kind: str) -> tuple[Question, ...]:
    """The questions asked of a new message in a conversation of `kind`, in the order they are told."""
    found = _by_kind.get(kind)
    if found is None:
        found = _by_kind[kind] = tuple(q for q in _questions if q.asked_in(kind))
    return found
