"""Every change in supervision: log a session or a shadowing, set a supporter's supervisor and caseload
limit, the program's on-call limit, time off, debriefs after escalations, talk-through requests, the
case-review queue and the supporter's own check-in.

Free text passes `alongside.safety.assess` before it is stored; high or imminent opens an escalation
for its writer, as forum posts do.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.choices import Role
from alongside.accounts.models import Membership, Program, User
from alongside.accounts.selectors import standing, today_in
from alongside.audit.models import Action
from alongside.audit.services import record_access
from alongside.safety import assess
from alongside.safety.selectors import helpers_of, on_call_hours
from alongside.safety.services import open_escalation

from .models import (
    Competency,
    Debrief,
    PracticeKind,
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
from .selectors import conversation_choices
from .wellbeing import ITEMS

# Source kinds of escalations opened by words written here (safety's field holds 16 characters).
SESSION_NOTE = "supervision"
TALK_THROUGH = "talk_through"
CHECK_IN = "wellbeing"
PRACTICE_NOTE = "practice_note"


def _program_where(user: User, *roles: Role) -> Program:
    """The user's program, if they hold one of `roles` there; else PermissionDenied."""
    found = standing(user)
    if found.program is None or not found.has(*roles):
        raise PermissionDenied
    return found.program


def _supporters_of(program: Program, ids: Iterable[int]) -> set[int]:
    return set(
        Membership.objects.filter(
            program=program, role=Role.SUPPORTER, user_id__in=list(ids), user__is_active=True
        ).values_list("user_id", flat=True)
    )


def _assessed(text: str, *, writer: User, program: Program, kind: str, source_id: int) -> None:
    assessment = assess(text)
    if assessment.level.opens_escalation:
        open_escalation(
            program=program,
            person=writer,
            source_kind=kind,
            source_id=source_id,
            level=assessment.level,
            reasons=list(assessment.reasons),
        )


def _check_day(program: Program, held_on: datetime.date, errors: dict[str, str]) -> None:
    if held_on > today_in(program):
        errors["held_on"] = _("Please give a date that is today or earlier.")


@transaction.atomic
def log_session(
    *,
    supervisor: User,
    supporters: Sequence[User],
    kind: str,
    held_on: datetime.date,
    minutes: int,
    competencies: Sequence[str] = (),
    notes: str = "",
) -> SupervisionSession:
    """A supervisor records a session; its minutes count toward each supporter's supervised hours."""
    program = _program_where(supervisor, Role.SUPERVISOR)
    notes = notes.strip()
    errors: dict[str, str] = {}
    ids = {s.pk for s in supporters} - {supervisor.pk}
    if not ids or _supporters_of(program, ids) != ids:
        errors["supporters"] = _("Please choose peer supporters of this program.")
    elif kind == SessionKind.INDIVIDUAL and len(ids) != 1:
        errors["supporters"] = _("A one-to-one session is with one supporter.")
    elif kind == SessionKind.GROUP and len(ids) < 2:
        errors["supporters"] = _("A group session is with two supporters or more.")
    if kind not in SessionKind.values:
        errors["kind"] = _("Please choose one-to-one or group.")
    if not 1 <= minutes <= 600:
        errors["minutes"] = _("Please give a length between 1 and 600 minutes.")
    if set(competencies) - set(Competency.values):
        errors["competencies"] = _("Please choose from the listed competencies.")
    if notes and kind != SessionKind.INDIVIDUAL:
        errors["notes"] = _(
            "Private notes are for one-to-one sessions: in a group everyone would read them."
        )
    _check_day(program, held_on, errors)
    if errors:
        raise ValidationError(errors)
    session = SupervisionSession.objects.create(
        program=program,
        supervisor=supervisor,
        kind=kind,
        held_on=held_on,
        minutes=minutes,
        competencies=[c for c in Competency.values if c in set(competencies)],
        notes=notes,
    )
    session.supporters.set(ids)
    record_access(
        viewer=supervisor,
        record=session,
        subject=supporters[0] if len(ids) == 1 else None,
        action=Action.WRITE,
        purpose="Logged a supervision session",
        program_id=program.pk,
    )
    if notes:
        _assessed(
            notes, writer=supervisor, program=program, kind=SESSION_NOTE, source_id=session.pk
        )
    return session


@transaction.atomic
def log_practice(
    *,
    by: User,
    supporter: User,
    alongside: User,
    kind: str,
    held_on: datetime.date,
    minutes: int,
    note: str = "",
) -> PracticeRecord:
    """A supervisor records that a new supporter shadowed, or co-facilitated with, another."""
    program = _program_where(by, Role.SUPERVISOR)
    note = note.strip()
    errors: dict[str, str] = {}
    if _supporters_of(program, [supporter.pk]) != {supporter.pk}:
        errors["supporter"] = _("Please choose a peer supporter of this program.")
    if (
        alongside.pk == supporter.pk
        or not Membership.objects.filter(
            program=program, user=alongside, role__in=[Role.SUPPORTER, Role.SUPERVISOR]
        ).exists()
    ):
        errors["alongside"] = _("Please choose another supporter or supervisor of this program.")
    if kind not in PracticeKind.values:
        errors["kind"] = _("Please choose shadowing or co-facilitation.")
    if not 1 <= minutes <= 720:
        errors["minutes"] = _("Please give a length between 1 and 720 minutes.")
    _check_day(program, held_on, errors)
    if errors:
        raise ValidationError(errors)
    record = PracticeRecord.objects.create(
        program=program,
        supporter=supporter,
        alongside=alongside,
        kind=kind,
        held_on=held_on,
        minutes=minutes,
        note=note,
        logged_by=by,
    )
    if note:
        _assessed(note, writer=by, program=program, kind=PRACTICE_NOTE, source_id=record.pk)
    return record


@transaction.atomic
def set_care(
    *, by: User, supporter: User, supervisor: User | None, caseload_limit: int | None
) -> SupporterCare:
    """Who supervises a supporter and the most members matching may give them (None: no limit)."""
    program = _program_where(by, Role.SUPERVISOR, Role.ADMIN)
    errors: dict[str, str] = {}
    if _supporters_of(program, [supporter.pk]) != {supporter.pk}:
        raise PermissionDenied
    if (
        supervisor is not None
        and not Membership.objects.filter(
            program=program, user=supervisor, role=Role.SUPERVISOR
        ).exists()
    ):
        errors["supervisor"] = _("Please choose a supervisor of this program.")
    if caseload_limit is not None and not 0 <= caseload_limit <= 100:
        errors["caseload_limit"] = _("Please give a caseload limit between 0 and 100.")
    if errors:
        raise ValidationError(errors)
    care, _created = SupporterCare.objects.update_or_create(
        program=program,
        supporter=supporter,
        defaults={"supervisor": supervisor, "caseload_limit": caseload_limit},
    )
    record_access(
        viewer=by,
        record=care,
        subject=supporter,
        action=Action.WRITE,
        purpose="Set supervisor and caseload limit",
        program_id=program.pk,
    )
    return care


@transaction.atomic
def save_rules(*, by: User, on_call_hours_per_week: int) -> WellBeingRules:
    program = _program_where(by, Role.ADMIN, Role.SUPERVISOR)
    if not 1 <= on_call_hours_per_week <= 168:
        raise ValidationError(
            {"on_call_hours_per_week": _("Please give a number of hours between 1 and 168.")}
        )
    rules, _created = WellBeingRules.objects.update_or_create(
        program=program, defaults={"on_call_hours_per_week": on_call_hours_per_week}
    )
    return rules


@transaction.atomic
def record_time_off(
    *, by: User, supporter: User, starts_on: datetime.date, ends_on: datetime.date
) -> TimeOff:
    """A break a supporter took or will take, recorded by them or by a supervisor."""
    found = standing(by)
    program = found.program
    if program is None or _supporters_of(program, [supporter.pk]) != {supporter.pk}:
        raise PermissionDenied
    if by.pk != supporter.pk and not found.has(Role.SUPERVISOR):
        raise PermissionDenied
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The last day cannot be before the first day.")})
    return TimeOff.objects.create(
        program=program, supporter=supporter, starts_on=starts_on, ends_on=ends_on
    )


# --- debriefs and the case-review queue ---------------------------------------------------------------


def offer_debriefs(escalation: Any) -> None:
    """Safety's listener: an escalation was resolved. Each supporter who handled it is offered a
    debrief, and it joins the supervisors' case-review queue (once per supporter)."""
    program_id = escalation.program_id
    helpers = helpers_of(escalation)
    supporters = Membership.objects.filter(
        program_id=program_id, role=Role.SUPPORTER, user_id__in=helpers
    ).values_list("user_id", flat=True)
    for supporter_id in sorted(set(supporters)):
        ReviewItem.objects.get_or_create(
            kind=ReviewKind.ESCALATION,
            supporter_id=supporter_id,
            escalation_id=escalation.pk,
            defaults={"program_id": program_id, "debrief": Debrief.OFFERED},
        )


@transaction.atomic
def answer_debrief(
    *, supporter: User, item: ReviewItem, accept: bool, now: datetime.datetime | None = None
) -> ReviewItem:
    """The supporter takes up the debrief (their supervisor will talk it through with them) or says no
    thanks; they may change their mind while it is still waiting."""
    if item.supporter_id != supporter.pk or item.kind != ReviewKind.ESCALATION:
        raise PermissionDenied
    if item.reviewed_at is not None:
        raise ValidationError(_("Your supervisor has already gone through this one."))
    item.debrief = Debrief.ACCEPTED if accept else Debrief.DECLINED
    item.debrief_answered_at = now or timezone.now()
    item.save(update_fields=["debrief", "debrief_answered_at", "updated_at"])
    return item


@transaction.atomic
def ask_to_talk_through(
    *, supporter: User, note: str, conversation_id: int | None = None
) -> ReviewItem:
    """A supporter asks their supervisors to talk something through with them."""
    program = _program_where(supporter, Role.SUPPORTER)
    note = note.strip()
    if not note:
        raise ValidationError(
            {"note": _("Please say in a few words what you would like to talk through.")}
        )
    if len(note) > 2000:
        raise ValidationError({"note": _("Please keep it under 2000 characters.")})
    label = ""
    if conversation_id is not None:
        label = dict(conversation_choices(supporter, limit=200)).get(conversation_id, "")
        if not label:
            raise ValidationError({"conversation": _("Please choose one of your conversations.")})
    item = ReviewItem.objects.create(
        program=program,
        supporter=supporter,
        kind=ReviewKind.TALK_THROUGH,
        conversation_id=conversation_id,
        conversation_label=label,
        note=note,
    )
    _assessed(note, writer=supporter, program=program, kind=TALK_THROUGH, source_id=item.pk)
    return item


@transaction.atomic
def mark_reviewed(
    *, by: User, item: ReviewItem, now: datetime.datetime | None = None
) -> ReviewItem:
    """A supervisor has gone through this with the supporter."""
    program = _program_where(by, Role.SUPERVISOR)
    if item.program_id != program.pk:
        raise PermissionDenied
    if item.reviewed_at is None:
        item.reviewed_by, item.reviewed_at = by, now or timezone.now()
        item.save(update_fields=["reviewed_by", "reviewed_at", "updated_at"])
    return item


# --- the supporter's own check-in and the on-call limit ------------------------------------------------


@transaction.atomic
def record_check_in(
    *, supporter: User, answers: Mapping[str, int | None], note: str = "", is_shared: bool = False
) -> WellBeingCheckIn:
    """A supporter's short check-in; every item is optional. Only they see it, and their supervisor
    too when `is_shared`."""
    program = _program_where(supporter, Role.SUPPORTER)
    kept: dict[str, int] = {}
    for code, value in answers.items():
        if value is None:
            continue
        if code not in ITEMS or value not in (0, 1, 2, 3):
            raise ValidationError({code: _("Please choose one of the answers given.")})
        kept[code] = value
    note = note.strip()
    if len(note) > 1000:
        raise ValidationError({"note": _("Please keep it under 1000 characters.")})
    check_in = WellBeingCheckIn.objects.create(
        program=program, supporter=supporter, answers=kept, note=note, is_shared=is_shared
    )
    if note:
        _assessed(note, writer=supporter, program=program, kind=CHECK_IN, source_id=check_in.pk)
    return check_in


def on_call_refusal(program: Program, person: User, starts_at: datetime.datetime) -> str | None:
    """Safety's rota check: someone already on call for the program's weekly limit in the seven days
    before `starts_at` is not put on call again."""
    rules = WellBeingRules.objects.filter(program=program).first()
    limit = rules.on_call_hours_per_week if rules else WellBeingRules().on_call_hours_per_week
    week = datetime.timedelta(days=7)
    hours = on_call_hours(program, since=starts_at - week, until=starts_at).get(person.pk, 0.0)
    if hours < limit:
        return None
    return _(
        "%(name)s has been on call for %(hours)d hours in the past seven days, and this program's "
        "limit is %(limit)d. Please choose someone else so they can rest."
    ) % {"name": person, "hours": hours, "limit": limit}
