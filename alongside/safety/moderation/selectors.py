"""Reads: may this person post, the moderators' queue, one report, a person's notices and blocks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from django.db.models import Case, QuerySet, When
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from alongside.accounts.choices import Role
from alongside.accounts.models import Program, User
from alongside.accounts.selectors import standing
from alongside.audit.services import record_access
from alongside.common import refusals, sql

from .models import (
    CRISIS_LEVELS,
    ActionKind,
    Appeal,
    AppealStatus,
    Hold,
    HoldStatus,
    ModerationAction,
    ModerationSettings,
    Report,
)

MODERATORS = (Role.SUPERVISOR, Role.ADMIN)
QUEUE_PAGE = 50  # rows of each kind on the queue page


@cache
def _in_force_sql() -> str:
    """`ModerationAction.objects.in_force().filter(subject=…, program_id=…).exists()`."""
    action = ModerationAction
    return (
        f"SELECT 1 FROM {sql.table(action)} WHERE {sql.column(action, 'subject')} = %s"  # noqa: S608 (model names)
        f" AND {sql.column(action, 'program')} = %s AND {sql.column(action, 'reversed_at')} IS NULL"
        f" AND ({sql.column(action, 'kind')} = %s OR ({sql.column(action, 'kind')} = %s"
        f" AND {sql.column(action, 'ends_at')} > %s)) LIMIT 1"
    )


def _stop_query(user_id: int, program_id: int, now: datetime) -> sql.Query:
    """A statement that finds a row when a ban or a running suspension stops this person posting in
    this program (`may_post` and `posting_stop` say what to tell them)."""
    params = [user_id, program_id, ActionKind.BAN.value, ActionKind.SUSPEND.value]
    return _in_force_sql(), [*params, sql.when(now)]


def is_moderator(user: User, program_id: int | None) -> bool:
    """A supervisor or administrator of that program."""
    found = standing(user)
    return found.program is not None and found.program.pk == program_id and found.has(*MODERATORS)


def _program_id(program: Program | int | None) -> int:
    if isinstance(program, Program):
        return program.pk
    return program or 0  # no program: matches nothing


def may_post(user: User, program: Program | int | None) -> tuple[bool, str]:
    """(True, "") unless a ban or a running suspension in `program` stops `user` from posting; then
    (False, the words to show them). One query: in plain SQL for the usual answer (`common.sql`),
    through the ORM for the words when something is in force."""
    words = _why_stopped(user.pk, _program_id(program), timezone.now())
    return (True, "") if words is None else (False, words)


def _why_stopped(user_id: int, program_id: int, now: datetime) -> str | None:
    """The words to show a person a ban or a running suspension stops from posting; None if none does."""
    if sql.one(*_stop_query(user_id, program_id, now)) is None:
        return None
    actions = list(
        ModerationAction.objects.in_force().filter(subject_id=user_id, program_id=program_id)
    )
    if not actions:
        return None
    ban = next((a for a in actions if a.kind == ActionKind.BAN), None)
    if ban is not None:
        return _(
            "A moderator has stopped you from posting here. They said: “%(reason)s” You can ask "
            "them to look again from your notices page."
        ) % {"reason": ban.reason}
    longest = max(actions, key=lambda a: a.ends_at or a.created_at)
    return _(
        "You cannot post until %(date)s. A moderator said: “%(reason)s” You can ask them to look "
        "again from your notices page."
    ) % {
        "date": formats.date_format(
            timezone.localtime(longest.ends_at or longest.created_at), "DATETIME_FORMAT"
        ),
        "reason": longest.reason,
    }


# Conversations' send path asks this of every new message (registered in `apps.py`): the statement
# joins the batch it sends under the conversation's lock, the words are read when it refuses.
posting_stop = refusals.Question(
    code="suspended",
    order=10,
    statement=lambda sending: _stop_query(sending.sender_id, sending.program_id, sending.now),
    words=lambda sending: _why_stopped(sending.sender_id, sending.program_id, sending.now),
)


def blocked_people(user: User) -> QuerySet[User]:
    """The people `user` has blocked, most recent first."""
    return User.objects.filter(blocks_against__blocker=user).order_by("-blocks_against__created_at")


def people_to_block(user: User) -> QuerySet[User]:
    """People `user` talks with in conversations and has not blocked yet."""
    return (
        User.objects.filter(is_active=True, participations__conversation__participants__user=user)
        .exclude(pk=user.pk)
        .exclude(blocks_against__blocker=user)
        .distinct()
        .order_by("display_name", "pk")
    )


@dataclass(frozen=True)
class Queue:
    crisis_holds: list[Hold]  # posts held because their words sound like a crisis: first
    reports: list[Report]
    appeals: list[Appeal]
    holds: list[Hold]


def moderation_queue(moderator: User) -> Queue:
    """Posts held for their crisis words (`imminent` before `high`, then oldest first), open reports,
    open appeals and other held posts of the moderator's program, oldest first. Reading the queue
    shows people's words, so it is audited (one entry per look, whatever its length)."""
    program = standing(moderator).program
    if program is None or not standing(moderator).has(*MODERATORS):
        raise Http404
    reports = list(
        Report.objects.open()
        .filter(program=program)
        .select_related("reporter", "target_author")
        .order_by("created_at", "pk")[:QUEUE_PAGE]
    )
    appeals = list(
        Appeal.objects.filter(status=AppealStatus.OPEN, action__program=program)
        .select_related("action", "action__subject")
        .order_by("created_at", "pk")[:QUEUE_PAGE]
    )
    held = Hold.objects.filter(program=program, status=HoldStatus.HELD).select_related("author")
    urgency = Case(
        *(When(risk_level=level, then=rank) for rank, level in enumerate(CRISIS_LEVELS)),
        default=len(CRISIS_LEVELS),
    )
    holds = list(held.order_by(urgency, "created_at", "pk")[:QUEUE_PAGE])  # one query for both
    crisis_holds = [h for h in holds if h.is_crisis]
    holds = [h for h in holds if not h.is_crisis]
    record_access(
        viewer=moderator,
        record_type="moderation.queue",
        record_id=program.pk,
        subject=None,
        purpose="Opened the moderation queue",
        program_id=program.pk,
    )
    return Queue(crisis_holds=crisis_holds, reports=reports, appeals=appeals, holds=holds)


def access_report(moderator: User, report_id: int) -> Report:
    """A report of the moderator's program (the read is audited); else Http404, as if missing."""
    report = (
        Report.objects.select_related("reporter", "target_author", "resolved_by")
        .filter(pk=report_id)
        .first()
    )
    if report is None or not is_moderator(moderator, report.program_id):
        raise Http404
    record_access(
        viewer=moderator,
        record=report,
        subject=report.target_author,
        purpose="Read a report",
        program_id=report.program_id,
    )
    return report


def history_of(person: User | None, program_id: int) -> list[ModerationAction]:
    """What moderators did about this person before, newest first, for the report page."""
    if person is None:
        return []
    return list(
        ModerationAction.objects.filter(subject=person, program_id=program_id)
        .select_related("appeal")
        .order_by("-created_at")[:20]
    )


def notices_of(person: User) -> list[ModerationAction]:
    """Every action moderators took about the person, newest first, with any appeal."""
    return list(
        ModerationAction.objects.filter(subject=person)
        .select_related("appeal")
        .order_by("-created_at", "-pk")
    )


def waiting_hold_of(target_kind: str, target_id: int) -> int | None:
    """The id of the hold a piece of content waits in for a moderator, if it waits (its queue anchor)."""
    return (
        Hold.objects.filter(target_kind=target_kind, target_id=target_id, status=HoldStatus.HELD)
        .values_list("pk", flat=True)
        .first()
    )


def declined_holds_of(person: User) -> QuerySet[Hold]:
    return Hold.objects.filter(author=person, status=HoldStatus.REJECTED).order_by("-decided_at")


def settings_of(program: Program | int) -> ModerationSettings:
    """The program's hold settings; defaults (holds off) when it never saved any."""
    found = ModerationSettings.objects.filter(program_id=_program_id(program)).first()
    return found or ModerationSettings(program_id=_program_id(program))
