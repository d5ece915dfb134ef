"""Conversations answer for the program a request is about, not a person's first program (issue 16,
item 5): who may open one, and which ones a person's list shows."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from alongside.accounts.choices import Role
from alongside.accounts.models import User
from alongside.accounts.selectors import pin_standing
from alongside.accounts.services import issue_api_token
from alongside.accounts.tests.factories import person, person_in_both
from alongside.conversations import services
from alongside.matching import services as matching
from alongside.matching.tests.factories import EVENINGS, supporter
from alongside.supervision.selectors import conversation_choices
from conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def rowan(world):
    """A member of program A (Harbor Peers, their first by id) and of program B (Elsewhere Peers)."""
    return person_in_both(world, Role.MEMBER, username="rowan")


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
    both = person_in_both(world, Role.SUPPORTER)
    in_a = services.start_conversation(member=fresh(rowan), supporter=both, program=world.program)
    in_b = services.start_conversation(
        member=fresh(rowan), supporter=both, program=world.foreign_program
    )
    assert in_a != in_b
    assert (in_a.program, in_b.program) == (world.program, world.foreign_program)


@pytest.fixture
def two_talks(world, rowan):
    """Rowan talks with Alder in A and with Birch in B."""
    alder = person(world.program, Role.SUPPORTER, display_name="Alder Harbor")
    birch = person(world.foreign_program, Role.SUPPORTER, display_name="Birch Elsewhere")
    in_a = services.start_conversation(member=fresh(rowan), supporter=alder, program=world.program)
    in_b = services.start_conversation(
        member=fresh(rowan), supporter=birch, program=world.foreign_program
    )
    return in_a, in_b


def test_the_list_shows_the_conversations_of_the_chosen_program_only(world, rowan, two_talks):
    client = sign_in(Client(), rowan)
    page = client.get(reverse("conversations:list")).content.decode()
    assert "Alder Harbor" in page and "Birch Elsewhere" not in page  # none chosen: the first
    client.post(reverse("accounts:choose-program"), {"program": world.foreign_program.pk})
    page = client.get(reverse("conversations:list")).content.decode()
    assert "Birch Elsewhere" in page and "Alder Harbor" not in page


def test_the_api_lists_the_conversations_of_the_program_it_names(world, rowan, two_talks):
    in_a, in_b = two_talks
    auth = {"Authorization": f"Bearer {issue_api_token(user=rowan)}"}
    listed = Client().get("/api/conversations", headers=auth).json()
    assert [c["id"] for c in listed] == [in_a.pk]
    named = {**auth, "X-Alongside-Program": world.foreign_program.slug}
    listed = Client().get("/api/conversations", headers=named).json()
    assert [c["id"] for c in listed] == [in_b.pk]


def test_a_supporter_in_two_programs_is_offered_only_the_current_ones_to_talk_through(world):
    both = person_in_both(world, Role.SUPPORTER)
    in_a = services.start_conversation(
        member=world["member"], supporter=both, program=world.program
    )
    in_b = services.start_conversation(
        member=world.foreign_member, supporter=both, program=world.foreign_program
    )
    assert [pk for pk, _label in conversation_choices(fresh(both))] == [in_a.pk]
    chose_b = fresh(both)
    pin_standing(chose_b, world.foreign_program.pk)
    assert [pk for pk, _label in conversation_choices(chose_b)] == [in_b.pk]
