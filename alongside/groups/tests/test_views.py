"""The pages' wiring: finding, joining, private dial-in details, the facilitator's page, and query
counts that stay the same however big a group grows."""

import pytest
from django.test import Client
from django.urls import reverse

from alongside.accounts.choices import Role
from alongside.accounts.tests.factories import person
from alongside.groups import services
from alongside.groups.models import Attendance, AttendanceHow, Meeting, MemberStatus, Modality
from conftest import sign_in

from .factories import group_of, meeting_now, members

pytestmark = pytest.mark.django_db


def test_members_find_groups_by_topic_language_modality_and_time(world, client_for):
    group_of(world.program, name="Duelo en español", language="es", topic="grief")
    group_of(
        world.program,
        name="Morning anxiety call",
        topic="anxiety",
        modality=Modality.PHONE,
        dial_in="+1 555 0100, code 4242",
        starts_at_time="09:30",
    )
    client = client_for("member")
    page = client.get(reverse("groups:list"), {"language": "es"}).content.decode()
    assert "Duelo en español" in page and "Morning anxiety call" not in page
    page = client.get(reverse("groups:list"), {"time_of_day": "morning", "modality": "phone"})
    assert "Morning anxiety call" in page.content.decode()
    assert "Duelo" not in page.content.decode()


def test_dial_in_details_show_only_to_members_of_the_group(world, client_for):
    group = group_of(world.program, modality=Modality.PHONE, dial_in="+1 555 0100, code 4242")
    client = client_for("member")
    assert "code 4242" not in client.get(group.get_absolute_url()).content.decode()
    client.post(reverse("groups:join", args=[group.pk]))
    assert "code 4242" in client.get(group.get_absolute_url()).content.decode()


def test_joining_a_full_group_says_waiting_list(world, client_for):
    group = group_of(world.program, capacity=1)
    members(group, 1)
    response = client_for("member").post(reverse("groups:join", args=[group.pk]), follow=True)
    assert "waiting list" in response.content.decode()
    assert group.members.get(user=world["member"]).status == MemberStatus.WAITLISTED


def test_the_facilitator_approves_from_their_page(world, client_for):
    group = group_of(world.program, facilitators=[world["supporter"]], is_closed=True)
    services.join_group(group=group, member=world["member"])
    client = client_for("supporter")
    page = client.get(reverse("groups:facilitate", args=[group.pk])).content.decode()
    assert f"Welcome {world['member'].display_name}" in page
    client.post(
        reverse("groups:decide", args=[group.pk]), {"member": world["member"].pk, "answer": "yes"}
    )
    assert group.members.get(user=world["member"]).status == MemberStatus.MEMBER


def test_the_facilitator_ticks_attendance_for_a_phone_meeting(world, client_for):
    group = group_of(
        world.program,
        facilitators=[world["supporter"]],
        modality=Modality.PHONE,
        dial_in="+1 555 0100",
    )
    services.join_group(group=group, member=world["member"])
    meeting = meeting_now(group)
    client_for("supporter").post(
        reverse("groups:meeting-act", args=[meeting.pk, "attendance"]),
        {"present": [world["member"].pk]},
    )
    assert Attendance.objects.get(meeting=meeting).how == AttendanceHow.TICKED


def test_a_member_cannot_use_facilitator_powers_by_posting(world, client_for):
    group = group_of(world.program, facilitators=[world["supporter"]])
    services.join_group(group=group, member=world["member"])
    meeting = meeting_now(group)
    response = client_for("member").post(reverse("groups:meeting-act", args=[meeting.pk, "lock"]))
    assert response.status_code == 404
    meeting.refresh_from_db()
    assert not meeting.is_locked


def _big(world, size):
    group = group_of(world.program, facilitators=[world["supporter"]], capacity=size)
    people = members(group, size)
    for _extra in range(3):  # a waiting list too
        services.join_group(group=group, member=person(world.program, Role.MEMBER))
    for meeting in Meeting.objects.filter(group=group)[:3]:
        Attendance.objects.bulk_create(
            [
                Attendance(
                    meeting=meeting,
                    user=p,
                    how=AttendanceHow.TICKED,
                    joined_at=meeting.starts_at,
                    left_at=meeting.ends_at,
                )
                for p in people
            ]
        )
        Meeting.objects.filter(pk=meeting.pk).update(
            starts_at=meeting.starts_at.replace(year=2025),
            ends_at=meeting.ends_at.replace(year=2025),
        )
    return group


@pytest.mark.parametrize("size", [3, 30])
def test_group_pages_keep_a_fixed_number_of_queries(world, django_assert_num_queries, size):
    group = _big(world, size)
    supporter = sign_in(Client(), world["supporter"])
    member = sign_in(Client(), world["member"])
    services.join_group(group=group, member=world["member"])
    # Warm the session and the shell once, then count.
    supporter.get(reverse("groups:facilitate", args=[group.pk]))
    member.get(group.get_absolute_url())
    with django_assert_num_queries(FACILITATE_QUERIES):
        supporter.get(reverse("groups:facilitate", args=[group.pk]))
    with django_assert_num_queries(GROUP_QUERIES):
        member.get(group.get_absolute_url())
    with django_assert_num_queries(LIST_QUERIES):
        member.get(reverse("groups:list"))
    # A meeting in progress with everyone in the room, as its facilitator sees it.
    meeting = meeting_now(group)
    for someone in Attendance.objects.filter(meeting__group=group).values_list("user", flat=True):
        Attendance.objects.get_or_create(
            meeting=meeting,
            user_id=someone,
            defaults={"how": AttendanceHow.ROOM, "joined_at": meeting.starts_at},
        )
    supporter.get(meeting.get_absolute_url())
    with django_assert_num_queries(MEETING_QUERIES):
        supporter.get(meeting.get_absolute_url())


FACILITATE_QUERIES = 12  # each staff page: + the shell's safety alerts
GROUP_QUERIES = 10
LIST_QUERIES = 8
MEETING_QUERIES = 13
