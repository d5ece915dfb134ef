"""A crisis in a group meeting's room alerts every facilitator; only the first seated one is the
escalation's assigned supporter. Every facilitator alerted may open the escalation and say they have
seen their alert; a peer supporter who was not alerted still meets "not found"."""

from uuid import uuid4

import pytest
from django.test import Client
from django.urls import reverse

from alongside.accounts.choices import Role
from alongside.accounts.tests.factories import person
from alongside.conversations.services import send_message
from alongside.groups import services as groups
from alongside.groups.tests.factories import group_of, meeting_now
from alongside.safety.models import Alert, Escalation, EventKind
from alongside.safety.tests.factories import CRISIS_WORDS
from conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def crisis_in_a_room(world, django_capture_on_commit_callbacks):
    """A meeting with two facilitators, the first seated in the room, the second not yet; the
    world's member writes crisis words there."""
    seated, not_yet = person(world.program, Role.SUPPORTER), person(world.program, Role.SUPPORTER)
    group = group_of(world.program, facilitators=[seated, not_yet])
    groups.join_group(group=group, member=world.other_member)
    meeting = meeting_now(group)
    groups.enter_meeting_room(meeting=meeting, user=seated)
    room = groups.enter_meeting_room(meeting=meeting, user=world.other_member)
    with django_capture_on_commit_callbacks(execute=True):
        send_message(
            conversation=room, sender=world.other_member, client_id=uuid4(), body=CRISIS_WORDS
        )
    escalation = Escalation.objects.get(person=world.other_member)
    return escalation, room, seated, not_yet


def test_every_facilitator_alerted_opens_the_escalation_and_marks_their_alert_seen(
    crisis_in_a_room, client
):
    escalation, room, seated, not_yet = crisis_in_a_room
    assert escalation.assigned_supporter == seated  # the other facilitator is only alerted
    # The seated facilitator, assigned, goes to the room itself.
    room_url = reverse("conversations:conversation", args=[room.pk])
    seated_page = sign_in(Client(), seated).get(reverse("safety:escalation", args=[escalation.pk]))
    assert f'href="{room_url}#m-{escalation.source_item}"' in seated_page.content.decode()
    sign_in(client, not_yet)

    page = client.get(reverse("safety:escalation", args=[escalation.pk]))
    assert page.status_code == 200
    # Their link is the meeting's page, where they come into the room (not yet in it, the room itself
    # would be "not found"), not the supervisors' read-only view.
    text = page.content.decode()
    meeting_url = reverse("groups:meeting", args=[room.meeting.pk])
    assert f'href="{meeting_url}"' in text
    assert reverse("conversations:under-escalation", args=[escalation.pk]) not in text
    assert client.get(meeting_url).status_code == 200

    shell = client.get(reverse("safety:alerts")).content.decode()
    assert reverse("safety:seen", args=[escalation.pk]) in shell
    assert f'href="{meeting_url}"' in shell
    response = client.post(reverse("safety:seen", args=[escalation.pk]))
    assert response.status_code == 302
    assert not Alert.objects.unread().filter(escalation=escalation, recipient=not_yet).exists()
    assert escalation.events.filter(kind=EventKind.SEEN, actor=not_yet).exists()
    shell = client.get(reverse("safety:alerts")).content.decode()
    assert reverse("safety:seen", args=[escalation.pk]) not in shell


def test_a_peer_supporter_not_alerted_still_finds_nothing(crisis_in_a_room, client):
    escalation, _room, _seated, _not_yet = crisis_in_a_room
    bystander = person(escalation.program, Role.SUPPORTER)
    sign_in(client, bystander)
    assert client.get(reverse("safety:escalation", args=[escalation.pk])).status_code == 404
    assert client.post(reverse("safety:seen", args=[escalation.pk])).status_code == 404
    assert not escalation.events.filter(kind=EventKind.SEEN, actor=bystander).exists()


def test_an_alerted_facilitator_who_is_no_longer_a_peer_supporter_finds_nothing(
    crisis_in_a_room, client
):
    escalation, _room, _seated, not_yet = crisis_in_a_room
    not_yet.memberships.filter(role=Role.SUPPORTER).update(role=Role.MEMBER)
    sign_in(client, not_yet)
    assert client.get(reverse("safety:escalation", args=[escalation.pk])).status_code == 404
