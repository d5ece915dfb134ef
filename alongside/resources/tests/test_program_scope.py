"""A referral is made in the program the request is in, for a member in several programs (issue 16,
item 5): before, the member's first program stood, whoever was asking."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from alongside.accounts.choices import Role
from alongside.accounts.models import User
from alongside.accounts.selectors import pin_standing, today_in
from alongside.accounts.services import link_care_team
from alongside.accounts.tests.factories import person, person_in_both
from alongside.resources import services
from alongside.resources.models import ReferralStatus
from alongside.resources.tests.factories import resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def rowan(world):
    """A member of A (their first program) and of B."""
    member = person_in_both(world, Role.MEMBER, username="rowan")
    return User.objects.get(pk=member.pk)


def _refer(world, actor, member, place):
    return services.make_referral(
        actor=actor,
        member=member,
        resource=place,
        need="food",
        follow_up_on=today_in(world.foreign_program) + timedelta(days=7),
    )


def test_a_supporter_of_b_refers_a_member_whose_first_program_is_a(world, rowan):
    birch = person(world.foreign_program, Role.SUPPORTER)
    link_care_team(program=world.foreign_program, member=rowan, staff=birch, role=Role.SUPPORTER)
    pin_standing(birch, world.foreign_program.pk)
    referral = _refer(world, birch, rowan, resource(world.foreign_program, name="Elm Food Bank"))
    assert referral.program == world.foreign_program
    moved = services.update_referral(
        actor=birch, referral_id=referral.pk, status=ReferralStatus.CONTACTED
    )
    assert moved.status == ReferralStatus.CONTACTED


def test_working_with_a_member_in_a_refers_nothing_while_in_b(world, rowan):
    both = person_in_both(world, Role.SUPPORTER)
    link_care_team(program=world.program, member=rowan, staff=both, role=Role.SUPPORTER)
    pin_standing(both, world.foreign_program.pk)
    with pytest.raises(PermissionDenied):
        _refer(world, both, rowan, resource(world.program, name="Oak Food Bank"))
