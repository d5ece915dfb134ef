"""Matching pages: wiring, what people see, errors that keep what was typed, pinned query counts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.choices import Role
from alongside.accounts.tests.factories import person
from alongside.matching import services
from alongside.matching.models import (
    DropInRoom,
    Offer,
    OfferStatus,
    SupporterProfile,
    SupportRequest,
)
from alongside.matching.tests.factories import EVENINGS, supporter

pytestmark = pytest.mark.django_db


def test_intake_saves_the_answers_and_shows_the_choices(world, client_for):
    for name in ("ana", "ben", "cai", "dee"):
        supporter(world.program, name, languages=["es"] if name == "ana" else ["en"])
    client = client_for("member")
    response = client.post(
        reverse("matching:intake"),
        {
            "topics": ["grief"],
            "languages": ["es"],
            "availability": EVENINGS[:2],
            "time_zone": "America/New_York",
            "urgency": "soon",
        },
    )
    assert response.status_code == 302
    request = SupportRequest.objects.get(member=world["member"])
    assert request.topics == ["grief"] and request.languages == ["es"]
    page = client.get(reverse("matching:choices")).content.decode()
    assert page.count('name="supporter"') == 3
    assert "speaks Spanish" in page and "free on weekday evenings" in page


def test_intake_keeps_what_was_typed_when_a_detail_is_missing(client_for):
    response = client_for("member").post(
        reverse("matching:intake"),
        {
            "want_gender": "must",
            "note": "Evenings are hardest for me.",
            "time_zone": "Europe/Madrid",
            "urgency": "now",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Please tell us which one" in page
    assert "Evenings are hardest for me." in page
    assert 'value="Europe/Madrid" selected' in page


def test_choosing_then_accepting_lands_the_supporter_in_the_conversation(world, client_for):
    peer = world["supporter"]
    SupporterProfile.objects.create(user=peer, program=world.program, capacity=3)
    request = services.submit_request(member=world.other_member)
    member_client = client_for("member")  # another member cannot choose for this request
    assert member_client.post(reverse("matching:choose", args=[request.pk])).status_code == 404
    offer = services.choose_supporter(
        member=world.other_member, request_id=request.pk, supporter_id=peer.pk
    )
    client = client_for("supporter")
    assert (
        world.other_member.display_name in client.get(reverse("matching:offers")).content.decode()
    )
    response = client.post(reverse("matching:offer-accept", args=[offer.pk]))
    assert response.status_code == 302 and "/conversations/" in response["Location"]
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED


def test_a_supporter_saves_their_matching_profile(world, client_for):
    response = client_for("supporter").post(
        reverse("matching:supporter-profile"),
        {
            "bio": "Ten years in recovery.",
            "lived_experience": ["substance_use"],
            "languages": ["en", "es"],
            "availability": ["sat-morning"],
            "time_zone": "America/Chicago",
            "capacity": 4,
            "is_on_duty": "on",
        },
    )
    assert response.status_code == 302
    profile = SupporterProfile.objects.get(user=world["supporter"])
    assert profile.languages == ["en", "es"] and profile.capacity == 4 and profile.is_on_duty


def test_the_choice_page_makes_a_fixed_number_of_queries(
    world, client_for, django_assert_num_queries
):
    for index in range(6):
        supporter(world.program, f"peer{index}")
    client = client_for("member")
    services.submit_request(member=world["member"], availability=EVENINGS)
    client.get(reverse("matching:choices"))  # warm the session and the program's rules
    # 4 to sign in, 1 to slide the session's expiry, 9 for the page, 1 for the one-to-one gate (training's
    # requirements of the program: none here)
    with django_assert_num_queries(15):
        client.get(reverse("matching:choices"))
    for index in range(6, 12):
        supporter(world.program, f"peer{index}")
    with django_assert_num_queries(15):  # the same with twice as many supporters
        client.get(reverse("matching:choices"))


def test_the_supervisor_view_makes_a_fixed_number_of_queries(
    world, client_for, django_assert_num_queries
):
    for index in range(5):
        supporter(world.program, f"peer{index}")
    services.submit_request(member=world["member"])
    services.submit_request(member=world.other_member)
    client = client_for("supervisor")
    client.get(reverse("matching:supervisor"))
    # 4 to sign in, 1 to slide the session's expiry, 6 for the page, 2 for the shell's safety alerts and count
    with django_assert_num_queries(13):
        page = client.get(reverse("matching:supervisor")).content.decode()
    assert world.other_member.display_name in page
    for index in range(5, 10):
        supporter(world.program, f"peer{index}")
    with django_assert_num_queries(13):  # the same with twice as many supporters
        client.get(reverse("matching:supervisor"))


def test_a_supervisor_assigns_by_hand(world, client_for):
    peer = supporter(world.program, "peer")
    request = services.submit_request(member=world.other_member)
    client = client_for("supervisor")
    response = client.post(
        reverse("matching:assign"), {"request_id": request.pk, "supporter_id": peer.pk}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.supporter == peer
    assert not Offer.objects.filter(request=request, status=OfferStatus.PENDING).exists()


def test_a_member_waiting_now_sees_their_place_and_an_on_duty_supporter_takes_them(
    world, client_for
):
    SupporterProfile.objects.create(user=world["supporter"], program=world.program, is_on_duty=True)
    services.submit_request(member=world.other_member, urgency="now")
    member_page = client_for("member")
    services.submit_request(member=world["member"], urgency="now")
    page = member_page.get(reverse("matching:choices")).content.decode()
    assert "You are number 2 in line" in page and "We cannot say how long" in page
    client = client_for("supporter")
    assert (
        "People who need someone now: 2." in client.get(reverse("matching:offers")).content.decode()
    )
    response = client.post(reverse("matching:take-next"))
    assert response.status_code == 302 and "/conversations/" in response["Location"]


def test_switching_is_one_click_from_the_peer_page(world, client_for):
    client = client_for("member")  # the world's member already works with the world's supporter
    page = client.get(reverse("matching:choices")).content.decode()
    assert "Find someone else" in page and world["supporter"].display_name in page
    assert client.post(reverse("matching:switch")).status_code == 302
    assert SupportRequest.objects.get(member=world["member"]).avoid == [world["supporter"].pk]


def test_a_supervisor_offers_everyone_waiting_at_once(world, client_for):
    supporter(world.program, "peer", capacity=5)
    services.submit_request(member=world.other_member)
    response = client_for("supervisor").post(reverse("matching:assign-batch"), follow=True)
    assert "who fit them best: 1." in response.content.decode()
    assert Offer.objects.filter(
        request__member=world.other_member, status=OfferStatus.PENDING
    ).exists()


def test_someone_waiting_now_can_join_a_hosted_drop_in_room_on_their_topic(world, client_for):
    host = supporter(world.program, "host", is_on_duty=True, lived_experience=["grief"])
    supporter(world.program, "busy-elsewhere", is_on_duty=False, lived_experience=["grief"])
    request = services.submit_request(member=world["member"], urgency="now", topics=["grief"])
    client = client_for("member")
    page = client.get(reverse("matching:choices")).content.decode()
    assert (
        "Grief and loss" in page and host.display_name in page and "Join the drop-in room" in page
    )

    response = client.post(reverse("matching:drop-in", args=[request.pk]))
    room = DropInRoom.objects.get(program=world.program, topic="grief")
    assert (
        response.status_code == 302 and response["Location"] == room.conversation.get_absolute_url()
    )
    seated = set(room.conversation.participants.values_list("user_id", flat=True))
    assert seated == {world["member"].pk, host.pk} and room.facilitator == host
    assert client.get(response["Location"]).status_code == 200  # the member can read the room
    again = client.get(reverse("matching:choices")).content.decode()
    assert "Go back to the drop-in room" in again and "You are number 1 in line" in again

    # A second person waiting on the same topic joins the same room, not a new one.
    other = services.submit_request(member=world.other_member, urgency="now", topics=["grief"])
    assert (
        services.join_drop_in(member=world.other_member, request_id=other.pk) == room.conversation
    )


def test_no_drop_in_room_is_offered_without_a_peer_on_duty_to_host_it(world, client_for):
    supporter(world.program, "resting", is_on_duty=False)
    request = services.submit_request(member=world["member"], urgency="now")
    client = client_for("member")
    assert "Join the drop-in room" not in client.get(reverse("matching:choices")).content.decode()
    response = client.post(reverse("matching:drop-in", args=[request.pk]), follow=True)
    assert "a peer is on duty to host it" in response.content.decode()
    assert not DropInRoom.objects.exists()


def test_the_waiting_page_makes_a_fixed_number_of_queries(
    world, client_for, django_assert_num_queries
):
    supporter(world.program, "host", is_on_duty=True)
    request = services.submit_request(member=world["member"], urgency="now", topics=["anxiety"])
    services.join_drop_in(member=world["member"], request_id=request.pk)
    client = client_for("member")
    client.get(reverse("matching:choices"))
    with django_assert_num_queries(21) as first:  # 20, and 1 for the one-to-one gate
        client.get(reverse("matching:choices"))
    for index in range(8):
        supporter(world.program, f"more{index}", is_on_duty=True)
        services.submit_request(member=person(world.program, Role.MEMBER), urgency="now")
    with django_assert_num_queries(len(first.captured_queries)):  # more people, same queries
        client.get(reverse("matching:choices"))


def test_a_peer_name_ending_in_a_full_stop_gets_no_second_one(client_for, world):
    world["supporter"].display_name = "Ana R."
    world["supporter"].save()
    page = client_for("member").get(reverse("matching:choices")).content.decode()
    assert "You are working with Ana R.</p>" in page and "R.." not in page


def test_the_longest_wait_reads_as_a_duration_in_both_languages(world, client_for):
    client = client_for("supervisor")
    assert "No one is waiting" in client.get(reverse("matching:supervisor")).content.decode()
    request = services.submit_request(member=world["member"])
    type(request).objects.filter(pk=request.pk).update(
        created_at=timezone.now() - timedelta(hours=1, minutes=30)
    )
    page = client.get(reverse("matching:supervisor")).content.decode()
    assert "1\xa0hour, 30\xa0minutes" in page  # one hour, not "1.5 hours" or "1 hours"
    spanish = client.get(reverse("matching:supervisor"), headers={"accept-language": "es"})
    assert "1\xa0hora, 30\xa0minutos" in spanish.content.decode()
