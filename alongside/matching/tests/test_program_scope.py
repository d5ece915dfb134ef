"""Matching asks about the other person in the request's program, not their first (issue 16, item 5)."""

import pytest
from django.http import Http404

from alongside.accounts.choices import Role
from alongside.accounts.models import Membership, User
from alongside.accounts.selectors import pin_standing
from alongside.accounts.tests.factories import person
from alongside.matching import services
from alongside.matching.models import Block

pytestmark = pytest.mark.django_db


def test_a_member_blocks_someone_of_their_program_who_is_also_in_another(world):
    """Before, the blocked person's first program (A) stood, and a member of B could not block them."""
    river = person(world.program, Role.MEMBER, username="river")
    Membership.objects.create(user=river, program=world.foreign_program, role=Role.SUPPORTER)
    blocker = world.foreign_member
    pin_standing(blocker, world.foreign_program.pk)
    found = services.block(blocker=blocker, blocked=User.objects.get(pk=river.pk))
    assert (found.program, found.blocked_id) == (world.foreign_program, river.pk)


def test_nobody_blocks_someone_who_is_not_in_their_program(world):
    with pytest.raises(Http404):
        services.block(blocker=world.foreign_member, blocked=world["supporter"])
    assert not Block.objects.exists()
