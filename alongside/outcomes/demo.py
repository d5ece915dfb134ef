"""Synthetic demo check-ins and questionnaires for Robin (demo-member), and a program schedule."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import Program, User
from alongside.accounts.selectors import caseload_of, today_in
from alongside.safety import services as safety_services

from .models import CheckIn, Response, Schedule
from .selectors import unhandled_safety_flags
from .services import escalate_flag, record_check_in, record_response

if TYPE_CHECKING:
    from alongside.safety.models import Escalation

# (days ago, mood, sleep, energy): a few hard weeks, slowly lifting.
_CHECK_INS = [
    (27, 2, 2, 2), (25, 2, 3, 2), (22, 3, 2, 2), (20, 2, 2, 3), (18, 3, 3, 3), (15, 3, 3, 2),
    (13, 3, 4, 3), (11, 4, 3, 3), (8, 3, 4, 4), (6, 4, 4, 3), (4, 4, 3, 4), (2, 4, 4, 4),
    (1, 5, 4, 4),
]  # fmt: skip
_WHO5 = [(28, [2, 1, 2, 1, 3]), (1, [3, 3, 3, 2, 4])]  # 36 → 60


@transaction.atomic
def load(program: Program) -> None:
    member = User.objects.get(username="demo-member")
    today = today_in(program)
    for days_ago, mood, sleep, energy in _CHECK_INS:
        check_in = record_check_in(member=member, mood=mood, sleep=sleep, energy=energy)
        CheckIn.objects.filter(pk=check_in.pk).update(on=today - timedelta(days=days_ago))
    for days_ago, answers in _WHO5:
        response = record_response(member=member, instrument="who5", answers=answers)
        Response.objects.filter(pk=response.pk).update(
            completed_at=timezone.now() - timedelta(days=days_ago)
        )
    Schedule.objects.create(program=program, instrument="who5", at_intake=True, every_days=30)


@transaction.atomic
def load_escalations(program: Program) -> None:
    """One resolved and one open escalation, raised by two members' check-in and questionnaire, for
    the safety pages (after safety's demo has set who is on call)."""
    supervisor = User.objects.get(username="demo-supervisor")
    supporter = User.objects.get(username="demo-supporter")
    members = [
        link.member for link in caseload_of(supporter) if link.member.username != "demo-member"
    ][:2]
    if len(members) < 2:
        return
    earlier, now_waiting = members
    # Resolved: a worrying check-in note, worked by the supervisor and the peer supporter.
    check_in = record_check_in(
        member=earlier,
        mood=1,
        sleep=2,
        energy=1,
        note="Lately I keep thinking everyone would be better off without me.",
    )
    resolved = _escalate_flag_of(program, check_in=check_in)
    safety_services.acknowledge_escalation(escalation=resolved, by=supervisor)
    safety_services.add_escalation_note(
        escalation=resolved,
        by=supporter,
        note="Messaged them; they answered and we talked for half an hour.",
    )
    safety_services.resolve_escalation(
        escalation=resolved,
        by=supervisor,
        actions=["asked_directly", "safety_plan"],
        note="No plan or means. We went through their safety plan together; they will check in "
        "tomorrow.",
    )
    # Open: a questionnaire with item 9 above zero, waiting for the supervisor on call.
    response = record_response(
        member=now_waiting, instrument="phq9", answers=[2, 2, 1, 2, 1, 1, 1, 1, 1]
    )
    _escalate_flag_of(program, response=response)


def _escalate_flag_of(program: Program, **source: object) -> Escalation:
    """The escalation for the flag this check-in or response left (the hook would open it on commit;
    the demo opens it now, so what follows can work it)."""
    flag = unhandled_safety_flags(program).filter(**source).get()
    escalation = escalate_flag(flag.pk)
    assert escalation is not None  # noqa: S101  # a fresh flag of level high always escalates
    return escalation
