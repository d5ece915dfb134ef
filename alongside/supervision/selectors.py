"""Reads for supervision: supervised hours, a session with its private notes (the supervisor and the
supporter only), a supporter's record, the case-review queue, check-ins, and the supervisor's view of
load across the program (a fixed number of queries however many supporters)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Max, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alongside.accounts.choices import Role
from alongside.accounts.models import Membership, Program, User
from alongside.accounts.selectors import standing, today_in
from alongside.audit.services import record_access
from alongside.conversations.selectors import conversations_of
from alongside.matching.caseload import capacity_of
from alongside.matching.selectors import loads, supporter_profiles
from alongside.safety.selectors import escalations_handled, on_call_hours
from alongside.safety.sources import Trigger

from .models import (
    Debrief,
    PracticeRecord,
    ReviewItem,
    ReviewKind,
    SessionKind,
    SupervisionSession,
    SupporterCare,
    TimeOff,
    WellBeingCheckIn,
    WellBeingRules,
)
from .wellbeing import signals_of


def supervises(viewer: User, program: Program | None = None) -> bool:
    found = standing(viewer)
    return (
        found.program is not None
        and (program is None or found.program.pk == program.pk)
        and found.has(Role.SUPERVISOR)
    )


def supervised_minutes(user: User, program: Program, since: datetime.date | None = None) -> int:
    sessions = SupervisionSession.objects.filter(program=program, supporters=user)
    if since is not None:
        sessions = sessions.filter(held_on__gte=since)
    return sessions.aggregate(total=Sum("minutes"))["total"] or 0


def supervised_hours(user: User, program: Program, since: datetime.date | None = None) -> Decimal:
    """Hours of supervision `user` received in `program` (sessions held on or after `since`), to two
    places: what certification counts (training reads it)."""
    return (Decimal(supervised_minutes(user, program, since)) / 60).quantize(Decimal("0.01"))


def supervised_minutes_by_supporter(
    program: Program, since: datetime.date, until: datetime.date
) -> dict[int, int]:
    """Minutes of supervision each supporter of `program` received in sessions held in [since, until),
    in one query (a group session counts for each supporter in it); for reports."""
    links = SupervisionSession.supporters.through.objects.filter(
        supervisionsession__program=program,
        supervisionsession__held_on__gte=since,
        supervisionsession__held_on__lt=until,
    )
    rows = links.order_by().values("user_id").annotate(total=Sum("supervisionsession__minutes"))
    return {row["user_id"]: row["total"] for row in rows}


def rules_of(program: Program) -> WellBeingRules:
    return WellBeingRules.objects.filter(program=program).first() or WellBeingRules(program=program)


def supporters_of(program: Program) -> QuerySet[User]:
    """The program's active peer supporters, by name."""
    return User.objects.filter(
        is_active=True,
        pk__in=Membership.objects.filter(program=program, role=Role.SUPPORTER).values("user_id"),
    ).order_by("display_name", "pk")


def supervisors_of(program: Program) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True,
        pk__in=Membership.objects.filter(program=program, role=Role.SUPERVISOR).values("user_id"),
    ).order_by("display_name", "pk")


def access_session(viewer: User, session_id: int) -> SupervisionSession:
    """A session with its private notes: only for its supervisor and the supporters in it (not other
    supervisors, not administrators); anyone else gets Http404, as if it did not exist. Audited."""
    session = (
        SupervisionSession.objects.select_related("supervisor", "program")
        .filter(pk=session_id)
        .filter(Q(supervisor=viewer) | Q(supporters=viewer))
        .distinct()
        .first()
    )
    if session is None:
        raise Http404
    people = list(session.supporters.order_by("display_name", "pk"))
    session.people = people  # type: ignore[attr-defined]
    record_access(
        viewer=viewer,
        record=session,
        subject=people[0] if session.kind == SessionKind.INDIVIDUAL and people else None,
        purpose="Read a supervision session",
        program_id=session.program_id,
    )
    return session


def access_supporter(viewer: User, supporter_id: int) -> User:
    """A supporter's supervision record: for the supporter and the supervisors of their program.
    Audited; anyone else gets Http404."""
    found = standing(viewer)
    if found.program is None:
        raise Http404
    supporter = supporters_of(found.program).filter(pk=supporter_id).first()
    if supporter is None or (supporter.pk != viewer.pk and not found.has(Role.SUPERVISOR)):
        raise Http404
    if supporter.pk != viewer.pk:
        record_access(
            viewer=viewer,
            record=supporter,
            subject=supporter,
            purpose="Read a supervision record",
            program_id=found.program.pk,
        )
    return supporter


def sessions_of(supporter: User, program: Program) -> QuerySet[SupervisionSession]:
    """A supporter's sessions, newest first (without their notes: those are read one at a time)."""
    return (
        SupervisionSession.objects.filter(program=program, supporters=supporter)
        .select_related("supervisor")
        .defer("notes")
    )


def sessions_by(supervisor: User, program: Program) -> QuerySet[SupervisionSession]:
    return (
        SupervisionSession.objects.filter(program=program, supervisor=supervisor)
        .prefetch_related("supporters")
        .defer("notes")
    )


def practice_of(supporter: User, program: Program) -> QuerySet[PracticeRecord]:
    return PracticeRecord.objects.filter(program=program, supporter=supporter).select_related(
        "alongside"
    )


def care_of(supporter: User, program: Program) -> SupporterCare | None:
    return (
        SupporterCare.objects.filter(program=program, supporter=supporter)
        .select_related("supervisor")
        .first()
    )


def time_off_of(supporter: User, program: Program) -> QuerySet[TimeOff]:
    return TimeOff.objects.filter(program=program, supporter=supporter)


def check_ins_for(viewer: User, supporter: User, program: Program) -> QuerySet[WellBeingCheckIn]:
    """The supporter sees all their check-ins; their own supervisor sees only those shared; anyone
    else, none."""
    check_ins = WellBeingCheckIn.objects.filter(program=program, supporter=supporter)
    if viewer.pk == supporter.pk:
        return check_ins
    care = care_of(supporter, program)
    if care is not None and care.supervisor_id == viewer.pk and supervises(viewer, program):
        return check_ins.filter(is_shared=True)
    return check_ins.none()


def debriefs_offered(supporter: User) -> QuerySet[ReviewItem]:
    """Debriefs waiting for the supporter's answer."""
    return ReviewItem.objects.waiting().filter(supporter=supporter, debrief=Debrief.OFFERED)


def requests_of(supporter: User) -> QuerySet[ReviewItem]:
    """What the supporter asked to talk through, or accepted a debrief for, still waiting."""
    return (
        ReviewItem.objects.waiting()
        .filter(supporter=supporter)
        .filter(Q(kind=ReviewKind.TALK_THROUGH) | Q(debrief=Debrief.ACCEPTED))
    )


def conversation_choices(supporter: User, *, limit: int = 30) -> list[tuple[int, str]]:
    """The supporter's recent conversations, to say which one they would like to talk through."""
    choices = []
    for seat in conversations_of(supporter, standing(supporter).program)[:limit]:
        conversation = seat.conversation
        others = [str(p.user) for p in conversation.participants.all() if p.user_id != supporter.pk]
        label = conversation.title or _("With %(names)s") % {"names": ", ".join(others)}
        choices.append((conversation.pk, str(label)[:200]))
    return choices


def review_queue(program: Program) -> list[ReviewItem]:
    """The case-review queue: what supporters asked to talk through (debriefs and requests) first,
    then the other resolved escalations they handled; oldest first within each."""
    items = list(ReviewItem.objects.waiting().filter(program=program).select_related("supporter"))
    return sorted(items, key=lambda item: (not item.asked_to_talk, item.created_at, item.pk))


def access_review_item(viewer: User, item_id: int, *, as_supporter: bool = False) -> ReviewItem:
    """A queue entry: its supporter's own (`as_supporter`), or any of the program's for a supervisor."""
    item = ReviewItem.objects.select_related("supporter").filter(pk=item_id).first()
    found = standing(viewer)
    if item is None or found.program is None or item.program_id != found.program.pk:
        raise Http404
    if as_supporter and item.supporter_id != viewer.pk:
        raise Http404
    if not as_supporter and not found.has(Role.SUPERVISOR):
        raise Http404
    return item


# --- the supervisor's view of load --------------------------------------------------------------------


@dataclass
class Load:
    """One supporter's load, and what stands out, in words."""

    supporter: User
    caseload: int
    capacity: int | None
    on_call_hours: float
    escalations: int
    days_since_break: int | None  # None: no time off recorded yet
    on_break: bool
    signals: list[str] = field(default_factory=list)


ESCALATIONS_NOTICED = 3  # in 30 days
DAYS_WITHOUT_BREAK = 60


def load_of(
    program: Program,
    viewer: User,
    now: datetime.datetime | None = None,
    rules: WellBeingRules | None = None,
) -> list[Load]:
    """Every supporter's load: caseload, hours on call in the past seven days, escalations handled in
    the past 30 days, days since time off, and the signals of a check-in they shared with `viewer` as
    their supervisor. Ten queries, however many supporters."""
    now = now or timezone.now()
    today = today_in(program, now)
    people = list(supporters_of(program))
    taken = loads(program)
    capacity = {p.user_id: capacity_of(p) for p in supporter_profiles(program)}
    hours = on_call_hours(program, since=now - datetime.timedelta(days=7), until=now)
    handled = escalations_handled(program, since=now - datetime.timedelta(days=30))
    rules = rules or rules_of(program)
    breaks = dict(
        TimeOff.objects.filter(program=program, starts_on__lte=today)
        .values_list("supporter_id")
        .annotate(last=Max("ends_on"))
    )
    shared: dict[int, WellBeingCheckIn] = {}
    for check_in in WellBeingCheckIn.objects.filter(
        program=program,
        is_shared=True,
        created_at__gte=now - datetime.timedelta(days=30),
        supporter_id__in=SupporterCare.objects.filter(program=program, supervisor=viewer).values(
            "supporter_id"
        ),
    ):
        shared.setdefault(check_in.supporter_id, check_in)  # newest first
    found = []
    for person in people:
        last = breaks.get(person.pk)
        load = Load(
            supporter=person,
            caseload=taken.get(person.pk, 0),
            capacity=capacity.get(person.pk),
            on_call_hours=round(hours.get(person.pk, 0.0), 1),
            escalations=handled.get(person.pk, 0),
            days_since_break=None if last is None else max((today - last).days, 0),
            on_break=last is not None and last >= today,
        )
        load.signals = _signals(load, rules, shared.get(person.pk))
        found.append(load)
    return found


def _signals(load: Load, rules: WellBeingRules, check_in: WellBeingCheckIn | None) -> list[str]:
    said = []
    if load.capacity is not None and load.capacity > 0 and load.caseload >= load.capacity:
        said.append(_("At their caseload limit."))
    if load.on_call_hours >= rules.on_call_hours_per_week * 0.8:
        said.append(_("Close to or over the weekly limit for time on call."))
    if load.escalations >= ESCALATIONS_NOTICED:
        said.append(
            ngettext(
                "Handled %(n)d crisis escalation in the past 30 days.",
                "Handled %(n)d crisis escalations in the past 30 days.",
                load.escalations,
            )
            % {"n": load.escalations}
        )
    if load.on_break:
        said.append(_("On time off now."))
    elif load.days_since_break is None:
        said.append(_("No time off recorded yet."))
    elif load.days_since_break >= DAYS_WITHOUT_BREAK:
        said.append(_("No time off for %(days)d days.") % {"days": load.days_since_break})
    if check_in is not None:
        said.extend(signals_of(check_in.answers))
    return said


def escalation_trigger(escalation: Any, item: int | None = None) -> Trigger | None:
    """The words written here that opened an escalation; the caller has checked access."""
    found: tuple[str, datetime.datetime] | None = None
    pk, writer = escalation.source_id, escalation.person_id
    if escalation.source_kind == "supervision":
        row = SupervisionSession.objects.filter(pk=pk, supervisor_id=writer).first()
        found = (row.notes, row.created_at) if row else None
    elif escalation.source_kind == "practice_note":
        record = PracticeRecord.objects.filter(pk=pk, logged_by_id=writer).first()
        found = (record.note, record.created_at) if record else None
    elif escalation.source_kind == "talk_through":
        request = ReviewItem.objects.filter(pk=pk, supporter_id=writer).first()
        found = (request.note, request.created_at) if request else None
    elif escalation.source_kind == "wellbeing":
        check_in = WellBeingCheckIn.objects.filter(pk=pk, supporter_id=writer).first()
        found = (check_in.note, check_in.created_at) if check_in else None
    if item is not None or found is None:
        return None
    return Trigger(words=found[0], at=found[1], label_kind=escalation.source_kind, label_id=int(pk))
