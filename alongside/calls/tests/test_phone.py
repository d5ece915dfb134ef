"""Phone calls logged in two taps become encounters with their real times; numbers stay private."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.choices import Audience, ConsentScope, Role
from alongside.accounts.selectors import time_zone_of
from alongside.accounts.services import grant_consent
from alongside.accounts.tests.factories import person
from alongside.calls import selectors, services
from alongside.calls.models import Call, Direction
from alongside.calls.tests.factories import call_by
from alongside.records.models import Encounter, Modality, Source

pytestmark = pytest.mark.django_db


def test_two_taps_make_an_encounter_with_the_real_start_and_end(world):
    supporter, member = world["supporter"], world["member"]
    started = timezone.now() - timedelta(minutes=23)
    call = services.start_call(
        supporter=supporter, member=member, direction=Direction.INCOMING, at=started
    )
    assert not Encounter.objects.exists()  # nothing is recorded until the call ends
    call = services.end_call(call=call, by=supporter)
    encounter = Encounter.objects.get()
    assert (encounter.source, encounter.source_id) == (Source.CALL, str(call.pk))
    assert encounter.modality == Modality.PHONE
    assert encounter.started_at == started and encounter.ended_at == call.ended_at
    assert encounter.minutes == 23
    assert list(encounter.participants.all()) == [member]
    assert call.encounter == encounter


def test_a_double_tap_on_ended_records_one_encounter(world):
    supporter = world["supporter"]
    call = services.start_call(supporter=supporter, member=None, direction=Direction.INCOMING)
    first = services.end_call(call=call, by=supporter)
    again = services.end_call(call=call, by=supporter)
    assert again.ended_at == first.ended_at
    assert Encounter.objects.count() == 1
    assert list(Encounter.objects.get().participants.all()) == []  # a warm-line caller


def test_a_second_call_cannot_start_while_one_is_open(world):
    supporter = world["supporter"]
    services.start_call(supporter=supporter, member=None, direction=Direction.OUTGOING)
    with pytest.raises(ValidationError) as raised:
        services.start_call(supporter=supporter, member=None, direction=Direction.OUTGOING)
    assert "call" in raised.value.message_dict


def test_only_a_supporter_logs_calls_and_only_with_members_of_their_program(world):
    with pytest.raises(PermissionDenied):
        services.start_call(supporter=world["member"], member=None, direction="outgoing")
    with pytest.raises(ValidationError) as raised:
        services.start_call(
            supporter=world["supporter"], member=world.foreign_member, direction="outgoing"
        )
    assert "member" in raised.value.message_dict
    with pytest.raises(ValidationError) as raised:
        services.start_call(supporter=world["supporter"], member=None, direction="sideways")
    assert "direction" in raised.value.message_dict


def test_only_the_supporter_who_logged_a_call_ends_it(world):
    call = call_by(world["supporter"], ended=False)
    other = person(world.program, Role.SUPPORTER)
    with pytest.raises(PermissionDenied):
        services.end_call(call=call, by=other)


def test_a_call_left_open_is_flagged_and_its_end_can_be_set(world):
    supporter = world["supporter"]
    call = call_by(supporter, world["member"], minutes_ago=5 * 60, ended=False)
    assert call.left_open()
    ended = call.started_at + timedelta(minutes=40)
    call = services.set_call_end(call=call, by=supporter, ended_at=ended)
    assert call.end_set_by_hand and not call.left_open()
    assert Encounter.objects.get().ended_at == ended
    # Correcting it again moves the same encounter, it does not add one.
    services.set_call_end(call=call, by=supporter, ended_at=ended + timedelta(minutes=5))
    assert Encounter.objects.get().minutes == 45


@pytest.mark.parametrize(
    ("shift", "why"),
    [
        (timedelta(minutes=-1), "after the call started"),
        (timedelta(hours=13), "12 hours"),
    ],
)
def test_a_wrong_end_is_refused_naming_the_field(world, shift, why):
    call = call_by(world["supporter"], minutes_ago=14 * 60, ended=False)
    with pytest.raises(ValidationError) as raised:
        services.set_call_end(call=call, by=world["supporter"], ended_at=call.started_at + shift)
    assert why in raised.value.message_dict["ended_at"][0]
    assert Call.objects.get(pk=call.pk).ended_at is None


def test_a_number_shows_only_to_whom_the_member_shared_it(world):
    member, supporter = world["member"], world["supporter"]
    stranger = person(world.program, Role.SUPPORTER)  # not on the member's care team
    services.save_phone_number(member=member, number="+1 (555) 010-0199", audience=Audience.ONLY_ME)
    assert selectors.number_for(supporter, member) is None
    saved = services.save_phone_number(
        member=member, number="+1 (555) 010-0199", audience=Audience.CARE_TEAM
    )
    assert saved is not None and saved.tel == "+15550100199"
    assert selectors.number_for(supporter, member) == saved
    assert selectors.number_for(stranger, member) is None
    grant_consent(member=member, grantee=stranger, scope=ConsentScope.CONTACT)
    assert selectors.number_for(stranger, member) == saved
    services.save_phone_number(member=member, number="", audience=Audience.CARE_TEAM)
    assert selectors.number_for(supporter, member) is None


def test_a_number_that_is_not_one_is_refused(world):
    with pytest.raises(ValidationError) as raised:
        services.save_phone_number(
            member=world["member"], number="call me maybe", audience=Audience.CARE_TEAM
        )
    assert "number" in raised.value.message_dict


# --- pages ---------------------------------------------------------------------------------------


def test_two_taps_on_the_person_page(world, client_for):
    member = world["member"]
    services.save_phone_number(member=member, number="555 010 0142", audience=Audience.CARE_TEAM)
    client = client_for("supporter")
    page_url = reverse("accounts:person", args=[member.pk])
    page = client.get(page_url).content.decode()
    assert 'href="tel:5550100142"' in page
    assert "Call started: I called them" in page
    response = client.post(
        reverse("calls:start"),
        {"member": member.pk, "direction": "outgoing", "next": page_url},
    )
    assert response["Location"] == page_url
    call = Call.objects.get()
    page = client.get(page_url).content.decode()
    assert "Call ended" in page and "Call started: I called them" not in page
    client.post(reverse("calls:end", args=[call.pk]), {"next": page_url})
    assert Encounter.objects.get().participants.get() == member


def test_the_person_page_shows_no_number_the_member_kept_to_themself(world, client_for):
    member = world["member"]
    services.save_phone_number(member=member, number="555 010 0142", audience=Audience.ONLY_ME)
    page = client_for("supporter").get(reverse("accounts:person", args=[member.pk]))
    assert "0142" not in page.content.decode()
    assert "They have not shared a phone number with you." in page.content.decode()
    clinician_page = client_for("clinician").get(reverse("accounts:person", args=[member.pk]))
    assert "Call started" not in clinician_page.content.decode()  # not a supporter


def test_the_phone_page_flags_a_call_left_open(world, client_for):
    call_by(world["supporter"], minutes_ago=4 * 60, ended=False)
    page = client_for("supporter").get(reverse("calls:phone")).content.decode()
    assert "open for more than three hours" in page
    assert reverse("calls:set-end", args=[Call.objects.get().pk]) in page


def test_setting_an_end_before_the_start_keeps_what_was_typed(world, client_for):
    call = call_by(world["supporter"], minutes_ago=30, ended=False)
    # Typed in the supporter's own time zone, as the page shows times.
    local = timezone.localtime(call.started_at, time_zone_of(world["supporter"]))
    typed = (local - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = client_for("supporter").post(
        reverse("calls:set-end", args=[call.pk]), {"ended_at": typed}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The end must be after the call started." in page and typed in page


def test_a_member_saves_their_number_and_a_bad_one_is_kept_with_a_message(world, client_for):
    client = client_for("member")
    response = client.post(reverse("calls:number"), {"number": "12", "audience": "care_team"})
    assert response.status_code == 200
    assert "Write a phone number" in response.content.decode()
    assert 'value="12"' in response.content.decode()
    client.post(reverse("calls:number"), {"number": "555 010 0142", "audience": "care_team"})
    assert selectors.own_number(world["member"]).audience == Audience.CARE_TEAM


def test_the_api_logs_a_call_in_two_requests(world):
    from django.test import Client

    from alongside.accounts.services import issue_api_token

    headers = {"Authorization": f"Bearer {issue_api_token(user=world['supporter'])}"}
    client = Client()
    started = client.post(
        "/api/calls/phone",
        {"direction": "incoming", "member": world["member"].pk},
        content_type="application/json",
        headers=headers,
    )
    assert started.status_code == 201, started.content
    again = client.post(
        "/api/calls/phone",
        {"direction": "incoming"},
        content_type="application/json",
        headers=headers,
    )
    assert again.status_code == 422 and again.json()["field"] == "call"
    ended = client.post(
        f"/api/calls/phone/{started.json()['id']}/end",
        {},
        content_type="application/json",
        headers=headers,
    )
    assert ended.status_code == 200 and ended.json()["encounter"] == Encounter.objects.get().pk


def test_the_phone_page_costs_the_same_queries_however_many_calls(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("supporter")
    client.get(
        reverse("calls:phone")
    )  # the first visit after signing in stores the session's timeout
    counts = []
    for _ in range(2):
        for n in range(8):
            call_by(world["supporter"], world["member"] if n % 2 else None, minutes_ago=60 + n)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("calls:phone")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] == 8, counts  # pinned: the shell, the open call, the list


def test_a_warm_line_call_in_two_taps_beside_the_queue(world, client_for):
    from alongside.matching.models import SupporterProfile

    SupporterProfile.objects.create(user=world["supporter"], program=world.program, is_on_duty=True)
    client = client_for("supporter")
    offers = reverse("matching:offers")
    assert "Call started: they called me" in client.get(offers).content.decode()
    client.post(reverse("calls:start"), {"direction": "incoming", "next": offers})
    assert "Call ended" in client.get(offers).content.decode()
    response = client.post(reverse("calls:end", args=[Call.objects.get().pk]), {"next": offers})
    assert response["Location"] == offers
    assert list(Encounter.objects.get().participants.all()) == []
