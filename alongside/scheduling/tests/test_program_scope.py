"""Booking asks about both people in the session's program, not their first one (issue 16, item 5)."""

import pytest
from django.core.exceptions import ValidationError

from alongside.accounts.choices import Role
from alongside.accounts.models import Membership, User
from alongside.accounts.services import link_care_team
from alongside.accounts.tests.factories import ProgramFactory, person, person_in_both
from alongside.records.models import Modality
from alongside.scheduling import services
from alongside.scheduling.models import Status

from .factories import next_day_at, weekday_hours

pytestmark = pytest.mark.django_db


@pytest.fixture
def rowan(world):
    """A member of program A (their first by id) and of program B."""
    return person_in_both(world, Role.MEMBER, username="rowan")


def _book(world, *, by, supporter, member):
    return services.book_session(
        by=by,
        program=world.foreign_program,
        supporter=supporter,
        member=member,
        modality=Modality.PHONE,
        starts_at=next_day_at(10),
    )


def test_a_supporter_books_with_a_member_whose_first_program_is_another(world, rowan):
    """Before, the member's first program (A) stood and B's supporter was told to choose from theirs."""
    birch = person(world.foreign_program, Role.SUPPORTER)
    link_care_team(program=world.foreign_program, member=rowan, staff=birch, role=Role.SUPPORTER)
    weekday_hours(world.foreign_program, birch)
    member = User.objects.get(pk=rowan.pk)  # as the supporter's request reads them: nothing pinned
    session = _book(world, by=birch, supporter=birch, member=member)
    assert (session.program, session.status) == (world.foreign_program, Status.BOOKED)


def test_working_together_in_one_program_books_nothing_in_the_other(world):
    """Before, a care-team link in program C let two people of B and C book a session in B."""
    third = ProgramFactory(slug="third")
    member = person(world.foreign_program, Role.MEMBER)
    Membership.objects.create(user=member, program=third, role=Role.MEMBER)
    both = person(world.foreign_program, Role.SUPPORTER)
    Membership.objects.create(user=both, program=third, role=Role.SUPPORTER)
    link_care_team(program=third, member=member, staff=both, role=Role.SUPPORTER)
    weekday_hours(world.foreign_program, both)
    with pytest.raises(ValidationError) as caught:
        _book(world, by=both, supporter=both, member=member)
    assert "supporter" in caught.value.message_dict
