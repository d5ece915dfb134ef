"""Calls ask about the member in the supporter's current program, not the member's first program (issue
16, item 5)."""

import pytest
from django.core.exceptions import ValidationError

from alongside.accounts.choices import Role
from alongside.accounts.models import Membership, User
from alongside.accounts.selectors import pin_standing
from alongside.accounts.tests.factories import person
from alongside.calls import hooks, services
from alongside.calls.models import Direction

pytestmark = pytest.mark.django_db


@pytest.fixture
def sage(world):
    """A peer supporter in program A (their first by id) who is a member in program B."""
    someone = person(world.program, Role.SUPPORTER, username="sage")
    Membership.objects.create(user=someone, program=world.foreign_program, role=Role.MEMBER)
    return User.objects.get(pk=someone.pk)


@pytest.fixture
def birch(world):
    """A peer supporter of program B, with B pinned as a request would."""
    supporter = person(world.foreign_program, Role.SUPPORTER, username="birch")
    pin_standing(supporter, world.foreign_program.pk)
    return supporter


def test_a_supporter_calls_a_member_of_their_program_whose_first_program_is_another(
    world, sage, birch
):
    """Before, the member's first program (A, where they are a supporter) stood, and the call was refused."""
    call = services.start_call(supporter=birch, member=sage, direction=Direction.OUTGOING)
    assert (call.program, call.member) == (world.foreign_program, sage)


def test_a_supporter_cannot_log_a_call_with_someone_who_is_only_a_supporter_here(world, birch):
    colleague = person(world.foreign_program, Role.SUPPORTER)
    with pytest.raises(ValidationError) as raised:
        services.start_call(supporter=birch, member=colleague, direction=Direction.OUTGOING)
    assert "member" in raised.value.message_dict


def test_the_taps_show_on_the_page_of_a_member_of_the_viewers_program_only(world, sage, birch, rf):
    request = rf.get("/people/1/")
    request.user = birch
    assert hooks.person_actions(request, sage)["member"] == sage  # before: None (a supporter in A)
    assert hooks.person_actions(request, world["member"]) is None  # a member in A only
