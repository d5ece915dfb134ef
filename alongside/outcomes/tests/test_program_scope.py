"""Outcomes ask about the member in the program at hand (the reader's, the schedule's), not the member's
first program (issue 16, item 5)."""

import pytest
from django.http import Http404

from alongside.accounts.choices import ConsentScope, Role
from alongside.accounts.models import User
from alongside.accounts.selectors import pin_standing
from alongside.accounts.services import grant_consent
from alongside.accounts.tests.factories import person, person_in_both
from alongside.audit.models import AccessLog
from alongside.outcomes import selectors, services
from alongside.outcomes.models import Reminder, Schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def rowan(world):
    """A member of A (their first program) and of B."""
    return person_in_both(world, Role.MEMBER, username="rowan")


def test_a_reader_in_the_members_second_program_reads_their_check_ins(world, rowan):
    """Before, the member's first program (A) stood and B's supporter was answered 404."""
    birch = person(world.foreign_program, Role.SUPPORTER)
    pin_standing(rowan, world.foreign_program.pk)
    grant_consent(member=rowan, grantee=birch, scope=ConsentScope.CHECK_INS)
    member = User.objects.get(pk=rowan.pk)
    assert selectors.access_member_outcomes(birch, member.pk, purpose="Trends") == member
    assert AccessLog.objects.get(actor=birch).program_id == world.foreign_program.pk
    with pytest.raises(Http404):  # a member of A only, even with a consent somehow in force
        selectors.access_member_outcomes(birch, world["member"].pk, purpose="Trends")


def test_a_schedule_of_the_members_second_program_reminds_them(world, rowan):
    """Before, the reminder task compared the member's first program (A) with the schedule's (B)."""
    schedule = Schedule.objects.create(
        program=world.foreign_program, instrument="who5", at_intake=True
    )
    assert services.send_reminder(member_id=rowan.pk, schedule_id=schedule.pk)
    assert Reminder.objects.get().member_id == rowan.pk
    elsewhere = Schedule.objects.create(program=world.foreign_program, instrument="gad7")
    assert not services.send_reminder(member_id=world["member"].pk, schedule_id=elsewhere.pk)
