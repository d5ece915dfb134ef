"""Synthetic safety data for the demo program: who is on call, one resolved and one open escalation.
Everything here is invented."""

from __future__ import annotations

from django.db import transaction

from alongside.accounts.models import Program, User
from alongside.accounts.selectors import caseload_of
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
    record_check_in(
        member=earlier,
        mood=1,
        sleep=2,
        energy=1,
        note="Lately I keep thinking everyone would be better off without me.",
    )
    services.escalate_unhandled_flags(program)
    resolved = Escalation.objects.get(person=earlier)
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
    record_response(member=now_waiting, instrument="phq9", answers=[2, 2, 1, 2, 1, 1, 1, 1, 1])
    services.escalate_unhandled_flags(program)
