"""Reads of check-ins, scores and schedules. A member reads their own; anyone else goes through
`access_member_outcomes`, which checks the consent ledger at read time and writes the read to the log."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language

from alongside.accounts.choices import ConsentScope, Role
from alongside.accounts.models import Consent, Membership, Program, User
from alongside.accounts.selectors import consent_allows, standing, standing_in, today_in
from alongside.audit.services import record_access
from alongside.safety.sources import Trigger

from . import instruments
from .models import CheckIn, ProgramInstrumentText, Response, SafetyFlag, Schedule
from .scoring import CODES, INCOMPLETE

READER_ROLES = (Role.SUPPORTER, Role.CLINICIAN, Role.SUPERVISOR)


def instrument_for(program: Program, code: str, language: str) -> instruments.Instrument | None:
    """The questionnaire as this program can show it: shipped text, or text the program loaded."""
    if code in CODES:
        return instruments.shipped_instrument(code, language)
    if code not in instruments.SCORING_ONLY:
        return None
    texts = {
        t.language: t
        for t in ProgramInstrumentText.objects.filter(program=program, instrument=code)
    }
    chosen = texts.get(language) or texts.get("en") or next(iter(texts.values()), None)
    if chosen is None:
        return None
    return instruments.loaded_instrument(code, chosen.as_content(), chosen.language)


def available_instruments(program: Program, language: str) -> list[instruments.Instrument]:
    loaded = set(
        ProgramInstrumentText.objects.filter(program=program).values_list("instrument", flat=True)
    )
    found = []
    for code in (*CODES, *sorted(loaded)):
        instrument = instrument_for(program, code, language)
        if instrument is not None:
            found.append(instrument)
    return found


def members_of_program(program: Program) -> QuerySet[User]:
    return User.objects.filter(
        memberships__program=program, memberships__role=Role.MEMBER, is_active=True
    ).distinct()


def due_date(member: User, schedule: Schedule) -> date | None:
    """When this questionnaire is (or was) next due for the member, or None when it is not."""
    last = (
        Response.objects.filter(member=member, instrument=schedule.instrument)
        .order_by("-completed_at")
        .values_list("completed_at", flat=True)
        .first()
    )
    tz = zoneinfo.ZoneInfo(schedule.program.time_zone)
    if last is None:
        joined = (
            Membership.objects.filter(user=member, program=schedule.program, role=Role.MEMBER)
            .values_list("created_at", flat=True)
            .first()
        )
        start = max(filter(None, [joined, schedule.created_at]))
        return timezone.localdate(start, tz)
    if schedule.every_days:
        return timezone.localdate(last, tz) + timedelta(days=schedule.every_days)
    return None


@dataclass(frozen=True)
class Due:
    schedule: Schedule
    instrument: instruments.Instrument
    due_on: date


def due_for(member: User, language: str) -> list[Due]:
    """The questionnaires the member's program asks of them today (or earlier and not yet done)."""
    program = standing(member).program
    if program is None:
        return []
    today = today_in(program)
    found = []
    for schedule in Schedule.objects.filter(program=program, is_active=True).select_related(
        "program"
    ):
        due = due_date(member, schedule)
        instrument = instrument_for(program, schedule.instrument, language)
        if due is not None and due <= today and instrument is not None:
            found.append(Due(schedule=schedule, instrument=instrument, due_on=due))
    return found


def access_member_outcomes(viewer: User, member_id: int, *, purpose: str) -> User:
    """The member whose check-ins and scores `viewer` may read (audited); else Http404, as if missing.

    The member reads their own. Anyone else needs a supporter, clinician or supervisor role in the
    member's program and the member's `check_ins` consent in force right now."""
    member = User.objects.filter(pk=member_id, is_active=True).first()
    if member is None:
        raise Http404
    if member.pk == viewer.pk:
        return member
    found = standing(viewer)
    if (
        found.program is None
        or not standing_in(member, found.program).has(Role.MEMBER)  # never across programs
        or not found.has(*READER_ROLES)
        or not consent_allows(grantee=viewer, member=member, scope=ConsentScope.CHECK_INS)
    ):
        raise Http404
    record_access(
        viewer=viewer,
        record_type="outcomes.checkin",
        record_id=member.pk,
        subject=member,
        purpose=purpose,
        program_id=found.program.pk,
    )
    return member


def members_sharing_check_ins(viewer: User) -> QuerySet[Consent]:
    if not standing(viewer).has(*READER_ROLES):
        return Consent.objects.none()
    return (
        Consent.objects.active()
        .filter(grantee=viewer, scope=ConsentScope.CHECK_INS)
        .select_related("member")
        .order_by("member__display_name")
    )


def check_ins_of(member: User, *, days: int = 90) -> QuerySet[CheckIn]:
    since = timezone.now().date() - timedelta(days=days)
    return CheckIn.objects.filter(member=member, on__gte=since).order_by("on")


def todays_check_in(member: User) -> CheckIn | None:
    program = standing(member).program
    if program is None:
        return None
    return CheckIn.objects.filter(member=member, on=today_in(program)).first()


def responses_of(member: User, instrument: str | None = None) -> QuerySet[Response]:
    found = Response.objects.filter(member=member)
    if instrument:
        found = found.filter(instrument=instrument)
    return found.order_by("completed_at", "pk")


def access_response(viewer: User, response_id: int) -> Response:
    """One of the viewer's own responses; nobody else's (others see trends, with consent)."""
    response = Response.objects.filter(pk=response_id, member=viewer).first()
    if response is None:
        raise Http404
    return response


@dataclass(frozen=True)
class Rhythm:
    """Check-ins counted kindly: what was done, never what was missed."""

    checked_in_today: bool
    days_this_week: int  # in the last 7 days, today included
    days_in_four_weeks: int
    run: int  # days in a row up to today (or yesterday, when today is still open)


def rhythm_of(member: User) -> Rhythm:
    program = standing(member).program
    today = today_in(program) if program else timezone.now().date()
    days = set(
        CheckIn.objects.filter(member=member, on__gt=today - timedelta(days=60)).values_list(
            "on", flat=True
        )
    )
    run, day = 0, today if today in days else today - timedelta(days=1)
    while day in days:
        run, day = run + 1, day - timedelta(days=1)
    return Rhythm(
        checked_in_today=today in days,
        days_this_week=sum(1 for d in days if d > today - timedelta(days=7)),
        days_in_four_weeks=sum(1 for d in days if d > today - timedelta(days=28)),
        run=run,
    )


def unhandled_safety_flags(program: Program) -> QuerySet[SafetyFlag]:
    """The seam for the safety work: risk signs from check-ins and questionnaires not yet escalated."""
    return (
        SafetyFlag.objects.unhandled()
        .filter(program=program)
        .select_related("member", "response", "check_in")
        .order_by("created_at")
    )


def safety_flags_of(member: User) -> QuerySet[SafetyFlag]:
    """A member's risk signs from check-ins and questionnaires, handled or not, oldest first (for a
    reader already cleared by `access_member_outcomes`, e.g. the FHIR export's Flag resources)."""
    return SafetyFlag.objects.filter(member=member).order_by("created_at", "pk")


def previous_complete(response: Response) -> Response | None:
    """The member's last complete response to the same questionnaire before this one."""
    earlier = Response.objects.filter(
        member_id=response.member_id,
        instrument=response.instrument,
        completed_at__lt=response.completed_at,
    ).order_by("-completed_at")[:20]
    return next((r for r in earlier if r.is_complete), None)


def active_schedules(program: Program) -> QuerySet[Schedule]:
    return Schedule.objects.filter(program=program, is_active=True).order_by("instrument")


def escalation_trigger(escalation: Any, item: int | None = None) -> Trigger | None:
    """The check-in note or the questionnaire answer that opened an escalation (PHQ-9 item 9: its
    words and the answer chosen). The caller has checked access (`safety.selectors.access_escalation`)."""
    if item is not None:
        return None
    if escalation.source_kind == "check_in":
        check_in = CheckIn.objects.filter(
            pk=escalation.source_id, member_id=escalation.person_id
        ).first()
        if check_in is None:
            return None
        return Trigger(
            words=check_in.note,
            at=check_in.created_at,
            label_kind="check_in",
            label_id=check_in.pk,
            assessed_level=check_in.risk_level,
            model_version=check_in.risk_model_version,
        )
    response = Response.objects.filter(
        pk=escalation.source_id, member_id=escalation.person_id
    ).first()
    if response is None or response.instrument != "phq9" or len(response.answers) < 9:
        return None
    instrument = instruments.shipped_instrument("phq9", get_language() or "en")
    answer = response.answers[8]
    chosen = next((c.text for c in instrument.choices if c.value == answer), str(answer))
    return Trigger(
        words=f"{instrument.items[8].text} — {chosen}",
        at=response.completed_at,
        label_kind="questionnaire",
        label_id=response.pk,
        assessed_level=escalation.level,
    )


def complete_scores_until(
    program: Program, until: datetime
) -> list[tuple[int, str, int, datetime]]:
    """For reports: every complete PHQ-9, GAD-7, WHO-5 and BARC-10 of `program` before `until`, oldest
    first: (member id, instrument, total, completed_at). Incomplete answers have no total to compare."""
    return list(
        Response.objects.filter(program=program, instrument__in=CODES, completed_at__lt=until)
        .exclude(band=INCOMPLETE)
        .order_by("completed_at", "pk")
        .values_list("member_id", "instrument", "total", "completed_at")
    )
