"""A group's facilitators are asked about in the group's program, not their first program (issue 16,
item 5)."""

import pytest
from django.core.exceptions import ValidationError

from alongside.accounts.choices import Role
from alongside.accounts.models import Membership, User
from alongside.accounts.tests.factories import person, person_in_both
from alongside.groups.tests.factories import group_of

pytestmark = pytest.mark.django_db


def test_a_supporter_of_two_programs_facilitates_a_group_of_their_second(world):
    """Before, their first program (A) stood and B's group refused them."""
    sage = person_in_both(world, Role.SUPPORTER, username="sage")
    group = group_of(world.foreign_program, facilitators=[User.objects.get(pk=sage.pk)])
    assert list(group.facilitators.all()) == [sage]


def test_a_member_of_the_groups_program_is_no_facilitator_however_they_serve_elsewhere(world):
    river = person(world.program, Role.SUPPORTER, username="river")
    Membership.objects.create(user=river, program=world.foreign_program, role=Role.MEMBER)
    with pytest.raises(ValidationError) as caught:
        group_of(world.foreign_program, facilitators=[river])
    assert "facilitators" in caught.value.message_dict
