"""Each kind of report target finds its thing through the owning app's `access_*` selector, so the report
page never shows words the reporter may not read: a message held by the boundary guard, hidden by a
moderator, or said in a room before they came in; a person of another program; a held forum post."""

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.choices import Role
from alongside.conversations.models import Message
from alongside.conversations.services import (
    join_room,
    open_room,
    set_message_hidden,
    start_conversation,
)
from alongside.conversations.tests.factories import say_anyway
from alongside.forums.models import Post, PostStatus
from alongside.forums.tests.factories import reply_by, thread_by
from alongside.safety.moderation import targets

pytestmark = pytest.mark.django_db

WORDS = "Synthetic words only the right people may read."


def _report_page(client, kind, target_id):
    return client.get(reverse("moderation:report", args=[kind, target_id]))


@pytest.fixture
def message(world):
    conversation = start_conversation(member=world["member"], supporter=world["supporter"])
    return say_anyway(conversation, world["supporter"], WORDS)


def test_a_message_the_other_participant_can_read_can_be_reported(client_for, message):
    response = _report_page(client_for("member"), "message", message.pk)
    assert response.status_code == 200
    assert WORDS in response.content.decode()


def test_a_message_held_by_the_boundary_guard_is_not_shown_on_the_report_page(client_for, message):
    Message.objects.filter(pk=message.pk).update(held_at=timezone.now())
    response = _report_page(client_for("member"), "message", message.pk)
    assert response.status_code == 404
    assert WORDS not in response.content.decode()


def test_a_message_hidden_by_a_moderator_is_not_shown_on_the_report_page(client_for, message):
    set_message_hidden(message_id=message.pk, hidden=True, reason="Unkind.")
    response = _report_page(client_for("member"), "message", message.pk)
    assert response.status_code == 404
    assert WORDS not in response.content.decode()


def test_a_room_message_from_before_someone_came_in_is_not_theirs_to_report(world, client_for):
    room = open_room(
        program=world.program,
        title="Evening drop-in",
        people=[(world["supporter"], Role.SUPPORTER)],
    )
    earlier = say_anyway(room, world["supporter"], WORDS)
    Message.objects.filter(pk=earlier.pk).update(created_at=timezone.now() - timezone.timedelta(1))
    join_room(conversation=room, user=world["member"], role=Role.MEMBER)
    assert _report_page(client_for("member"), "message", earlier.pk).status_code == 404


def test_a_message_of_a_conversation_one_is_not_in_cannot_be_reported(client_for, message):
    assert _report_page(client_for("clinician"), "message", message.pk).status_code == 404


def test_a_person_of_ones_program_can_be_reported_and_of_another_cannot(world, client_for):
    client = client_for("member")
    assert _report_page(client, "person", world["supporter"].pk).status_code == 200
    assert _report_page(client, "person", world.foreign_member.pk).status_code == 404


def test_a_held_forum_post_is_not_shown_to_another_reader(world, client_for):
    thread = thread_by(world["supporter"], world.program)
    post = reply_by(world["supporter"], thread, body=WORDS)
    Post.objects.filter(pk=post.pk).update(status=PostStatus.PUBLISHED)
    client = client_for("member")
    assert _report_page(client, "forum_post", post.pk).status_code == 200
    for status in (PostStatus.HELD, PostStatus.HIDDEN):
        Post.objects.filter(pk=post.pk).update(status=status)
        response = _report_page(client, "forum_post", post.pk)
        assert response.status_code == 404
        assert WORDS not in response.content.decode()


def test_every_target_kind_is_found_through_its_apps_selector():
    """A new kind must be added here, with its own test above, when it registers."""
    assert targets.kinds() == ["forum_post", "message", "person"]
