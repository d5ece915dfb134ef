from datetime import timedelta
from uuid import uuid4

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.conversations import services
from alongside.conversations.models import Message, Notification
from alongside.conversations.selectors import HISTORY_PAGE
from alongside.conversations.services import start_conversation
from alongside.conversations.tests.factories import conversation_with, people_of, say
from alongside.notifications.models import NotificationSettings
from alongside.safety import Assessment, Level

pytestmark = pytest.mark.django_db


@pytest.fixture
def talk(world):
    """The world's member and supporter in a conversation."""
    return start_conversation(member=world["member"], supporter=world["supporter"])


def page_url(conversation, **query):
    url = reverse("conversations:conversation", args=[conversation.pk])
    return f"{url}?{'&'.join(f'{k}={v}' for k, v in query.items())}" if query else url


def test_the_list_shows_each_conversation_with_its_unread_count(client_for, world, talk):
    for _ in range(3):
        say(talk, world["supporter"])
    response = client_for("member").get(reverse("conversations:list"))
    text = response.content.decode()
    assert str(world["supporter"]) in text
    assert "3 new messages" in text


def test_the_list_costs_the_same_few_queries_however_many_conversations(
    client_for, world, django_assert_num_queries
):
    for _ in range(5):
        conversation = conversation_with(supporter=world["supporter"], program=world.program)
        say(conversation, world["supporter"])
    client = client_for("supporter")
    client.get(reverse("conversations:list"))  # the first visit after signing in stores the timeout
    # Every signed-in page: session, user, standing, profile (page shell), and sliding the session's
    # expiry (one update) = 5. This list: notification count, page count, rows, people = 4.
    with django_assert_num_queries(10):  # 1 of them: the shell's safety alerts
        response = client.get(reverse("conversations:list"))
    assert response.status_code == 200
    assert response.content.decode().count('class="conversation-row') == 5


def test_the_conversation_page_shows_recent_history_and_pages_back(client_for, world, talk):
    for n in range(HISTORY_PAGE + 5):
        say(talk, world["supporter"], f"message number {n + 1}.")
    client = client_for("member")
    text = client.get(page_url(talk)).content.decode()
    assert "message number 55." in text and "message number 6." in text
    assert "message number 5." not in text
    assert "?before=6" in text
    older = client.get(page_url(talk, before=6)).content.decode()
    assert "message number 5." in older and "message number 1." in older
    assert "message number 6." not in older
    assert "data-chat" not in older  # older pages are for reading; the composer lives on the newest


def test_earlier_messages_come_as_a_fragment_for_htmx(client_for, world, talk):
    for n in range(HISTORY_PAGE + 2):
        say(talk, world["supporter"], f"number {n + 1}.")
    response = client_for("member").get(page_url(talk, before=3), headers={"HX-Request": "true"})
    text = response.content.decode()
    assert "<html" not in text and "number 2." in text and 'id="m-1"' in text


def test_opening_the_conversation_marks_it_read(client_for, world, talk):
    say(talk, world["supporter"])
    say(talk, world["supporter"])
    client_for("member").get(page_url(talk))
    assert talk.participants.get(user=world["member"]).last_read_seq == 2
    assert not Notification.objects.unread().filter(recipient=world["member"]).exists()


def test_the_conversation_page_costs_a_fixed_number_of_queries(
    client_for, world, talk, django_assert_num_queries
):
    for n in range(30):
        say(talk, world["supporter"] if n % 2 else world["member"], f"line {n}")
    client = client_for("member")
    client.get(page_url(talk))  # marks read, so the pinned view below reads only
    # Every signed-in page: 5 (see the list above). This page: conversation, participants, history = 3;
    # safety (the crisis panel for the writer, the protocol for the supporter) = 1.
    with django_assert_num_queries(9):
        response = client.get(page_url(talk))
    assert response.status_code == 200


def test_the_composer_works_without_javascript(client_for, world, talk):
    client = client_for("member")
    page = client.get(page_url(talk)).content.decode()
    assert 'name="client_id"' in page and 'aria-live="polite"' in page
    client_id = str(uuid4())
    response = client.post(
        reverse("conversations:send", args=[talk.pk]),
        {"body": "Hello from a plain form.", "client_id": client_id},
    )
    assert response.status_code == 302 and response["Location"].endswith("#m-1")
    # The same form sent twice (a double click, a reload) stores the message once.
    client.post(
        reverse("conversations:send", args=[talk.pk]),
        {"body": "Hello from a plain form.", "client_id": client_id},
    )
    assert list(Message.objects.values_list("body", flat=True)) == ["Hello from a plain form."]
    assert "Hello from a plain form." in client.get(page_url(talk)).content.decode()


def test_a_refused_message_stays_in_the_box_with_the_reason(client_for, world, talk):
    services.end_conversation(
        supporter=world["supporter"], conversation=talk, closing_note="Take care."
    )
    talk.refresh_from_db()
    talk.ended_at = None  # the page was drawn before the end
    response = client_for("member").post(
        reverse("conversations:send", args=[talk.pk]),
        {"body": "My words.", "client_id": str(uuid4())},
    )
    assert response.status_code == 400
    assert "This conversation has ended" in response.content.decode()


def test_an_overlong_message_keeps_its_words(client_for, talk):
    words = "word " * 900
    response = client_for("member").post(
        reverse("conversations:send", args=[talk.pk]), {"body": words, "client_id": str(uuid4())}
    )
    assert response.status_code == 400
    assert words.strip()[:100] in response.content.decode()


def test_a_high_risk_message_brings_the_crisis_note(client_for, talk, monkeypatch):
    monkeypatch.setattr(services, "assess", lambda text, **_: Assessment(level=Level.HIGH))
    client = client_for("member")
    response = client.post(
        reverse("conversations:send", args=[talk.pk]),
        {"body": "synthetic words", "client_id": str(uuid4())},
        follow=True,
    )
    assert "Need help right now?" in response.content.decode()
    assert "really hard right now" in response.content.decode()


def test_editing_and_deleting_your_own_message(client_for, world, talk):
    message = say(talk, world["member"], "I am fin.")
    client = client_for("member")
    assert "Edit" in client.get(page_url(talk)).content.decode()
    client.post(reverse("conversations:message-edit", args=[talk.pk, 1]), {"body": "I am fine."})
    message.refresh_from_db()
    assert message.body == "I am fine."
    client.post(reverse("conversations:message-delete", args=[talk.pk, 1]))
    message.refresh_from_db()
    assert message.is_deleted
    supporter_view = client_for("supporter").get(page_url(talk)).content.decode()
    assert "This message was deleted." in supporter_view and "I am fine." not in supporter_view


def test_an_old_message_can_no_longer_be_edited(client_for, world, talk):
    message = say(talk, world["member"], "old words")
    Message.objects.filter(pk=message.pk).update(created_at=timezone.now() - timedelta(hours=1))
    client = client_for("member")
    response = client.get(reverse("conversations:message-edit", args=[talk.pk, 1]))
    assert response.status_code == 302
    assert "conversations/1/messages/1/edit" not in client.get(page_url(talk)).content.decode()


def test_nobody_edits_the_other_persons_message(client_for, world, talk):
    say(talk, world["supporter"], "supporter words")
    response = client_for("member").post(
        reverse("conversations:message-edit", args=[talk.pk, 1]), {"body": "changed"}
    )
    assert response.status_code == 404


def test_a_supporter_ends_warmly_and_the_member_can_still_read(client_for, world, talk):
    say(talk, world["member"], "Thank you for everything.")
    supporter = client_for("supporter")
    form = supporter.get(reverse("conversations:end", args=[talk.pk])).content.decode()
    assert "Thank you for letting me walk alongside you." in form  # a warm note to start from
    supporter.post(
        reverse("conversations:end", args=[talk.pk]), {"closing_note": "Be well, Robin."}
    )
    page = client_for("member").get(page_url(talk)).content.decode()
    assert "Be well, Robin." in page and "This conversation has ended" in page
    assert 'action="/conversations/' not in page.split("Be well")[1]  # no composer after the end


def test_a_member_leaves_and_asks_for_someone_else(client_for, world, talk):
    client = client_for("member")
    client.post(reverse("conversations:leave", args=[talk.pk]), {"wants_new_peer": "on"})
    seat = talk.participants.get(user=world["member"])
    assert seat.has_left and seat.wants_new_peer
    page = client_for("supporter").get(page_url(talk)).content.decode()
    assert f"{world['member']} left the conversation." in page


def test_the_notification_centre_lists_what_happened_while_away(client_for, world, talk):
    say(talk, world["supporter"])
    say(talk, world["supporter"])
    client = client_for("member")
    text = client.get(reverse("conversations:notifications")).content.decode()
    assert f"{world['supporter']} wrote 2 messages to you." in text
    client.post(reverse("conversations:notifications-read"))
    assert not Notification.objects.unread().exists()


def test_notification_settings_are_saved(client_for, world):
    client = client_for("member")
    client.post(
        reverse("conversations:notification-settings"),
        {
            "email_allowed": "on",
            "quiet_hours_on": "on",
            "quiet_from": "22:30",
            "quiet_until": "07:00",
        },
    )
    prefs = NotificationSettings.objects.get(user=world["member"])
    assert prefs.email_allowed and prefs.quiet_from.hour == 22 and prefs.quiet_from.minute == 30


@pytest.mark.parametrize(
    ("role", "shown"),
    [("member", True), ("supporter", True), ("clinician", False), ("admin", False)],
)
def test_the_conversations_link_is_shown_to_people_who_talk(client_for, role, shown):
    text = client_for(role).get(reverse("accounts:home")).content.decode()
    assert (f'href="{reverse("conversations:list")}"' in text) is shown


def test_someone_elses_conversation_is_not_found(client_for, world):
    conversation = conversation_with(program=world.program)
    assert client_for("member").get(page_url(conversation)).status_code == 404
    assert people_of(conversation)  # it exists all the same


def test_a_newcomer_to_a_room_reads_only_what_was_said_since_they_came(client):
    from alongside.accounts.choices import Role
    from alongside.accounts.tests.factories import person
    from conftest import sign_in

    conversation = conversation_with()
    member, supporter = people_of(conversation)
    room = services.open_room(
        program=conversation.program,
        title="Drop-in room",
        people=[(member, Role.MEMBER), (supporter, Role.SUPPORTER)],
    )
    say(room, member, "Before you came.")
    earlier = timezone.now() - timedelta(minutes=10)  # the two were there well before
    room.participants.update(created_at=earlier)
    Message.objects.filter(conversation=room).update(created_at=earlier + timedelta(minutes=5))
    newcomer = person(conversation.program, Role.MEMBER)
    services.join_room(conversation=room, user=newcomer, role=Role.MEMBER)
    say(room, supporter, "Welcome in.")
    sign_in(client, newcomer)
    page = client.get(room.get_absolute_url()).content.decode()
    assert "Welcome in." in page and "Before you came." not in page
    from alongside.accounts.services import issue_api_token

    api = client.get(
        f"/api/conversations/{room.pk}/messages?after_seq=0",
        headers={"Authorization": f"Bearer {issue_api_token(user=newcomer)}"},
    ).json()
    assert [m["body"] for m in api["messages"]] == ["Welcome in."]
    sign_in(client, member)  # those who were there still read it all
    page = client.get(room.get_absolute_url()).content.decode()
    assert "Welcome in." in page and "Before you came." in page
