import pytest

from alongside.demo import load
from alongside.safety.models import Escalation, OnCallShift, State

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_rota_and_one_resolved_and_one_open_escalation():
    program = load(members=20, supporters=4)
    shift = OnCallShift.objects.get(program=program)
    assert (shift.supervisor.username, shift.backup.username) == ("demo-supervisor", "demo-admin")
    # Other apps' demos may open escalations of their own (a forum post, say); these two are ours.
    ours = Escalation.objects.filter(program=program, source_kind__in=["check_in", "questionnaire"])
    assert sorted(ours.values_list("state", flat=True)) == [State.OPEN, State.RESOLVED]
    waiting = ours.get(state=State.OPEN)
    assert (waiting.source_kind, waiting.on_call.username) == ("questionnaire", "demo-supervisor")
    resolved = ours.get(state=State.RESOLVED)
    assert resolved.events.filter(kind="resolved").get().actions == [
        "asked_directly",
        "safety_plan",
    ]
