"""Changes to check-ins, questionnaire responses, safety flags, schedules and reminders.

Check-in notes pass through `safety.assess`; a PHQ-9 with item 9 above zero, or a note assessed `high` or
worse, leaves a `SafetyFlag`. That flag is the seam the safety work consumes to open an escalation: this
app never escalates by itself, and never hides the member's crisis options while it waits.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alongside.accounts.choices import Role
from alongside.accounts.models import Program, User
from alongside.accounts.selectors import standing, standing_in, today_in
from alongside.notifications.services import email_person
from alongside.safety import Level, assess
from alongside.safety.models import Escalation, SourceKind
from alongside.safety.services import open_escalation

from . import instruments, selectors
from .models import CheckIn, ProgramInstrumentText, Reminder, Response, SafetyFlag, Schedule
from .scoring import SCALES, SELF_HARM, score

logger = logging.getLogger(__name__)

ESCALATING_LEVELS = {Level.HIGH, Level.IMMINENT}
MAX_NOTE = 280


def _member_program(member: User) -> Program:
    found = standing(member)
    if found.program is None or not found.has(Role.MEMBER):
        raise PermissionDenied
    return found.program


def _check_scale(name: str, value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise ValidationError({name: _("Please choose one of the five options.")})
    return value


@transaction.atomic
def record_check_in(*, member: User, mood: int, sleep: int, energy: int, note: str = "") -> CheckIn:
    """Today's check-in: mood, sleep and energy from 1 to 5 and one optional line. A second check-in
    the same day replaces the first. The note is assessed for risk before it is stored."""
    program = _member_program(member)
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": _("Please keep it to one short line.")})
    assessment = assess(note)
    check_in, _created = CheckIn.objects.update_or_create(
        member=member,
        on=today_in(program),
        defaults={
            "program": program,
            "mood": _check_scale("mood", mood),
            "sleep": _check_scale("sleep", sleep),
            "energy": _check_scale("energy", energy),
            "note": note,
            "risk_level": assessment.level.value,
            "risk_model_version": assessment.model_version,
        },
    )
    if assessment.level in ESCALATING_LEVELS:
        flag = SafetyFlag.objects.create(
            program=program,
            member=member,
            source=SafetyFlag.Source.CHECK_IN_NOTE,
            level=assessment.level.value,
            reasons=list(assessment.reasons),
            check_in=check_in,
        )
        transaction.on_commit(partial(_escalate_flag, flag.pk), robust=True)
    return check_in


def _items(
    instrument: instruments.Instrument, answers: Sequence[int | None]
) -> list[dict[str, Any]]:
    return [
        {
            "link_id": item.link_id,
            "loinc": item.loinc,
            "value": answer,
            "answer_code": instrument.answer_code(answer) if answer is not None else "",
        }
        for item, answer in zip(instrument.items, answers, strict=True)
    ]


@transaction.atomic
def record_response(
    *,
    member: User,
    instrument: str,
    answers: Sequence[int | None],
    extra: dict[str, int] | None = None,
    language: str = "",
) -> Response:
    """Score and store one questionnaire. PHQ-9 item 9 above zero leaves a safety flag at once."""
    program = _member_program(member)
    found = selectors.instrument_for(program, instrument, language or "en")
    if found is None:
        raise ValidationError(_("This questionnaire is not available in your program."))
    result = score(instrument, answers)  # raises ValueError for a wrong length or range
    missing_required = [
        i.number for i in found.items if i.required and answers[i.number - 1] is None
    ]
    if missing_required:
        raise ValidationError(
            _("Please answer question %(number)s.") % {"number": missing_required[0]}
        )
    response = Response.objects.create(
        program=program,
        member=member,
        instrument=instrument,
        answers=list(answers),
        extra=extra or {},
        total=result.total,
        band=result.band or "",
        flags=sorted(result.flags),
        language=found.language,
        panel_loinc=found.panel_loinc,
        total_loinc=found.total_loinc,
        items=_items(found, answers),
    )
    if SELF_HARM in result.flags:
        flag = SafetyFlag.objects.create(
            program=program,
            member=member,
            source=SafetyFlag.Source.PHQ9_ITEM9,
            level=Level.HIGH.value,
            reasons=[f"PHQ-9 item 9 answered {answers[8]}"],
            response=response,
        )
        transaction.on_commit(partial(_escalate_flag, flag.pk), robust=True)
    schedule = Schedule.objects.filter(
        program=program, instrument=instrument, is_active=True
    ).first()
    if schedule is not None and schedule.every_days:
        next_due = response.completed_at + timedelta(days=schedule.every_days)
        transaction.on_commit(partial(_enqueue_reminder, member.pk, schedule.pk, at=next_due))
    return response


def _escalate_flag(flag_id: int) -> None:
    """Once the flag is stored, it opens an escalation and is marked handled."""
    escalate_flag(flag_id)


def escalate_flag(flag_id: int) -> Escalation | None:
    """For a safety flag (PHQ-9 item 9 above zero, a worrying check-in note): an escalation, and the
    flag marked handled. Called once the flag is committed; also safety's escalator for flags
    (`safety.services.escalate_flag`, registered in OutcomesConfig.ready())."""
    flag = SafetyFlag.objects.select_related("program", "member").filter(pk=flag_id).first()
    if flag is None or flag.handled_at is not None or not Level(flag.level).opens_escalation:
        return None
    questionnaire = flag.source == SafetyFlag.Source.PHQ9_ITEM9
    with transaction.atomic():
        escalation = open_escalation(
            program=flag.program,
            person=flag.member,
            source_kind=SourceKind.QUESTIONNAIRE if questionnaire else SourceKind.CHECK_IN,
            source_id=(flag.response_id if questionnaire else flag.check_in_id) or flag.pk,
            level=flag.level,
            reasons=[str(r) for r in flag.reasons],
        )
        mark_flag_handled(flag_id=flag.pk)
    return escalation


def escalate_unhandled_flags(program: Program) -> int:
    """Open escalations for any flags left without one (say, raised while the safety work was not yet
    installed): outcomes' sweep for `alongside manage safety_sweep`. Returns how many were handled."""
    handled = 0
    for flag_id in list(selectors.unhandled_safety_flags(program).values_list("pk", flat=True)):
        if escalate_flag(flag_id) is not None:
            handled += 1
    return handled


@transaction.atomic
def mark_flag_handled(*, flag_id: int) -> SafetyFlag:
    """Called once an escalation is open for this flag (`escalate_flag`)."""
    flag = SafetyFlag.objects.select_for_update().get(pk=flag_id)
    if flag.handled_at is None:
        flag.handled_at = timezone.now()
        flag.save(update_fields=["handled_at", "updated_at"])
    return flag


def _require_admin(actor: User) -> Program:
    found = standing(actor)
    if found.program is None or not found.has(Role.ADMIN):
        raise PermissionDenied
    return found.program


@transaction.atomic
def create_schedule(
    *, actor: User, instrument: str, at_intake: bool, every_days: int | None
) -> Schedule:
    """Offer a questionnaire to every member of the actor's program, at intake and/or every N days.
    Members it is due for now are reminded once the schedule is saved."""
    program = _require_admin(actor)
    if selectors.instrument_for(program, instrument, "en") is None:
        raise ValidationError({"instrument": _("This questionnaire is not available here.")})
    if not at_intake and not every_days:
        raise ValidationError(_("Choose at intake, a number of days, or both."))
    if every_days is not None and not 7 <= every_days <= 365:
        raise ValidationError({"every_days": _("Choose between 7 and 365 days.")})
    Schedule.objects.filter(program=program, instrument=instrument, is_active=True).update(
        is_active=False, updated_at=timezone.now()
    )
    schedule = Schedule.objects.create(
        program=program,
        instrument=instrument,
        at_intake=at_intake,
        every_days=every_days,
        created_by=actor,
    )
    transaction.on_commit(partial(_enqueue_program_reminders, program.pk))
    return schedule


@transaction.atomic
def stop_schedule(*, actor: User, schedule_id: int) -> Schedule:
    program = _require_admin(actor)
    schedule = Schedule.objects.filter(pk=schedule_id, program=program).first()
    if schedule is None:
        raise PermissionDenied
    schedule.is_active = False
    schedule.save(update_fields=["is_active", "updated_at"])
    return schedule


def _enqueue_reminder(member_id: int, schedule_id: int, *, at: datetime | None = None) -> None:
    from django_tasks import default_task_backend

    from .tasks import send_reminder

    task = send_reminder
    if default_task_backend.supports_defer and at is not None:
        task = task.using(run_after=at)
    task.enqueue(member_id, schedule_id)  # the task checks again that it is due when it runs


def _enqueue_program_reminders(program_id: int) -> None:
    from .tasks import send_program_reminders

    send_program_reminders.enqueue(program_id)


def send_reminder(*, member_id: int, schedule_id: int) -> bool:
    """Remind one member of one questionnaire, if it is still due today and they were not yet reminded
    for this due date. Returns True when a reminder was recorded."""
    member = User.objects.filter(pk=member_id, is_active=True).first()
    schedule = Schedule.objects.filter(pk=schedule_id, is_active=True).first()
    if member is None or schedule is None:
        return False
    if not standing_in(member, schedule.program).has(Role.MEMBER):  # the schedule's program
        return False
    due = selectors.due_date(member, schedule)
    if due is None or due > today_in(schedule.program):
        return False
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(schedule=schedule, member=member, due_on=due)
    except IntegrityError:
        return False  # already reminded for this due date
    with translation.override(member.language or settings.LANGUAGE_CODE):
        subject = _("A short questionnaire is ready for you")
        body = _(
            "Hello %(name)s,\n\nWhen you have a few minutes, a short questionnaire is "
            "waiting for you on Alongside. It helps you and your peer supporter see how "
            "things are going. There is no rush.\n"
        ) % {"name": member.display_name or member.username}
    # Only to someone who allows email; in their quiet hours it waits for the morning.
    if email_person(to=member, subject=subject, body=body).sent:
        reminder.emailed = True
        reminder.save(update_fields=["emailed"])
    return True


def send_program_reminders(*, program_id: int) -> int:
    """Remind every member of a program of the questionnaires due for them today; returns how many."""
    sent = 0
    for schedule in Schedule.objects.filter(program_id=program_id, is_active=True):
        for member in selectors.members_of_program(schedule.program):
            sent += send_reminder(member_id=member.pk, schedule_id=schedule.pk)
    return sent


@transaction.atomic
def load_instrument_text(
    *,
    program: Program,
    instrument: str,
    language: str,
    content: dict[str, Any],
    loaded_by: User | None,
) -> ProgramInstrumentText:
    """Store a program's own licensed text for a scoring-only instrument (checked against its scale)."""
    if instrument not in instruments.SCORING_ONLY:
        raise ValidationError(_("Only instruments without shipped text can be loaded."))
    instruments.loaded_instrument(
        instrument, content, language
    )  # raises ValueError if it won't fit
    scale = SCALES[instrument]
    values = sorted(int(c["value"]) for c in content["choices"])
    if values != list(range(scale.low, scale.high + 1)):
        raise ValidationError(
            _("The answer choices must run from %(low)s to %(high)s.")
            % {"low": scale.low, "high": scale.high}
        )
    text, _created = ProgramInstrumentText.objects.update_or_create(
        program=program,
        instrument=instrument,
        language=language,
        defaults={"content": content, "loaded_by": loaded_by},
    )
    return text
