"""Synthetic demo check-ins and questionnaires for Robin (demo-member), and a program schedule."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import Program, User
from alongside.accounts.selectors import today_in

from .models import CheckIn, Response, Schedule
from .services import record_check_in, record_response

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
