"""The supporter assigned to an escalation sees it while they are a peer supporter of the escalation's
program, whichever of their programs they are reading in (issue 16, item 5)."""

import pytest

from alongside.accounts.choices import Role
from alongside.accounts.models import Membership, User
from alongside.accounts.selectors import pin_standing
from alongside.accounts.tests.factories import person, person_in_both
from alongside.safety.selectors import may_view
from alongside.safety.tests.factories import escalation_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def supporter_of_both(world):
    """A peer supporter of A (their first program) and of B, assigned to an escalation in B."""
    supporter = person_in_both(world, Role.SUPPORTER, username="sup-ab")
    member = person(world.foreign_program, Role.MEMBER)
    escalation = escalation_for(member, world.foreign_program, supporter=supporter)
    return supporter, escalation


def _reading_in(user, program):
    fresh = User.objects.get(pk=user.pk)
    pin_standing(fresh, program.pk)
    return fresh


def test_the_assigned_supporter_sees_it_from_either_program(world, supporter_of_both):
    supporter, escalation = supporter_of_both
    assert may_view(_reading_in(supporter, world.foreign_program), escalation)
    assert may_view(_reading_in(supporter, world.program), escalation)


def test_no_longer_a_supporter_in_its_program_they_no_longer_see_it(world, supporter_of_both):
    """Before: a supporter role in whatever program they read in (A) was enough."""
    supporter, escalation = supporter_of_both
    Membership.objects.filter(user=supporter, program=world.foreign_program).update(
        role=Role.MEMBER
    )
    assert not may_view(_reading_in(supporter, world.program), escalation)
