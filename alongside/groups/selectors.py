"""Reads for groups: finding groups, a person's place, the facilitator's view, meetings, notes (audited),
the calendar, and what the live room asks about mutes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.choices import Role
from alongside.accounts.models import Program, User
from alongside.accounts.selectors import standing
from alongside.audit.services import record_access
from alongside.common import refusals, sql
from alongside.conversations.models import Kind

from .models import (
    ACTIVE_STATUSES,
    Attendance,
    CalendarFeed,
    CheckInRound,
    GroupMember,
    Meeting,
    MeetingNote,
    MemberStatus,
    RoomMute,
    SupportGroup,
    TimeOfDay,
)

CALENDAR_PAST = timedelta(days=30)  # the feed keeps a month of past meetings
UPCOMING_SHOWN = 4
HISTORY_SHOWN = 12


def _with_counts(groups: QuerySet[SupportGroup]) -> QuerySet[SupportGroup]:
    return groups.annotate(
        member_count=Count("members", filter=Q(members__status=MemberStatus.MEMBER), distinct=True),
        waitlist_count=Count(
            "members", filter=Q(members__status=MemberStatus.WAITLISTED), distinct=True
        ),
    ).prefetch_related("facilitators")


def find_groups(
    viewer: User,
    *,
    topic: str = "",
    language: str = "",
    modality: str = "",
    time_of_day: str = "",
) -> QuerySet[SupportGroup]:
    """The active groups of the viewer's program that fit the filters (any filter may be blank)."""
    program = standing(viewer).program
    if program is None:
        return SupportGroup.objects.none()
    groups = SupportGroup.objects.filter(program=program, is_active=True)
    if topic:
        groups = groups.filter(topic=topic)
    if language:
        groups = groups.filter(language=language)
    if modality:
        groups = groups.filter(modality=modality)
    if time_of_day in TimeOfDay.values:
        low, high = TimeOfDay(time_of_day).bounds()
        groups = groups.filter(starts_at_time__gte=low, starts_at_time__lt=high)
    return _with_counts(groups).order_by("name", "pk")


def access_group(viewer: User, group_id: int) -> SupportGroup:
    """A group of the viewer's program (anyone there may read its public page); else Http404."""
    program = standing(viewer).program
    group = (
        _with_counts(SupportGroup.objects.filter(pk=group_id, program=program, is_active=True))
        .select_related("program")
        .first()
        if program is not None
        else None
    )
    if group is None:
        raise Http404
    return group


def can_facilitate(viewer: User, group: SupportGroup) -> bool:
    """The group's facilitators, and the program's supervisors (who look after self-run groups)."""
    program = standing(viewer).program
    if program is None or program.pk != group.program_id:
        return False
    if standing(viewer).has(Role.SUPERVISOR):
        return True
    return any(f.pk == viewer.pk for f in group.facilitators.all())


def access_facilitation(viewer: User, group_id: int) -> SupportGroup:
    """The group if the viewer facilitates it (or supervises the program); else Http404."""
    group = access_group(viewer, group_id)
    if not can_facilitate(viewer, group):
        raise Http404
    return group


def place_of(viewer: User, group: SupportGroup) -> GroupMember | None:
    return GroupMember.objects.filter(group=group, user=viewer).first()


def is_member(viewer: User, group: SupportGroup) -> bool:
    return GroupMember.objects.filter(group=group, user=viewer, status=MemberStatus.MEMBER).exists()


def waitlist_position(place: GroupMember) -> int:
    """1 for the first person waiting."""
    return (
        GroupMember.objects.filter(
            group_id=place.group_id, status=MemberStatus.WAITLISTED, queued_at__lt=place.queued_at
        ).count()
        + 1
    )


def upcoming_meetings(group: SupportGroup, *, limit: int = UPCOMING_SHOWN) -> list[Meeting]:
    now = timezone.now()
    return list(
        Meeting.objects.filter(
            group=group, ends_at__gt=now, ended_at__isnull=True, cancelled_at__isnull=True
        ).order_by("starts_at")[:limit]
    )


def groups_of(viewer: User) -> QuerySet[GroupMember]:
    """The person's places in groups (member, waiting, or awaiting a yes), groups loaded."""
    return (
        GroupMember.objects.filter(user=viewer, status__in=ACTIVE_STATUSES)
        .select_related("group")
        .order_by("group__name")
    )


@dataclass
class Roster:
    members: list[GroupMember]
    waitlist: list[GroupMember]
    awaiting: list[GroupMember]


def roster(group: SupportGroup) -> Roster:
    """Everyone with a place in the group, in one query."""
    places = list(
        GroupMember.objects.filter(group=group, status__in=ACTIVE_STATUSES)
        .select_related("user")
        .order_by("queued_at", "pk")
    )
    return Roster(
        members=[p for p in places if p.status == MemberStatus.MEMBER],
        waitlist=[p for p in places if p.status == MemberStatus.WAITLISTED],
        awaiting=[p for p in places if p.status == MemberStatus.AWAITING],
    )


def attendance_history(group: SupportGroup, *, limit: int = HISTORY_SHOWN) -> list[Meeting]:
    """The latest past meetings, newest first, each with who attended (two queries)."""
    now = timezone.now()
    return list(
        Meeting.objects.filter(group=group, starts_at__lt=now, cancelled_at__isnull=True)
        .prefetch_related(
            Prefetch(
                "attendance",
                queryset=Attendance.objects.select_related("user").order_by("joined_at", "pk"),
            )
        )
        .annotate(note_count=Count("notes"))
        .order_by("-starts_at")[:limit]
    )


def access_meeting(viewer: User, meeting_id: int) -> Meeting:
    """A meeting of a group the viewer belongs to or facilitates; else Http404."""
    meeting = (
        Meeting.objects.select_related("group", "group__program", "room")
        .prefetch_related("group__facilitators")
        .filter(pk=meeting_id, group__is_active=True)
        .first()
    )
    if meeting is None or not (
        can_facilitate(viewer, meeting.group) or is_member(viewer, meeting.group)
    ):
        raise Http404
    return meeting


def access_meeting_to_facilitate(viewer: User, meeting_id: int) -> Meeting:
    meeting = access_meeting(viewer, meeting_id)
    if not can_facilitate(viewer, meeting.group):
        raise Http404
    return meeting


def notes_of(viewer: User, meeting: Meeting) -> list[MeetingNote]:
    """A meeting's notes for a facilitator or supervisor; the read goes to the access log."""
    if not can_facilitate(viewer, meeting.group):
        raise Http404
    notes = list(meeting.notes.select_related("author").order_by("created_at", "pk"))
    if notes:
        record_access(
            viewer=viewer,
            record=meeting,
            subject=None,
            purpose="Read the notes of a group meeting",
            program_id=meeting.group.program_id,
        )
    return notes


@dataclass
class RoomState:
    """What the facilitator's controls show about a meeting's live room."""

    seated: list[Attendance]
    muted_ids: set[int]
    removed_ids: set[int]
    check_in: CheckInRound | None


def room_state(meeting: Meeting) -> RoomState:
    now = timezone.now()
    return RoomState(
        seated=list(meeting.attendance.select_related("user").order_by("joined_at", "pk")),
        muted_ids=set(
            RoomMute.objects.filter(meeting=meeting, until__gt=now).values_list(
                "user_id", flat=True
            )
        ),
        removed_ids=set(meeting.removals.values_list("user_id", flat=True)),
        check_in=meeting.check_ins.filter(finished_at__isnull=True).order_by("-pk").first(),
    )


def _why_paused(conversation_id: int, user_id: int, now: datetime) -> str | None:
    """Why the room of a meeting refuses this person's message now (paused), or None."""
    if sql.one(*_mute_query(conversation_id, user_id, now)):
        return _("A facilitator has paused your messages in this room for a little while.")
    return None


def _mute_query(conversation_id: int, user_id: int, now: datetime) -> sql.Query:
    """A statement that finds a row while a facilitator has paused this person in this room."""
    return _muted_sql(), [conversation_id, user_id, sql.when(now)]


# Conversations' send path asks this of every new message in a room (registered in `apps.py`): the
# statement joins the batch it sends under the conversation's lock, one indexed query in plain SQL
# (`common.sql`); the words are read when it refuses, after the boundary guard's warning.
room_pause = refusals.Question(
    code="muted",
    order=30,
    kinds=frozenset({Kind.ROOM.value}),
    statement=lambda sending: _mute_query(sending.conversation_id, sending.sender_id, sending.now),
    words=lambda sending: _why_paused(sending.conversation_id, sending.sender_id, sending.now),
    after_boundary=True,
)


@cache
def _muted_sql() -> str:
    """`RoomMute.objects.filter(meeting__room_id=…, user_id=…, until__gt=…).exists()`"""
    return (
        f"SELECT 1 FROM {sql.table(RoomMute)} JOIN {sql.table(Meeting)}"  # noqa: S608 (model names)
        f" ON {sql.ref(Meeting, 'id')} = {sql.ref(RoomMute, 'meeting')}"
        f" WHERE {sql.ref(Meeting, 'room')} = %s AND {sql.ref(RoomMute, 'user')} = %s"
        f" AND {sql.ref(RoomMute, 'until')} > %s LIMIT 1"
    )


def calendar_feed_of(viewer: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=viewer).first()


def feed_for_token(token: str) -> CalendarFeed:
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
        if token
        else None
    )
    if feed is None:
        raise Http404
    return feed


def calendar_meetings(user: User, now: datetime | None = None) -> list[Meeting]:
    """Meetings of the groups the person belongs to or facilitates, from a month back, in one query."""
    now = now or timezone.now()
    return list(
        Meeting.objects.filter(
            Q(group__members__user=user, group__members__status=MemberStatus.MEMBER)
            | Q(group__facilitators=user),
            group__is_active=True,
            starts_at__gte=now - CALENDAR_PAST,
        )
        .select_related("group")
        .distinct()
        .order_by("starts_at", "pk")
    )


def next_meeting_times(groups: list[SupportGroup]) -> dict[int, datetime]:
    """The next start of each group, in one query."""
    from django.db.models import Min

    rows = (
        Meeting.objects.filter(
            group__in=groups, starts_at__gt=timezone.now(), cancelled_at__isnull=True
        )
        .values("group_id")
        .annotate(first=Min("starts_at"))
    )
    return {row["group_id"]: row["first"] for row in rows}


def facilitators_of_room(conversation_id: int) -> list[User]:
    """The facilitators of the group whose meeting this room is (none for other rooms): safety alerts
    them when someone in the room writes crisis words (`safety.services.register_room_keepers`)."""
    return list(
        User.objects.filter(
            facilitated_groups__meetings__room_id=conversation_id, is_active=True
        ).distinct()
    )


@dataclass(frozen=True)
class HeldMeeting:
    """A meeting that took place, as the records app turns it into an encounter for a facilitator."""

    meeting: Meeting
    started_at: datetime  # the facilitator's own time in the room when known, else the meeting's
    ended_at: datetime
    attendees: list[User]  # who attended, facilitators left out


def meetings_held_by(
    facilitator: User, *, since: datetime, now: datetime | None = None
) -> list[HeldMeeting]:
    """Meetings of groups `facilitator` facilitates that started since `since` and are over by `now`,
    not cancelled, with at least one attendee besides the facilitators (three queries)."""
    now = now or timezone.now()
    meetings = (
        Meeting.objects.filter(
            group__facilitators=facilitator,
            starts_at__gte=since,
            cancelled_at__isnull=True,
        )
        .filter(Q(ended_at__lte=now) | Q(ended_at__isnull=True, ends_at__lte=now))
        .select_related("group")
        .prefetch_related(
            Prefetch("attendance", queryset=Attendance.objects.select_related("user")),
            "group__facilitators",
        )
        .order_by("starts_at", "pk")
    )
    held = []
    for meeting in meetings:
        keepers = {f.pk for f in meeting.group.facilitators.all()}
        rows = sorted(meeting.attendance.all(), key=lambda a: (a.joined_at, a.pk))
        attendees = [a.user for a in rows if a.user_id not in keepers]
        if not attendees:
            continue
        own = next((a for a in rows if a.user_id == facilitator.pk), None)
        started = own.joined_at if own else meeting.starts_at
        ended = (own.left_at if own else None) or meeting.ended_at or meeting.ends_at
        if ended <= started:
            ended = meeting.ended_at or meeting.ends_at
        held.append(HeldMeeting(meeting, started, ended, attendees))
    return held


def attendance_between(program: Program, since: datetime, until: datetime) -> list[tuple[int, Any]]:
    """For reports: (person id, when they joined) for every attendance at a meeting of `program` that
    began in [since, until)."""
    return list(
        Attendance.objects.filter(
            meeting__group__program=program, joined_at__gte=since, joined_at__lt=until
        ).values_list("user_id", "joined_at")
    )
