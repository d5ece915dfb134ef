"""Reads for scheduling: one session with its access check, the lists for the pages, and free times."""

from __future__ import annotations

import zoneinfo
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from alongside.accounts.choices import Role
from alongside.accounts.models import Program, User
from alongside.accounts.selectors import care_team_of, standing, time_zone_of
from alongside.audit.services import record_access
from alongside.safety.sources import Trigger

from .models import (
    BUSY,
    DayException,
    ProposedTime,
    SchedulingSettings,
    Session,
    SessionFeed,
    Status,
    TimeOff,
    WeeklyHours,
)

if TYPE_CHECKING:
    from alongside.safety.models import Escalation

# Free times start on this grid (minutes past the hour, in the supporter's zone).
SLOT_STEP = timedelta(minutes=30)


def settings_of(program: Program) -> SchedulingSettings:
    """The program's booking rules (defaults until an administrator changes them)."""
    found = SchedulingSettings.objects.filter(program=program).first()
    return found or SchedulingSettings(program=program)


def _session_query() -> QuerySet[Session]:
    return Session.objects.select_related(
        "program", "supporter", "member", "member__profile", "cancelled_by"
    )


def access_session(viewer: User, session_id: int) -> Session:
    """The session if `viewer` may see it: its supporter, its member, or a supervisor or administrator
    of its program. Anyone else gets Http404, exactly as if it did not exist. Reads by anyone but the
    member are written to the access log."""
    session = _session_query().filter(pk=session_id).first()
    found = standing(viewer)
    if session is None or found.program is None or found.program.pk != session.program_id:
        raise Http404
    allowed = (
        viewer.pk == session.member_id  # the person themself
        or viewer.pk == session.supporter_id  # their supporter
        or found.has(Role.SUPERVISOR, Role.ADMIN)  # who looks after the program's work
    )
    if not allowed:
        raise Http404
    if viewer.pk != session.member_id:
        record_access(
            viewer=viewer,
            record=session,
            subject=session.member,
            purpose="Viewed a session",
            program_id=session.program_id,
        )
    return session


def access_own_session(viewer: User, session_id: int) -> Session:
    """The session if `viewer` is one of its two people (who may change it); else Http404. Their own
    reads are not logged; nobody else gets this far."""
    session = _session_query().filter(pk=session_id).first()
    if session is None or viewer.pk not in (session.supporter_id, session.member_id):
        raise Http404
    return session


def supporters_for(member: User) -> list[User]:
    """The peer supporters on a member's care team: whom they may book with."""
    return [link.staff for link in care_team_of(member).filter(role=Role.SUPPORTER)]


def sessions_between(supporter: User, starts: datetime, ends: datetime) -> list[Session]:
    """A supporter's sessions (any status) starting in [starts, ends), for the week page; one query
    with the people and proposed times loaded."""
    return list(
        _session_query()
        .filter(supporter=supporter, starts_at__gte=starts, starts_at__lt=ends)
        .prefetch_related("proposed_times")
    )


def sessions_of_member(
    member: User, now: datetime | None = None
) -> tuple[list[Session], list[Session]]:
    """A member's sessions: those to come (proposed or booked, soonest first) and the last 20 past."""
    now = now or timezone.now()
    query = _session_query().filter(member=member).prefetch_related("proposed_times")
    coming = list(query.filter(status__in=BUSY, ends_at__gt=now))
    past = list(
        query.filter(Q(ends_at__lte=now) | ~Q(status__in=BUSY)).order_by("-starts_at", "-pk")[:20]
    )
    return coming, past


def sessions_on(supporter: User, day: date, tz: zoneinfo.ZoneInfo) -> list[Session]:
    """A supporter's proposed and booked sessions on one day in their zone (the day page)."""
    starts = datetime.combine(day, time(0), tzinfo=tz)
    ends = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
    return list(
        _session_query().filter(
            supporter=supporter,
            status__in=(*BUSY, Status.HELD),
            starts_at__gte=starts,
            starts_at__lt=ends,
        )
    )


def hours_of(supporter: User, program: Program) -> list[WeeklyHours]:
    return list(WeeklyHours.objects.filter(supporter=supporter, program=program))


def exceptions_of(supporter: User, program: Program, since: date) -> list[DayException]:
    return list(DayException.objects.filter(supporter=supporter, program=program, on__gte=since))


def time_off_of(supporter: User, program: Program, since: date) -> list[TimeOff]:
    return list(TimeOff.objects.filter(supporter=supporter, program=program, last_on__gte=since))


def feed_of(user: User) -> SessionFeed | None:
    return SessionFeed.objects.filter(user=user).first()


def feed_for_token(token: str) -> SessionFeed:
    feed = SessionFeed.objects.select_related("user").filter(token=token, user__is_active=True)
    found = feed.first()
    if found is None:
        raise Http404
    return found


def feed_sessions(user: User, now: datetime | None = None) -> list[Session]:
    """What a person's calendar lists: their sessions (as member or supporter) from 60 days ago on,
    cancelled ones too (so a calendar app removes them)."""
    since = (now or timezone.now()) - timedelta(days=60)
    return list(
        _session_query()
        .filter(Q(member=user) | Q(supporter=user), starts_at__gte=since)
        .exclude(status=Status.PROPOSED)
    )


# --- free times -------------------------------------------------------------------------------------


class _Epochs:
    """Local wall times as epoch seconds, remembered for one search: supporters share zones and
    hours, so most are computed once."""

    def __init__(self) -> None:
        self._zones: dict[str, zoneinfo.ZoneInfo] = {}
        self._seen: dict[tuple[date, time, str], int] = {}

    def at(self, day: date, at: time, tz_name: str) -> int:
        key = (day, at, tz_name)
        found = self._seen.get(key)
        if found is None:
            tz = self._zones.get(tz_name) or self._zones.setdefault(
                tz_name, zoneinfo.ZoneInfo(tz_name)
            )
            found = self._seen[key] = int(datetime.combine(day, at, tzinfo=tz).timestamp())
        return found


def _windows(
    hours: list[tuple[int, time, time, str]],
    exceptions: dict[date, list[tuple[time | None, time | None, str]]],
    off: list[tuple[date, date]],
    days: list[date],
    epochs: _Epochs,
) -> list[tuple[int, int]]:
    """A supporter's open hours on their local `days`, as (start, end) epoch seconds."""
    by_weekday: dict[int, list[tuple[time, time, str]]] = defaultdict(list)
    for weekday, starts, ends, tz_name in hours:
        by_weekday[weekday].append((starts, ends, tz_name))
    found: list[tuple[int, int]] = []
    for day in days:
        if off and any(a <= day <= b for a, b in off):
            continue
        if day in exceptions:
            todays = [(s, e, z) for s, e, z in exceptions[day] if s is not None and e is not None]
        else:
            todays = by_weekday.get(day.weekday(), [])
        for starts, ends, tz_name in todays:
            found.append((epochs.at(day, starts, tz_name), epochs.at(day, ends, tz_name)))
    return found


def _free_in(
    windows: list[tuple[int, int]],
    busy: list[tuple[int, int]],
    length: int,
    earliest: int,
    latest: int,
) -> list[int]:
    """Slot starts on the grid inside `windows` that fit `length` seconds and touch nothing busy."""
    step = int(SLOT_STEP.total_seconds())
    merged: list[list[int]] = []
    for b_start, b_end in sorted(busy):
        if merged and b_start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b_end)
        else:
            merged.append([b_start, b_end])
    busy_starts = [b[0] for b in merged]
    slots: list[int] = []
    for w_start, w_end in windows:
        first = w_start
        if earliest > first:  # the first grid point at or after `earliest`
            first += -(-(earliest - first) // step) * step
        last = min(w_end, latest) - length
        if first > last:
            continue
        # Busy stretches are merged and in order: only the last one starting before an end can
        # overlap. None reaching into the window: every slot of it is free.
        index = bisect_left(busy_starts, last + length)
        if index == 0 or merged[index - 1][1] <= first:
            slots.extend(range(first, last + 1, step))
            continue
        for start in range(first, last + 1, step):
            index = bisect_left(busy_starts, start + length)
            if index == 0 or merged[index - 1][1] <= start:
                slots.append(start)
    return slots


def free_times(
    *,
    program: Program,
    supporter_ids: Iterable[int],
    starts: datetime,
    ends: datetime,
    minutes: int,
    member: User | None = None,
    now: datetime | None = None,
    exclude: int = 0,
) -> dict[int, list[datetime]]:
    """For each supporter, the start times (aware, UTC) of free sessions of `minutes` between `starts`
    and `ends`: inside their weekly hours (or that day's exception), not on time off, not touching a
    proposed or booked session of theirs (or of `member`, when given), and after the program's notice.
    Five queries, whatever the number of supporters."""
    ids = list(supporter_ids)
    now = now or timezone.now()
    notice = timedelta(hours=settings_of(program).notice_hours)
    earliest = int(max(starts, now + notice).timestamp())
    latest = int(ends.timestamp())
    # Local days may lie a day either side of the UTC range.
    first, last = starts.date() - timedelta(days=1), ends.date() + timedelta(days=1)

    hours: dict[int, list[tuple[int, time, time, str]]] = defaultdict(list)
    for sid, weekday, h_start, h_end, tz_name in WeeklyHours.objects.filter(
        program=program, supporter_id__in=ids
    ).values_list("supporter_id", "weekday", "starts_at_time", "ends_at_time", "time_zone"):
        hours[sid].append((weekday, h_start, h_end, tz_name))
    exceptions: dict[int, dict[date, list[tuple[time | None, time | None, str]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for sid, on, e_start, e_end, tz_name in DayException.objects.filter(
        program=program, supporter_id__in=ids, on__gte=first, on__lte=last
    ).values_list("supporter_id", "on", "starts_at_time", "ends_at_time", "time_zone"):
        exceptions[sid][on].append((e_start, e_end, tz_name))
    off: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for sid, off_first, off_last in TimeOff.objects.filter(
        program=program, supporter_id__in=ids, first_on__lte=last, last_on__gte=first
    ).values_list("supporter_id", "first_on", "last_on"):
        off[sid].append((off_first, off_last))

    busy: dict[int, list[tuple[int, int]]] = defaultdict(list)
    member_busy: list[tuple[int, int]] = []
    people = Q(supporter_id__in=ids) | Q(member=member) if member else Q(supporter_id__in=ids)
    for sid, mid, s_start, s_end in (
        Session.objects.busy()
        .filter(people)
        .exclude(pk=exclude)
        .overlapping(starts, ends)
        .values_list("supporter_id", "member_id", "starts_at", "ends_at")
    ):
        span = (int(s_start.timestamp()), int(s_end.timestamp()))
        busy[sid].append(span)
        if member is not None and mid == member.pk:
            member_busy.append(span)
    # The times a proposal offers are held for it until the member picks one.
    for sid, p_start, p_end in (
        ProposedTime.objects.filter(
            session__supporter_id__in=ids,
            session__status=Status.PROPOSED,
            starts_at__lt=ends,
            ends_at__gt=starts,
        )
        .exclude(session_id=exclude)
        .values_list("session__supporter_id", "starts_at", "ends_at")
    ):
        busy[sid].append((int(p_start.timestamp()), int(p_end.timestamp())))

    length = minutes * 60
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    epochs = _Epochs()
    result: dict[int, list[datetime]] = {}
    for sid in ids:
        if sid not in hours and sid not in exceptions:
            result[sid] = []
            continue
        windows = _windows(hours[sid], exceptions[sid], off[sid], days, epochs)
        slots = _free_in(windows, busy[sid] + member_busy, length, earliest, latest)
        result[sid] = [datetime.fromtimestamp(s, UTC) for s in slots]
    return result


def is_free(
    *,
    program: Program,
    supporter: User,
    starts_at: datetime,
    minutes: int,
    member: User | None,
    exclude: int = 0,
) -> bool:
    """True when `starts_at` is one of the supporter's free times for a session of `minutes`."""
    found = free_times(
        program=program,
        supporter_ids=[supporter.pk],
        starts=starts_at,
        ends=starts_at + timedelta(minutes=minutes),
        minutes=minutes,
        member=member,
        exclude=exclude,
    )
    return starts_at in found[supporter.pk]


def by_local_day(
    times: list[datetime], tz: zoneinfo.ZoneInfo
) -> list[tuple[date, list[tuple[str, datetime]]]]:
    """Times grouped by the day they fall on in `tz`, in order: each as (its value in a form, the
    UTC instant in ISO 8601; the time in `tz`, to show)."""
    days: dict[date, list[tuple[str, datetime]]] = {}
    for at in sorted(times):
        local = at.astimezone(tz)
        days.setdefault(local.date(), []).append((at.astimezone(UTC).isoformat(), local))
    return list(days.items())


def zone_of(user: User) -> zoneinfo.ZoneInfo:
    """The person's zone (their own, else their program's)."""
    return time_zone_of(user)


# --- for other apps' registries ---------------------------------------------------------------------

SOURCE_KIND = "session"  # the escalation source kind for words written about a session


def day_sessions(request: HttpRequest) -> dict[str, Any]:
    """Records' day page: the supporter's sessions today, in their zone (one query)."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101  # the day page is for signed-in supporters
    zone = time_zone_of(user)
    return {"day_sessions": sessions_on(user, timezone.localdate(timezone.now(), zone), zone)}


def escalation_trigger(escalation: Escalation, item: int | None) -> Trigger | None:
    """The words about a session that raised an escalation: its details and the last reason given."""
    session = Session.objects.filter(pk=escalation.source_id).first()
    if session is None:
        return None
    change = session.changes.exclude(reason="").order_by("-at", "-pk").first()
    texts = [
        session.place,
        session.appointment_where,
        session.appointment_purpose,
        session.transport,
        change.reason if change else "",
    ]
    return Trigger(
        words="\n".join(t for t in texts if t),
        at=change.at if change else session.created_at,
        label_kind=SOURCE_KIND,
        label_id=session.pk,
    )
