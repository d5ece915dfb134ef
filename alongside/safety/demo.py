"""Synthetic safety data for the demo program: who is on call, one resolved and one open escalation.
Everything here is invented."""

from __future__ import annotations

from django.db import transaction

from alongside.accounts.models import Program, User
from alongside.accounts.selectors import caseload_of
from alongside.outcomes.selectors import unhandled_safety_flags
from alongside.outcomes.services import record_check_in, record_response

from . import services
from .models import Escalation


@transaction.atomic
def load(program: Program) -> None:
    supervisor = User.objects.get(username="demo-supervisor")
    admin = User.objects.get(username="demo-admin")
    supporter = User.objects.get(username="demo-supporter")
    services.set_on_call(program=program, by=admin, supervisor=supervisor, backup=admin)
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
    services.acknowledge_escalation(escalation=resolved, by=supervisor)
    services.add_escalation_note(
        escalation=resolved,
        by=supporter,
        note="Messaged them; they answered and we talked for half an hour.",
    )
    services.resolve_escalation(
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
    escalation = services.escalate_flag(flag.pk)
    assert escalation is not None  # noqa: S101  # a fresh flag of level high always escalates
    return escalation
