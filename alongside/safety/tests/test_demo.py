import pytest

from alongside.demo import load
from alongside.safety.models import Escalation, OnCallShift, State

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_rota_and_one_resolved_and_one_open_escalation():
    program = load(members=20, supporters=4)
    shift = OnCallShift.objects.get(program=program)
    assert (shift.supervisor.username, shift.backup.username) == ("demo-supervisor", "demo-admin")
    states = sorted(Escalation.objects.filter(program=program).values_list("state", flat=True))
    assert states == [State.OPEN, State.RESOLVED]
    resolved = Escalation.objects.get(state=State.RESOLVED)
    assert resolved.events.filter(kind="resolved").get().actions == [
        "asked_directly",
        "safety_plan",
    ]
