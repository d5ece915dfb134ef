"""The boundary guard in the send path: warn (refuse until confirmed) or hold (store, keep from the others
until a supervisor releases it); never a silent drop. Services, API, the plain form and the socket."""

import json
from uuid import uuid4

import pytest
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alongside.accounts.services import issue_api_token
from alongside.audit.models import AccessLog
from alongside.conversations import realtime, services
from alongside.conversations.livedb import close_live_connections
from alongside.conversations.models import (
    BoundaryPolicy,
    ConversationSettings,
    Message,
    Notification,
)
from alongside.conversations.routing import websocket_urlpatterns
from alongside.conversations.services import start_conversation
from alongside.conversations.tests.factories import conversation_with, people_of, say

PHONE = "Call me on 555-123-4567 after work"


@pytest.fixture
def talk(world):
    return start_conversation(member=world["member"], supporter=world["supporter"])


def hold(program):
    ConversationSettings.objects.create(program=program, boundary_policy=BoundaryPolicy.HOLD)


# --- services ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_warn_refuses_until_confirmed_and_records_what_was_confirmed(world, talk):
    with pytest.raises(services.BoundaryWarning) as refused:
        say(talk, world["member"], PHONE)
    assert [f.kind for f in refused.value.findings] == ["phone", "meeting"]
    assert refused.value.code == "boundary"
    assert Message.objects.count() == 0
    talk.refresh_from_db()
    assert talk.last_seq == 0  # nothing numbered, nothing lost: the words are still the writer's
    message = services.send_message(
        conversation=talk,
        sender=world["member"],
        client_id=uuid4(),
        body=PHONE,
        confirm_boundary=True,
    )
    assert (message.seq, message.boundary, message.is_held) == (1, ["phone", "meeting"], False)


@pytest.mark.django_db
def test_ordinary_words_pass_without_a_look_at_the_policy(world, talk):
    say(talk, world["member"], "warm up")
    with CaptureQueriesContext(connection) as captured:
        message = say(talk, world["member"], "Call 988 if it gets bad; see you here at 5.")
    assert message.boundary == [] and not message.is_held
    assert not any("conversationsettings" in q["sql"] for q in captured.captured_queries)


@pytest.mark.django_db
def test_hold_stores_the_message_but_keeps_it_from_the_others(
    world, talk, sent_events, django_capture_on_commit_callbacks
):
    hold(world.program)
    with django_capture_on_commit_callbacks(execute=True):
        message = say(talk, world["member"], PHONE)
    assert message.is_held and message.boundary == ["phone", "meeting"]
    [(_, event)] = sent_events
    assert (event["type"], event["body"], event["held"]) == ("message", "", True)
    mine = realtime.message_event(message, viewer_id=world["member"].pk)
    assert (mine["body"], mine["held"]) == (PHONE, True)
    assert not Notification.objects.filter(recipient=world["supporter"]).exists()


@pytest.mark.django_db
def test_a_supervisor_releases_a_held_message(
    world, talk, sent_events, django_capture_on_commit_callbacks
):
    hold(world.program)
    message = say(talk, world["member"], PHONE)
    with pytest.raises(PermissionDenied):
        services.release_held_message(message_id=message.pk, supervisor=world["supporter"])
    with django_capture_on_commit_callbacks(execute=True):
        released = services.release_held_message(
            message_id=message.pk, supervisor=world["supervisor"]
        )
    assert not released.is_held and released.boundary == ["phone", "meeting"]
    (_, event) = sent_events[-1]
    assert (event["type"], event["seq"], event["body"], event["held"]) == (
        "update",
        1,
        PHONE,
        False,
    )
    assert Notification.objects.filter(recipient=world["supporter"]).exists()
    assert AccessLog.objects.filter(
        purpose="Released a message held by the boundary guard"
    ).exists()


@pytest.mark.django_db
def test_a_supervisor_of_another_program_cannot_release(world):
    conversation = conversation_with(program=world.foreign_program)
    hold(world.foreign_program)
    member, _ = people_of(conversation)
    message = say(conversation, member, PHONE)
    with pytest.raises(PermissionDenied):
        services.release_held_message(message_id=message.pk, supervisor=world["supervisor"])


# --- pages and API -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_plain_form_warns_keeps_the_words_and_sends_anyway(client_for, world, talk):
    client = client_for("member")
    url = reverse("conversations:send", args=[talk.pk])
    client_id = str(uuid4())
    response = client.post(url, {"body": PHONE, "client_id": client_id})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Before you send this" in page and "looks like a phone number" in page
    assert f">{PHONE}</textarea>" in page  # the words stay in the box
    assert 'name="confirm_boundary"' in page and "Send anyway" in page
    assert Message.objects.count() == 0
    response = client.post(url, {"body": PHONE, "client_id": client_id, "confirm_boundary": "on"})
    assert response.status_code == 302
    assert Message.objects.get().boundary == ["phone", "meeting"]


@pytest.mark.django_db
def test_a_held_message_shows_to_its_sender_only(client_for, world, talk):
    hold(world.program)
    response = client_for("member").post(
        reverse("conversations:send", args=[talk.pk]), {"body": PHONE, "client_id": str(uuid4())}
    )
    assert response.status_code == 302
    page_url = reverse("conversations:conversation", args=[talk.pk])
    mine = client_for("member").get(page_url).content.decode()
    assert PHONE in mine and "Held for a quick review" in mine
    theirs = client_for("supporter").get(page_url).content.decode()
    assert PHONE not in theirs and 'id="m-1"' not in theirs


@pytest.mark.django_db
def test_the_api_names_body_with_the_findings_unless_confirmed(world, talk):
    headers = {"Authorization": f"Bearer {issue_api_token(user=world['member'])}"}
    url = f"/api/conversations/{talk.pk}/messages"
    payload = {"client_id": str(uuid4()), "body": PHONE}
    response = Client().post(
        url, json.dumps(payload), content_type="application/json", headers=headers
    )
    assert response.status_code == 422
    error = response.json()
    assert (error["field"], error["code"]) == ("body", "boundary")
    assert [f["kind"] for f in error["findings"]] == ["phone", "meeting"]
    assert all(f["reason"] for f in error["findings"])
    response = Client().post(
        url,
        json.dumps({**payload, "confirm_boundary": True}),
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200 and response.json()["body"] == PHONE


# --- the socket ----------------------------------------------------------------------------------


async def _connect(user, conversation):
    communicator = WebsocketCommunicator(
        URLRouter(websocket_urlpatterns), f"/ws/conversations/{conversation.pk}/"
    )
    communicator.scope["user"] = user
    connected, _ = await communicator.connect()
    assert connected
    return communicator


@pytest.mark.anyio
@pytest.mark.django_db(transaction=True)
async def test_the_socket_warns_then_sends_anyway_and_holds_by_policy():
    conversation = await database_sync_to_async(conversation_with)()
    member, supporter = await database_sync_to_async(people_of)(conversation)
    mine, theirs = await _connect(member, conversation), await _connect(supporter, conversation)
    try:
        client_id = str(uuid4())
        await mine.send_json_to({"type": "send", "client_id": client_id, "body": PHONE})
        warning = await mine.receive_json_from(timeout=3)
        assert warning["type"] == "boundary" and warning["client_id"] == client_id
        assert [f["kind"] for f in warning["findings"]] == ["phone", "meeting"]
        assert await theirs.receive_nothing()
        await mine.send_json_to(
            {"type": "send", "client_id": client_id, "body": PHONE, "confirm_boundary": True}
        )
        ack = await mine.receive_json_from(timeout=3)
        assert (ack["type"], ack["seq"], ack.get("held")) == ("ack", 1, None)
        delivered = await theirs.receive_json_from(timeout=3)
        assert (delivered["type"], delivered["body"]) == ("message", PHONE)

        await database_sync_to_async(hold)(conversation.program)
        await mine.send_json_to({"type": "send", "client_id": str(uuid4()), "body": PHONE})
        ack = await mine.receive_json_from(timeout=3)
        while ack["type"] != "ack":
            ack = await mine.receive_json_from(timeout=3)
        assert (ack["seq"], ack["held"]) == (2, True)
        delivered = await theirs.receive_json_from(timeout=3)
        assert (delivered["seq"], delivered["body"], delivered["held"]) == (2, "", True)
    finally:
        await mine.disconnect()
        await theirs.disconnect()
        await close_live_connections()


# --- edits are no way around it --------------------------------------------------------------------


@pytest.mark.django_db
def test_an_edit_into_a_phone_number_is_warned_then_saved_anyway(client_for, world, talk):
    message = say(talk, world["member"], "Hello there")
    url = reverse("conversations:message-edit", args=[talk.pk, message.seq])
    client = client_for("member")
    assert 'name="confirm_boundary"' not in client.get(url).content.decode()
    response = client.post(url, {"body": PHONE})
    page = response.content.decode()
    assert response.status_code == 200 and "looks like a phone number" in page
    assert 'name="confirm_boundary"' in page and PHONE in page
    message.refresh_from_db()
    assert message.body == "Hello there"  # unchanged until confirmed
    assert client.post(url, {"body": PHONE, "confirm_boundary": "on"}).status_code == 302
    message.refresh_from_db()
    assert (message.body, message.boundary, message.is_held) == (PHONE, ["phone", "meeting"], False)


@pytest.mark.django_db
def test_under_hold_an_edit_holds_the_message_again(world, talk, sent_events):
    message = say(talk, world["member"], "Hello there")
    hold(world.program)
    edited = services.edit_message(editor=world["member"], message=message, body=PHONE)
    assert edited.is_held and edited.boundary == ["phone", "meeting"]
    others = realtime.message_event(edited)
    assert (others["body"], others["held"]) == ("", True)


@pytest.mark.django_db
def test_an_admin_chooses_hold_and_it_applies(client_for, world, talk):
    url = reverse("conversations:program-settings")
    client = client_for("admin")
    assert 'value="warn" selected' in client.get(url).content.decode()  # the default
    assert client.post(url, {"boundary_policy": "hold"}).status_code == 302
    assert services.boundary_policy(world.program.pk) == BoundaryPolicy.HOLD
    assert say(talk, world["member"], PHONE).is_held
    assert AccessLog.objects.filter(purpose="Set the boundary policy to hold").exists()
    assert client.post(url, {"boundary_policy": "off"}).status_code == 200  # no such choice
