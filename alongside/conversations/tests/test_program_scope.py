"""Conversations answer for the program a request is about, not a person's first program (issue 16,
item 5): who may open one, and which ones a person's list shows."""

import pytest
from django.core.exceptions import ValidationError

from alongside.accounts.choices import Role
from alongside.accounts.models import Membership, User
from alongside.accounts.selectors import pin_standing
from alongside.accounts.tests.factories import person
from alongside.conversations import services
from alongside.matching import services as matching
from alongside.matching.tests.factories import EVENINGS, supporter

pytestmark = pytest.mark.django_db


@pytest.fixture
def rowan(world):
    """A member of program A (Harbor Peers, their first by id) and of program B (Elsewhere Peers)."""
    someone = person(world.program, Role.MEMBER, username="rowan")
    Membership.objects.create(user=someone, program=world.foreign_program, role=Role.MEMBER)
    return someone


def fresh(user: User) -> User:
    """The person as another request (or a worker) reads them: nothing pinned on the object."""
    return User.objects.get(pk=user.pk)


def test_a_match_in_the_members_second_program_opens_its_conversation_there(world, rowan):
    """Before, the member's first program stood, the supporter of B did not belong to it, and the
    supervisor's assignment failed."""
    peer = supporter(world.foreign_program, "peer-b")
    boss = person(world.foreign_program, Role.SUPERVISOR)
    asking = fresh(rowan)
    pin_standing(asking, world.foreign_program.pk)  # the member chose B in their session
    request = matching.submit_request(
        member=asking, availability=EVENINGS[:2], time_zone="America/New_York"
    )
    conversation = matching.assign_by_hand(
        supervisor=boss, request_id=request.pk, supporter_id=peer.pk
    )
    assert conversation.program == world.foreign_program
    assert {p.user_id for p in conversation.participants.all()} == {rowan.pk, peer.pk}


def test_start_conversation_asks_about_both_people_in_the_program_named(world, rowan):
    peer = person(world.foreign_program, Role.SUPPORTER)
    opened = services.start_conversation(
        member=fresh(rowan), supporter=peer, program=world.foreign_program
    )
    assert opened.program == world.foreign_program
    assert (
        services.start_conversation(
            member=fresh(rowan), supporter=peer, program=world.foreign_program
        )
        == opened
    )
    with pytest.raises(ValidationError):  # the supporter of B is nobody's supporter in A
        services.start_conversation(member=fresh(rowan), supporter=peer, program=world.program)
    with pytest.raises(ValidationError):  # without a program, the member's current one (A) stands
        services.start_conversation(member=fresh(rowan), supporter=peer)


def test_the_same_two_people_have_one_open_conversation_per_program(world, rowan):
    both = person(world.program, Role.SUPPORTER)
    Membership.objects.create(user=both, program=world.foreign_program, role=Role.SUPPORTER)
    in_a = services.start_conversation(member=fresh(rowan), supporter=both, program=world.program)
    in_b = services.start_conversation(
        member=fresh(rowan), supporter=both, program=world.foreign_program
    )
    assert in_a != in_b
    assert (in_a.program, in_b.program) == (world.program, world.foreign_program)
