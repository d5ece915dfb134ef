"""Places, the waiting list, approvals, the live room and the facilitator's powers, attendance, notes."""

from datetime import timedelta
from uuid import uuid4

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from alongside.accounts.choices import Role
from alongside.accounts.tests.factories import person
from alongside.audit.models import AccessLog
from alongside.conversations import services as conversations
from alongside.conversations.models import Participant
from alongside.conversations.selectors import access_conversation, live_access_problem
from alongside.groups import selectors, services
from alongside.groups.models import Attendance, AttendanceHow, MemberStatus, Modality

from .factories import group_of, meeting_now, members

pytestmark = pytest.mark.django_db


def test_a_group_stores_its_meetings_ahead_and_planning_again_adds_none(world):
    group = group_of(world.program)
    stored = group.meetings.count()
    assert stored >= 7  # eight weeks of a weekly group
    assert services.plan_meetings(group=group) == []
    assert group.meetings.count() == stored


def test_facilitators_must_be_supporters_of_the_program(world):
    with pytest.raises(ValidationError):
        group_of(world.program, facilitators=[world["member"]])


def test_joining_an_open_group_with_room_makes_a_member(world):
    group = group_of(world.program)
    place = services.join_group(group=group, member=world["member"])
    assert place.status == MemberStatus.MEMBER
    assert services.join_group(group=group, member=world["member"]).pk == place.pk  # again: same


def test_a_full_group_puts_people_on_the_waiting_list_in_order_and_promotes_the_first(world):
    group = group_of(world.program, capacity=2)
    first, second = members(group, 2)
    waiting = members(group, 2)
    assert [p.status for p in group.members.filter(user__in=waiting)] == [
        MemberStatus.WAITLISTED
    ] * 2
    assert selectors.waitlist_position(selectors.place_of(waiting[1], group)) == 2

    promoted = services.leave_group(group=group, member=first)

    assert promoted is not None and promoted.user == waiting[0]
    assert selectors.place_of(waiting[0], group).status == MemberStatus.MEMBER
    assert selectors.waitlist_position(selectors.place_of(waiting[1], group)) == 1
    # Someone leaving the waiting list promotes nobody.
    assert services.leave_group(group=group, member=waiting[1]) is None
    assert group.members.filter(status=MemberStatus.MEMBER).count() == 2


def test_a_closed_group_waits_for_a_facilitator_who_can_say_yes_or_no(world):
    group = group_of(world.program, facilitators=[world["supporter"]], is_closed=True, capacity=1)
    asker, other, third = (person(world.program, Role.MEMBER) for _ in range(3))
    assert services.join_group(group=group, member=asker).status == MemberStatus.AWAITING
    services.join_group(group=group, member=other)
    services.join_group(group=group, member=third)
    with pytest.raises(PermissionDenied):
        services.decide_request(
            group=group, facilitator=world["member"], member=asker, approve=True
        )

    yes = services.decide_request(
        group=group, facilitator=world["supporter"], member=asker, approve=True
    )
    full = services.decide_request(
        group=group, facilitator=world["supporter"], member=other, approve=True
    )
    no = services.decide_request(
        group=group, facilitator=world["supporter"], member=third, approve=False
    )
    assert (yes.status, full.status, no.status) == (
        MemberStatus.MEMBER,
        MemberStatus.WAITLISTED,
        MemberStatus.DECLINED,
    )
    services.leave_group(group=group, member=asker)
    assert selectors.place_of(other, group).status == MemberStatus.MEMBER


def test_a_supervisor_approves_for_a_self_run_group(world):
    group = group_of(world.program, is_closed=True)
    services.join_group(group=group, member=world["member"])
    place = services.decide_request(
        group=group, facilitator=world["supervisor"], member=world["member"], approve=True
    )
    assert place.status == MemberStatus.MEMBER


def test_only_members_of_the_program_can_join(world):
    group = group_of(world.program)
    with pytest.raises(PermissionDenied):
        services.join_group(group=group, member=world.foreign_member)
    with pytest.raises(PermissionDenied):
        services.join_group(group=group, member=world["supporter"])


def test_entering_the_room_seats_a_member_and_records_attendance_once(world):
    group = group_of(world.program, facilitators=[world["supporter"]])
    services.join_group(group=group, member=world["member"])
    meeting = meeting_now(group)
    room = services.enter_meeting_room(meeting=meeting, user=world["member"])
    again = services.enter_meeting_room(meeting=meeting, user=world["member"])
    assert room.pk == again.pk and room.kind == "room"
    attendance = Attendance.objects.get(meeting=meeting)
    assert (attendance.user, attendance.how) == (world["member"], AttendanceHow.ROOM)
    assert access_conversation(world["member"], room.pk) == room


def test_strangers_and_early_comers_cannot_enter(world):
    group = group_of(world.program)
    meeting = meeting_now(group)
    with pytest.raises(PermissionDenied):
        services.enter_meeting_room(meeting=meeting, user=world.other_member)
    services.join_group(group=group, member=world.other_member)
    later = group.meetings.filter(starts_at__gt=timezone.now() + timedelta(days=1)).first()
    with pytest.raises(ValidationError):
        services.enter_meeting_room(meeting=later, user=world.other_member)


def _room_with(world):
    group = group_of(world.program, facilitators=[world["supporter"]])
    services.join_group(group=group, member=world["member"])
    meeting = meeting_now(group)
    room = services.enter_meeting_room(meeting=meeting, user=world["member"])
    return meeting, room


def test_a_muted_member_cannot_send_until_unmuted(world):
    meeting, room = _room_with(world)
    services.mute_in_room(meeting=meeting, facilitator=world["supporter"], member=world["member"])
    with pytest.raises(ValidationError) as refused:
        conversations.send_message(
            conversation=room, sender=world["member"], client_id=uuid4(), body="hello"
        )
    assert refused.value.code == "muted"
    services.unmute_in_room(meeting=meeting, facilitator=world["supporter"], member=world["member"])
    message = conversations.send_message(
        conversation=room, sender=world["member"], client_id=uuid4(), body="hello"
    )
    assert message.seq >= 1


def test_a_member_cannot_mute_or_remove_anyone(world):
    meeting, _room = _room_with(world)
    services.join_group(group=meeting.group, member=world.other_member)
    for power in (services.mute_in_room, services.remove_from_meeting):
        with pytest.raises(PermissionDenied):
            power(meeting=meeting, facilitator=world["member"], member=world.other_member)
    with pytest.raises(PermissionDenied):
        services.set_room_locked(meeting=meeting, facilitator=world["member"], locked_now=True)


def test_a_removed_member_loses_the_room_and_cannot_come_back(world):
    meeting, room = _room_with(world)
    services.remove_from_meeting(
        meeting=meeting, facilitator=world["supporter"], member=world["member"]
    )
    assert not Participant.objects.filter(conversation=room, user=world["member"]).exists()
    assert (
        live_access_problem(user_id=world["member"].pk, conversation_id=room.pk, session_key=None)
        == "no_access"
    )
    with pytest.raises(ValidationError) as refused:
        services.enter_meeting_room(meeting=meeting, user=world["member"])
    assert refused.value.code == "removed"
    assert Attendance.objects.get(meeting=meeting, user=world["member"]).left_at is not None


def test_a_locked_room_keeps_newcomers_out_but_lets_the_seated_back(world):
    meeting, room = _room_with(world)
    services.join_group(group=meeting.group, member=world.other_member)
    services.set_room_locked(meeting=meeting, facilitator=world["supporter"], locked_now=True)
    with pytest.raises(ValidationError) as refused:
        services.enter_meeting_room(meeting=meeting, user=world.other_member)
    assert refused.value.code == "locked"
    assert services.enter_meeting_room(meeting=meeting, user=world["member"]) == room
    services.set_room_locked(meeting=meeting, facilitator=world["supporter"], locked_now=False)
    assert services.enter_meeting_room(meeting=meeting, user=world.other_member) == room


def test_pinning_rules_and_a_check_in_round_speak_in_the_room(world):
    meeting, room = _room_with(world)
    services.pin_ground_rules(meeting=meeting, facilitator=world["supporter"])
    round_ = services.start_check_in(
        meeting=meeting, facilitator=world["supporter"], prompt="One word for today?"
    )
    assert round_.order == [world["member"].pk]
    finished = services.next_check_in_turn(meeting=meeting, facilitator=world["supporter"])
    assert finished is not None and finished.finished_at is not None
    bodies = list(room.messages.order_by("seq").values_list("body", flat=True))
    assert bodies[0].startswith("Our ground rules:")
    assert "One word for today?" in bodies[1] and world["member"].display_name in bodies[1]
    assert "end of the round" in bodies[2]


def test_a_check_in_turn_never_reads_with_two_full_stops(world):
    world["member"].display_name = "Sam Ortiz Jr."
    world["member"].save()
    meeting, room = _room_with(world)
    services.start_check_in(meeting=meeting, facilitator=world["supporter"], prompt="How is today?")
    first_turn = room.messages.order_by("seq").last().body
    assert "First, Sam Ortiz Jr." in first_turn and ".." not in first_turn


def test_ticked_attendance_for_an_in_person_meeting_and_unticking(world):
    group = group_of(
        world.program,
        facilitators=[world["supporter"]],
        modality=Modality.IN_PERSON,
        place="Room 2, Riverside Library",
    )
    first, second = members(group, 2)
    meeting = meeting_now(group)
    services.tick_attendance(
        meeting=meeting, facilitator=world["supporter"], present_ids=[first.pk, second.pk]
    )
    rows = services.tick_attendance(
        meeting=meeting, facilitator=world["supporter"], present_ids=[first.pk]
    )
    assert [(a.user_id, a.how, a.joined_at, a.left_at) for a in rows] == [
        (first.pk, AttendanceHow.TICKED, meeting.starts_at, meeting.ends_at)
    ]
    with pytest.raises(ValidationError):
        services.tick_attendance(
            meeting=meeting, facilitator=world["supporter"], present_ids=[world.other_member.pk]
        )


def test_ending_a_meeting_closes_open_attendance_and_the_room(world):
    meeting, room = _room_with(world)
    services.end_meeting(meeting=meeting, facilitator=world["supporter"])
    attendance = Attendance.objects.get(meeting=meeting)
    assert attendance.left_at is not None and attendance.left_at >= attendance.joined_at
    room.refresh_from_db()
    assert room.is_ended


def test_notes_are_for_facilitators_and_reads_are_audited(world):
    meeting, _room = _room_with(world)
    services.write_meeting_note(
        meeting=meeting, facilitator=world["supporter"], body="A warm meeting; two new faces."
    )
    with pytest.raises(PermissionDenied):
        services.write_meeting_note(meeting=meeting, facilitator=world["member"], body="hi")
    before = AccessLog.objects.count()
    notes = selectors.notes_of(world["supervisor"], meeting)
    assert [n.body for n in notes] == ["A warm meeting; two new faces."]
    assert AccessLog.objects.count() == before + 1
