"""The demo adds hours for every supporter and a week of sessions for demo-supporter, some held (so
records has their encounters), with a visit to an appointment and a video call."""

import pytest

from alongside.accounts.choices import Role
from alongside.accounts.services import link_care_team
from alongside.accounts.tests.factories import person
from alongside.records.models import Encounter, Modality
from alongside.scheduling import demo
from alongside.scheduling.models import Session, Status, WeeklyHours

pytestmark = pytest.mark.django_db


def test_the_demo_week(world):
    program = world.program
    supporter = person(program, Role.SUPPORTER, username="demo-supporter")
    member = person(program, Role.MEMBER, username="demo-member")
    for someone in (member, *(person(program, Role.MEMBER) for _ in range(3))):
        link_care_team(program=program, member=someone, staff=supporter, role=Role.SUPPORTER)
    demo.load(program)
    assert WeeklyHours.objects.filter(supporter=world["supporter"]).count() == 10
    sessions = Session.objects.filter(supporter=supporter)
    statuses = set(sessions.values_list("status", flat=True))
    assert statuses == {
        Status.HELD,
        Status.NO_SHOW,
        Status.BOOKED,
        Status.PROPOSED,
        Status.CANCELLED,
    }
    mine = sessions.filter(member=member)
    assert mine.filter(modality=Modality.ACCOMPANIMENT).count() == 2
    assert mine.filter(modality=Modality.VIDEO).count() == 2
    held = sessions.filter(status=Status.HELD).count()
    assert Encounter.objects.filter(source="session", supporter=supporter).count() == held == 3
