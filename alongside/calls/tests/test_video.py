"""In-app video: who may join, the times the server sees, and the signalling line between the two."""

from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from alongside.calls import selectors, services
from alongside.calls.models import Presence, VideoCall
from alongside.calls.routing import websocket_urlpatterns
from alongside.calls.tests.factories import video_session
from alongside.records.models import Encounter, Modality, Source
from alongside.scheduling.joins import join_for
from alongside.scheduling.models import Status


@pytest.mark.django_db
def test_the_call_starts_when_both_are_there_and_ends_when_one_hangs_up(world):
    session = video_session(world)
    supporter, member = world["supporter"], world["member"]
    state = services.join_video(session=session, user=supporter, channel_name="a")
    assert state.here == (supporter.pk,) and not state.started
    state = services.join_video(session=session, user=member, channel_name="b")
    assert state.here == (supporter.pk, member.pk) and state.started
    started = VideoCall.objects.get().started_at
    state = services.hang_up(session=session, user=member)
    assert state.ended
    call = VideoCall.objects.get()
    session.refresh_from_db()
    assert session.status == Status.HELD
    assert (session.held_started_at, session.held_ended_at) == (started, call.ended_at)
    encounter = Encounter.objects.get()
    assert (encounter.source, encounter.source_id) == (Source.SESSION, str(session.pk))
    assert encounter.modality == Modality.VIDEO
    assert (encounter.started_at, encounter.ended_at) == (started, call.ended_at)


@pytest.mark.django_db
def test_when_both_leave_the_call_ends_at_the_moment_they_were_apart(world):
    session = video_session(world)
    supporter, member = world["supporter"], world["member"]
    services.join_video(session=session, user=supporter, channel_name="a")
    services.join_video(session=session, user=member, channel_name="b")
    services.leave_video(session=session, user=member, channel_name="b")
    apart = VideoCall.objects.get().apart_at
    assert apart is not None
    state = services.leave_video(session=session, user=supporter, channel_name="a")
    assert state.ended and state.here == ()
    assert VideoCall.objects.get().ended_at == apart == Encounter.objects.get().ended_at
    assert not Presence.objects.exists()


@pytest.mark.django_db
def test_nobody_meeting_means_no_encounter(world):
    session = video_session(world)
    services.join_video(session=session, user=world["supporter"], channel_name="a")
    state = services.leave_video(session=session, user=world["supporter"], channel_name="a")
    assert not state.started and not state.ended
    assert not Encounter.objects.exists()


@pytest.mark.django_db
def test_a_connection_silent_for_a_minute_no_longer_counts(world):
    session = video_session(world)
    services.join_video(session=session, user=world["supporter"], channel_name="a")
    Presence.objects.update(seen_at=timezone.now() - timedelta(minutes=2))  # its process died
    state = services.join_video(session=session, user=world["member"], channel_name="b")
    assert state.here == (world["member"].pk,) and not state.started


@pytest.mark.django_db
def test_only_the_two_people_of_a_video_session_may_join(world):
    session = video_session(world)
    assert selectors.access_video_session(world["member"], session.pk) == session
    for viewer in (world["supervisor"], world["clinician"], world.other_member):
        with pytest.raises(Exception) as raised:
            selectors.access_video_session(viewer, session.pk)
        assert raised.typename == "Http404"


@pytest.mark.django_db
def test_the_call_opens_half_an_hour_before_and_closes_after_the_session(world):
    assert selectors.video_closed_because(video_session(world, starts_in=45)) == "too_early"
    assert selectors.video_closed_because(video_session(world, starts_in=20)) is None
    assert selectors.video_closed_because(video_session(world, starts_in=-5 * 60)) == "too_late"
    cancelled = video_session(world, status=Status.CANCELLED)
    assert selectors.video_closed_because(cancelled) == "cancelled"


@pytest.mark.django_db
def test_the_join_button_is_ours_unless_the_session_has_a_meeting_link(world):
    session = video_session(world)
    label, url = join_for(session)
    assert url == reverse("calls:video", args=[session.pk]) and label == "Join the video call"
    linked = video_session(world, meeting_link="https://meet.example.org/harbor-jordan")
    assert join_for(linked)[1] == "https://meet.example.org/harbor-jordan"


@pytest.mark.django_db
def test_the_call_page_says_nothing_is_recorded_and_carries_the_ice_servers(world, client_for):
    session = video_session(world)
    page = client_for("member").get(reverse("calls:video", args=[session.pk])).content.decode()
    assert "Nothing is recorded." in page
    assert '"iceServers": []' in page  # none by default: host candidates only
    with override_settings(
        ICE_SERVERS=[{"urls": "stun:stun.example.org"}],
        TURN_URLS=["turns:turn.example.org:5349"],
        TURN_SECRET="shared-secret",  # noqa: S106  # a test value
    ):
        servers = selectors.ice_servers_for(world["member"])
    assert servers[0] == {"urls": "stun:stun.example.org"}
    expiry, user_id = servers[1]["username"].split(":")
    assert user_id == str(world["member"].pk) and int(expiry) > timezone.now().timestamp()
    import base64
    import hashlib
    import hmac

    digest = hmac.new(b"shared-secret", servers[1]["username"].encode(), hashlib.sha1).digest()
    assert servers[1]["credential"] == base64.b64encode(digest).decode()


# --- the signalling line ---------------------------------------------------------------------------


async def _connect(user, session_id):
    communicator = WebsocketCommunicator(
        URLRouter(websocket_urlpatterns), f"/ws/calls/{session_id}/"
    )
    communicator.scope["user"] = user
    connected, _subprotocol = await communicator.connect()
    return communicator, connected


@pytest.mark.django_db(transaction=True)
@pytest.mark.anyio
async def test_the_two_people_signal_to_each_other_and_nobody_else_can_join(world):
    session = await database_sync_to_async(video_session)(world)
    supporter, connected = await _connect(world["supporter"], session.pk)
    assert connected
    assert (await supporter.receive_json_from())["here"] == [world["supporter"].pk]

    for stranger, code in (
        (world.other_member, 4403),
        (world["supervisor"], 4403),  # may read the session, may not join its call
        (world.foreign_member, 4403),
        (AnonymousUser(), 4401),
    ):
        refused, _ = await _connect(stranger, session.pk)
        assert await refused.receive_output() == {"type": "websocket.close", "code": code}

    member, connected = await _connect(world["member"], session.pk)
    assert connected
    both = {"type": "presence", "here": [world["supporter"].pk, world["member"].pk], "both": True}
    assert (await member.receive_json_from()).items() >= both.items()
    assert (await supporter.receive_json_from()).items() >= both.items()

    offer = {"type": "signal", "gen": 7, "sdp": {"type": "offer", "sdp": "v=0..."}, "extra": 1}
    await supporter.send_json_to(offer)
    relayed = await member.receive_json_from()
    assert relayed == {"type": "signal", "gen": 7, "sdp": {"type": "offer", "sdp": "v=0..."}}
    assert await supporter.receive_nothing()  # the sender does not hear its own signal

    await member.send_json_to({"type": "hang_up"})
    for side in (member, supporter):
        ended = await side.receive_json_from()
        assert ended["ended"] and ended["by"] == world["member"].pk
    await member.disconnect()
    await supporter.disconnect()
    encounter = await database_sync_to_async(Encounter.objects.get)()
    assert encounter.ended_at > encounter.started_at


@pytest.mark.django_db(transaction=True)
@pytest.mark.anyio
async def test_a_call_that_is_not_open_refuses_with_its_own_code(world):
    session = await database_sync_to_async(video_session)(world, starts_in=120)
    early, _ = await _connect(world["member"], session.pk)
    assert await early.receive_output() == {"type": "websocket.close", "code": 4409}


@pytest.mark.django_db(transaction=True)
@pytest.mark.anyio
async def test_joining_again_elsewhere_closes_the_older_connection(world):
    session = await database_sync_to_async(video_session)(world)
    first, _ = await _connect(world["member"], session.pk)
    await first.receive_json_from()
    second, connected = await _connect(world["member"], session.pk)
    assert connected
    assert await first.receive_output() == {"type": "websocket.close", "code": 4000}
    await first.disconnect()
    assert (await second.receive_json_from())["here"] == [world["member"].pk]
    await second.disconnect()
