"""Every change to groups: creating and scheduling them, joining, the waiting list and approvals, the
live room of each meeting and the facilitator's powers there, attendance, notes, calendar feeds and
reminders.

Decisions about places (join, leave, approve) lock the group's row first, so two people cannot take
the last place at once, and promotion from the waiting list happens in the same transaction as the
leaving that made room.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import partial
from uuid import uuid4

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alongside.accounts import gates
from alongside.accounts.choices import Role
from alongside.accounts.models import Program, User
from alongside.accounts.selectors import standing, standing_in, time_zone_of
from alongside.audit.models import Action
from alongside.audit.services import record_access
from alongside.common.wording import sentence_end
from alongside.conversations import services as conversations
from alongside.conversations.models import Conversation
from alongside.notifications.services import Delivery, QuietHours, Status, email_person
from alongside.safety import assess

from . import schedule, selectors
from .models import (
    Attendance,
    AttendanceHow,
    CalendarFeed,
    CheckInRound,
    GroupMember,
    Meeting,
    MeetingNote,
    MeetingReminder,
    MemberStatus,
    RoomMute,
    RoomRemoval,
    SupportGroup,
)

logger = logging.getLogger(__name__)

HORIZON = timedelta(weeks=8)  # meetings are stored this far ahead
ROOM_OPENS_BEFORE = timedelta(minutes=30)
REMINDER_LEAD = timedelta(hours=2)
MAX_MUTE = timedelta(hours=3)
PLAN_EVERY = timedelta(weeks=1)


# --- groups and their meetings ---------------------------------------------------------------------


@transaction.atomic
def create_group(
    *, program: Program, facilitators: Iterable[User] = (), **fields: object
) -> SupportGroup:
    """A group of `program`, led by peer supporters of that program (or none: self-run), with its
    first weeks of meetings stored."""
    facilitators = list(facilitators)
    for person in facilitators:
        if not standing_in(person, program).has(Role.SUPPORTER):  # in this program, whatever else
            raise ValidationError(
                {"facilitators": _("Facilitators are peer supporters of the same program.")}
            )
    # Facilitating needs what the program requires of it (courses, a current credential).
    lacking = gates.missing_for(
        [p.pk for p in facilitators], program, gates.Activity.GROUP_FACILITATION
    )
    if lacking:
        person = next(p for p in facilitators if p.pk in lacking)
        raise ValidationError(
            {
                "facilitators": _("%(name)s cannot facilitate until they finish: %(missing)s")
                % {"name": person, "missing": ", ".join(lacking[person.pk])}
            }
        )
    group = SupportGroup(program=program, **fields)
    group.full_clean()
    group.save()
    group.facilitators.set(facilitators)
    plan_meetings(group=group)
    return group


@transaction.atomic
def plan_meetings(
    *, group: SupportGroup, now: datetime | None = None, horizon: timedelta = HORIZON
) -> list[Meeting]:
    """Store the meetings of the schedule from now to `horizon` that are not stored yet (idempotent),
    and ask for their reminders."""
    now = now or timezone.now()
    starts = schedule.occurrences(
        first_on=group.first_meeting_on,
        at=group.starts_at_time,
        time_zone=group.time_zone,
        frequency=group.frequency,
        after=now,
        until=now + horizon,
    )
    known = set(
        Meeting.objects.filter(group=group, starts_at__in=starts).values_list(
            "starts_at", flat=True
        )
    )
    fresh = Meeting.objects.bulk_create(
        [
            Meeting(group=group, starts_at=start, ends_at=start + group.duration)
            for start in starts
            if start not in known
        ]
    )
    for meeting in fresh:
        transaction.on_commit(
            partial(_enqueue_reminders, meeting.pk, at=meeting.starts_at - REMINDER_LEAD)
        )
    transaction.on_commit(partial(_enqueue_planning, group.pk, at=now + PLAN_EVERY))
    return fresh


def _enqueue_planning(group_id: int, *, at: datetime) -> None:
    """Plan again in a week, so the stored meetings always reach `HORIZON` ahead."""
    from django_tasks import default_task_backend

    from .tasks import plan_ahead

    if default_task_backend.supports_defer:
        plan_ahead.using(run_after=at).enqueue(group_id)


# --- places: join, leave, the waiting list, approvals ----------------------------------------------


def _locked(group: SupportGroup) -> SupportGroup:
    return SupportGroup.objects.select_for_update().get(pk=group.pk)


def _has_room(group: SupportGroup) -> bool:
    taken = GroupMember.objects.filter(group=group, status=MemberStatus.MEMBER).count()
    return taken < group.capacity


@transaction.atomic
def join_group(*, group: SupportGroup, member: User) -> GroupMember:
    """Ask for a place: a member at once if the group is open and has room, on the waiting list if it
    is full, or waiting for a facilitator's yes if the group is closed. Asking again changes nothing."""
    program = standing(member).program
    if program is None or program.pk != group.program_id or not standing(member).has(Role.MEMBER):
        raise PermissionDenied
    locked = _locked(group)
    if not locked.is_active:
        raise ValidationError({"group": _("This group is not meeting any more.")}, code="inactive")
    place = GroupMember.objects.filter(group=locked, user=member).first()
    if place is not None and place.status in (
        MemberStatus.MEMBER,
        MemberStatus.WAITLISTED,
        MemberStatus.AWAITING,
    ):
        return place
    now = timezone.now()
    if locked.is_closed:
        status = MemberStatus.AWAITING
    elif _has_room(locked):
        status = MemberStatus.MEMBER
    else:
        status = MemberStatus.WAITLISTED
    if place is None:
        place = GroupMember(group=locked, user=member)
    place.status, place.queued_at, place.left_at, place.decided_by = status, now, None, None
    place.joined_at = now if status == MemberStatus.MEMBER else None
    place.save()
    return place


@transaction.atomic
def leave_group(*, group: SupportGroup, member: User) -> GroupMember | None:
    """Give up a place (or a place in line). If that freed a member's place, the first person on the
    waiting list gets it. Returns whoever was promoted."""
    locked = _locked(group)
    place = GroupMember.objects.filter(group=locked, user=member).first()
    if place is None or place.status not in (
        MemberStatus.MEMBER,
        MemberStatus.WAITLISTED,
        MemberStatus.AWAITING,
    ):
        raise ValidationError({"group": _("You are not in this group.")}, code="not_member")
    was_member = place.status == MemberStatus.MEMBER
    place.status, place.left_at = MemberStatus.LEFT, timezone.now()
    place.save(update_fields=["status", "left_at", "updated_at"])
    return _promote(locked) if was_member else None


def _promote(group: SupportGroup) -> GroupMember | None:
    """The first person waiting takes a free place (the group row is locked by the caller)."""
    if not _has_room(group):
        return None
    first = (
        GroupMember.objects.filter(group=group, status=MemberStatus.WAITLISTED)
        .select_related("user")
        .order_by("queued_at", "pk")
        .first()
    )
    if first is None:
        return None
    first.status, first.joined_at = MemberStatus.MEMBER, timezone.now()
    first.save(update_fields=["status", "joined_at", "updated_at"])
    transaction.on_commit(partial(_tell_promoted, first.pk))
    return first


def _require_facilitator(actor: User, group: SupportGroup) -> None:
    if not selectors.can_facilitate(actor, group):
        raise PermissionDenied


@transaction.atomic
def decide_request(
    *, group: SupportGroup, facilitator: User, member: User, approve: bool
) -> GroupMember:
    """A facilitator answers someone who asked to join a closed group: yes (a place, or the waiting
    list if it is full) or not this time."""
    _require_facilitator(facilitator, group)
    locked = _locked(group)
    place = GroupMember.objects.filter(
        group=locked, user=member, status=MemberStatus.AWAITING
    ).first()
    if place is None:
        raise ValidationError({"member": _("This person is not waiting for an answer.")})
    now = timezone.now()
    if not approve:
        place.status, place.left_at = MemberStatus.DECLINED, now
    elif _has_room(locked):
        place.status, place.joined_at = MemberStatus.MEMBER, now
    else:
        place.status = MemberStatus.WAITLISTED  # keeps the time they asked as their place in line
    place.decided_by = facilitator
    place.save()
    return place


def _tell_promoted(place_id: int) -> None:
    """Email someone whose place came up, if they allow emails (the page shows it either way)."""
    place = GroupMember.objects.select_related("user", "group").filter(pk=place_id).first()
    if place is None:
        return
    user = place.user
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = _("A place in your group has opened up")
        text = _(
            "Hello,\n\nA place opened up in a group you were waiting for. Sign in to Alongside "
            "to see when it meets next."
        )
    email_person(to=user, subject=subject, body=text)


# --- the live room of a meeting --------------------------------------------------------------------


def _room_role(user: User, group: SupportGroup) -> Role:
    return Role.SUPPORTER if selectors.can_facilitate(user, group) else Role.MEMBER


def room_is_open(meeting: Meeting, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        meeting.cancelled_at is None
        and meeting.ended_at is None
        and meeting.starts_at - ROOM_OPENS_BEFORE <= now < meeting.ends_at
    )


@transaction.atomic
def enter_meeting_room(*, meeting: Meeting, user: User) -> Conversation:
    """Seat a member or facilitator in the meeting's live room, opening it for the first person, and
    record attendance for members (from the first time they come in). A locked room lets back only
    those already seated; someone asked to leave cannot come back to this meeting."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",)).select_related("group").get(pk=meeting.pk)
    )
    group = meeting.group
    facilitating = selectors.can_facilitate(user, group)
    if not facilitating and not selectors.is_member(user, group):
        raise PermissionDenied
    if not room_is_open(meeting):
        raise ValidationError(
            _("The room opens half an hour before the meeting and closes when it ends."),
            code="closed",
        )
    if meeting.removals.filter(user=user).exists():
        raise ValidationError(
            _("A facilitator has asked you to leave this meeting."), code="removed"
        )
    room = meeting.room
    seated = room is not None and room.participants.filter(user=user).exists()
    if meeting.is_locked and not seated and not facilitating:
        raise ValidationError(
            _("The facilitator has closed this meeting to newcomers. You are welcome next time."),
            code="locked",
        )
    if room is None:
        with translation.override(group.language):
            title = _("%(group)s meeting") % {"group": group.name}
        room = conversations.open_room(program=group.program, title=title[:120], people=[])
        meeting.room = room
        meeting.save(update_fields=["room", "updated_at"])
    conversations.join_room(conversation=room, user=user, role=_room_role(user, group))
    if not facilitating:
        Attendance.objects.get_or_create(
            meeting=meeting,
            user=user,
            defaults={"how": AttendanceHow.ROOM, "joined_at": timezone.now()},
        )
    return room


def _facilitated_room(meeting: Meeting, facilitator: User) -> tuple[Meeting, Conversation]:
    """The meeting (locked) and its room, seating the facilitator; only facilitators get here."""
    locked = (
        Meeting.objects.select_for_update(of=("self",)).select_related("group").get(pk=meeting.pk)
    )
    _require_facilitator(facilitator, locked.group)
    room = enter_meeting_room(meeting=locked, user=facilitator)
    locked.refresh_from_db(fields=["room"])
    return locked, room


def _say(meeting: Meeting, facilitator: User, room: Conversation, text: str) -> None:
    """A facilitator's words in the room, through the ordinary send path (safety included)."""
    conversations.send_message(conversation=room, sender=facilitator, client_id=uuid4(), body=text)


@transaction.atomic
def pin_ground_rules(*, meeting: Meeting, facilitator: User) -> Meeting:
    """Put the group's ground rules at the top of the meeting page and say them in the room."""
    locked, room = _facilitated_room(meeting, facilitator)
    if not locked.group.ground_rules.strip():
        raise ValidationError({"ground_rules": _("This group has no ground rules written yet.")})
    locked.rules_pinned_at = timezone.now()
    locked.save(update_fields=["rules_pinned_at", "updated_at"])
    with translation.override(locked.group.language):
        text = _("Our ground rules:") + "\n" + locked.group.ground_rules.strip()
    _say(locked, facilitator, room, text)
    return locked


@transaction.atomic
def set_room_locked(*, meeting: Meeting, facilitator: User, locked_now: bool) -> Meeting:
    """Close the room to newcomers (those seated stay and may come back), or open it again."""
    locked, room = _facilitated_room(meeting, facilitator)
    if locked.is_locked == locked_now:
        return locked
    locked.room_locked_at = timezone.now() if locked_now else None
    locked.save(update_fields=["room_locked_at", "updated_at"])
    with translation.override(locked.group.language):
        text = (
            _("The facilitator has closed the room to newcomers for the rest of this meeting.")
            if locked_now
            else _("The facilitator has opened the room to newcomers again.")
        )
    _say(locked, facilitator, room, text)
    return locked


def _require_attendee(meeting: Meeting, user: User) -> None:
    if selectors.can_facilitate(user, meeting.group):
        raise ValidationError({"member": _("Facilitators cannot be muted or removed.")})
    if not selectors.is_member(user, meeting.group):
        raise ValidationError({"member": _("This person is not in the group.")})


@transaction.atomic
def mute_in_room(
    *, meeting: Meeting, facilitator: User, member: User, minutes: int = 10
) -> RoomMute:
    """Pause someone's messages in the room for a while (at most three hours). The room refuses
    them server-side until then (see `selectors.room_pause`)."""
    locked, room = _facilitated_room(meeting, facilitator)
    _require_attendee(locked, member)
    length = min(timedelta(minutes=max(minutes, 1)), MAX_MUTE)
    return RoomMute.objects.create(
        meeting=locked, user=member, until=timezone.now() + length, by=facilitator
    )


@transaction.atomic
def unmute_in_room(*, meeting: Meeting, facilitator: User, member: User) -> int:
    locked, _room = _facilitated_room(meeting, facilitator)
    return RoomMute.objects.filter(meeting=locked, user=member, until__gt=timezone.now()).update(
        until=timezone.now()
    )


@transaction.atomic
def remove_from_meeting(*, meeting: Meeting, facilitator: User, member: User) -> RoomRemoval:
    """Ask someone to leave the meeting: their seat in the room goes (their live connection closes at
    its next frame), they cannot come back to this meeting, and their attendance ends now."""
    locked, room = _facilitated_room(meeting, facilitator)
    _require_attendee(locked, member)
    removal, _created = RoomRemoval.objects.get_or_create(
        meeting=locked, user=member, defaults={"by": facilitator}
    )
    conversations.remove_from_room(conversation=room, user=member)
    now = timezone.now()
    Attendance.objects.filter(meeting=locked, user=member, left_at__isnull=True).update(left_at=now)
    return removal


@transaction.atomic
def start_check_in(*, meeting: Meeting, facilitator: User, prompt: str) -> CheckInRound:
    """A round where everyone answers `prompt` in turn, in the order they came in; the room hears the
    prompt and whose turn is first."""
    prompt = prompt.strip()
    if not prompt:
        raise ValidationError({"prompt": _("Please write the question for the round.")})
    if len(prompt) > 300:
        raise ValidationError({"prompt": _("Please keep the question under 300 characters.")})
    locked, room = _facilitated_room(meeting, facilitator)
    CheckInRound.objects.filter(meeting=locked, finished_at__isnull=True).update(
        finished_at=timezone.now()
    )
    removed = set(locked.removals.values_list("user_id", flat=True))
    order = [
        a.user_id
        for a in locked.attendance.order_by("joined_at", "pk")
        if a.user_id not in removed and a.left_at is None
    ]
    if not order:
        raise ValidationError({"prompt": _("Nobody is in the room yet to answer.")})
    round_ = CheckInRound.objects.create(
        meeting=locked, prompt=prompt, order=order, started_by=facilitator
    )
    _announce_turn(locked, facilitator, room, round_)
    return round_


@transaction.atomic
def next_check_in_turn(*, meeting: Meeting, facilitator: User) -> CheckInRound | None:
    """Pass the turn on; after the last person the round ends. Returns the round, or None if none."""
    locked, room = _facilitated_room(meeting, facilitator)
    round_ = (
        CheckInRound.objects.select_for_update()
        .filter(meeting=locked, finished_at__isnull=True)
        .order_by("-pk")
        .first()
    )
    if round_ is None:
        return None
    round_.position += 1
    if round_.position >= len(round_.order):
        round_.finished_at = timezone.now()
        round_.save(update_fields=["position", "finished_at"])
        with translation.override(locked.group.language):
            _say(locked, facilitator, room, _("Thank you, everyone. That is the end of the round."))
        return round_
    round_.save(update_fields=["position"])
    _announce_turn(locked, facilitator, room, round_)
    return round_


def _announce_turn(
    meeting: Meeting, facilitator: User, room: Conversation, round_: CheckInRound
) -> None:
    person = User.objects.get(pk=round_.order[round_.position])
    with translation.override(meeting.group.language):
        if round_.position == 0:
            text = _("Check-in round: %(prompt)s\nFirst, %(name)s.") % {
                "prompt": round_.prompt,
                "name": sentence_end(person.display_name),
            }
        else:
            text = _("Next, %(name)s.") % {"name": sentence_end(person.display_name)}
    _say(meeting, facilitator, room, text)


# --- attendance, ending, notes ---------------------------------------------------------------------


@transaction.atomic
def tick_attendance(
    *, meeting: Meeting, facilitator: User, present_ids: Iterable[int]
) -> list[Attendance]:
    """For phone and in-person meetings: the facilitator marks who came. Ticked people attended the
    whole meeting; unticking removes only ticks, never a record of someone who joined the room."""
    _require_facilitator(facilitator, meeting.group)
    if meeting.starts_at > timezone.now():
        raise ValidationError({"present": _("Attendance can be marked once the meeting starts.")})
    wanted = set(present_ids)
    members = set(
        GroupMember.objects.filter(
            group=meeting.group, user_id__in=wanted, status=MemberStatus.MEMBER
        ).values_list("user_id", flat=True)
    )
    if wanted - members:
        raise ValidationError({"present": _("Only members of the group can be marked present.")})
    Attendance.objects.filter(meeting=meeting, how=AttendanceHow.TICKED).exclude(
        user_id__in=wanted
    ).delete()
    have = set(meeting.attendance.values_list("user_id", flat=True))
    Attendance.objects.bulk_create(
        [
            Attendance(
                meeting=meeting,
                user_id=user_id,
                how=AttendanceHow.TICKED,
                joined_at=meeting.starts_at,
                left_at=meeting.ends_at,
                recorded_by=facilitator,
            )
            for user_id in sorted(wanted - have)
        ]
    )
    return list(meeting.attendance.order_by("pk"))


@transaction.atomic
def end_meeting(*, meeting: Meeting, facilitator: User) -> Meeting:
    """Close the meeting: attendance still open ends now (never after the meeting's end), and the room
    ends with a goodbye, readable afterwards."""
    locked = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("group", "room")
        .get(pk=meeting.pk)
    )
    _require_facilitator(facilitator, locked.group)
    if locked.ended_at is not None:
        return locked
    now = timezone.now()
    locked.ended_at = now
    locked.save(update_fields=["ended_at", "updated_at"])
    for attendance in locked.attendance.filter(left_at__isnull=True):
        attendance.left_at = max(min(now, locked.ends_at), attendance.joined_at)
        attendance.save(update_fields=["left_at"])
    room = locked.room
    if room is not None and not room.is_ended:
        conversations.join_room(conversation=room, user=facilitator, role=Role.SUPPORTER)
        with translation.override(locked.group.language):
            goodbye = _("Thank you for coming. This meeting has ended.")
        conversations.end_conversation(
            supporter=facilitator, conversation=room, closing_note=goodbye
        )
    return locked


@transaction.atomic
def write_meeting_note(*, meeting: Meeting, facilitator: User, body: str) -> MeetingNote:
    """A facilitator's note after a meeting, for facilitators and supervisors only; the words pass
    the safety check like everything people write, and the write is in the access log."""
    _require_facilitator(facilitator, meeting.group)
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Please write something before saving.")})
    assessment = assess(body)
    note = MeetingNote.objects.create(
        meeting=meeting, author=facilitator, body=body, risk_level=assessment.level.value
    )
    record_access(
        viewer=facilitator,
        record=note,
        subject=None,
        action=Action.WRITE,
        purpose="Wrote a note after a group meeting",
        program_id=meeting.group.program_id,
    )
    return note


# --- calendar and reminders ------------------------------------------------------------------------


@transaction.atomic
def calendar_feed_for(*, user: User) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def revoke_calendar_feed(*, user: User) -> CalendarFeed:
    """A new secret address; the old one stops working at once."""
    CalendarFeed.objects.filter(user=user).delete()
    return CalendarFeed.objects.create(user=user)


def _enqueue_reminders(meeting_id: int, *, at: datetime) -> None:
    from django_tasks import default_task_backend

    from .tasks import remind_meeting

    if not default_task_backend.supports_defer:
        return  # an immediate backend would remind hours early; the service is tested directly
    remind_meeting.using(run_after=max(at, timezone.now())).enqueue(meeting_id)


def send_meeting_reminders(*, meeting_id: int, now: datetime | None = None) -> int:
    """Email each member and facilitator who allows emails that the meeting starts soon, once each.
    Someone in their quiet hours is reminded when those end, if that is still before the meeting;
    otherwise they are skipped. Returns how many emails went out."""
    now = now or timezone.now()
    meeting = Meeting.objects.select_related("group").filter(pk=meeting_id).first()
    if meeting is None or meeting.cancelled_at or meeting.ended_at or meeting.starts_at <= now:
        return 0
    if meeting.starts_at - now > REMINDER_LEAD:
        return 0  # too early (a worker woke up before time); the deferred task will come again
    people = list(
        User.objects.filter(
            group_memberships__group=meeting.group,
            group_memberships__status=MemberStatus.MEMBER,
            is_active=True,
        ).select_related("profile")
    ) + list(meeting.group.facilitators.filter(is_active=True).select_related("profile"))
    done = set(meeting.reminders.values_list("user_id", flat=True))
    sent, later = 0, []
    for user in people:
        if user.pk in done:
            continue
        done.add(user.pk)
        delivery = _email_reminder(meeting, user, now)
        if (
            delivery.status is Status.QUIET
            and delivery.until
            and delivery.until < meeting.starts_at
        ):
            later.append(delivery.until)  # reminded when their quiet hours end
            continue
        if delivery.sent:
            sent += 1
        # Reminded once: by email, or not (email off, quiet until the meeting, or a failed send).
        MeetingReminder.objects.create(meeting=meeting, user=user, emailed=delivery.sent)
    if later:
        transaction.on_commit(partial(_enqueue_reminders, meeting.pk, at=min(later)))
    return sent


def _email_reminder(meeting: Meeting, user: User, now: datetime) -> Delivery:
    """The email names the group and the time, never anyone in it."""
    tz = time_zone_of(user)
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = _("Your group meets soon")
        text = _(
            "Hello,\n\n%(group)s meets at %(time)s. Sign in to Alongside to join.\n\nYou can turn "
            "these emails off on your notification settings page."
        ) % {
            "group": meeting.group.name,
            "time": meeting.starts_at.astimezone(tz).strftime("%H:%M %Z"),
        }
    return email_person(to=user, subject=subject, body=text, quiet_hours=QuietHours.ASK, now=now)
