"""Schedules expand to the right wall-clock times in the group's zone, across daylight-saving changes."""

import zoneinfo
from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from alongside.groups.schedule import nth_weekday_of_month, occurrences

ZONES = ["America/New_York", "America/Los_Angeles", "Europe/London", "Australia/Sydney", "UTC"]


def test_a_weekly_7pm_new_york_meeting_stays_at_7pm_across_the_spring_change():
    starts = occurrences(
        first_on=date(2026, 3, 3),  # a Tuesday
        at=time(19, 0),
        time_zone="America/New_York",
        frequency="weekly",
        after=datetime(2026, 3, 1, tzinfo=UTC),
        until=datetime(2026, 3, 20, tzinfo=UTC),
    )
    # Clocks go forward on 8 March 2026: 19:00 EST is 00:00 UTC, 19:00 EDT is 23:00 UTC.
    assert starts == [
        datetime(2026, 3, 4, 0, 0, tzinfo=UTC),
        datetime(2026, 3, 10, 23, 0, tzinfo=UTC),
        datetime(2026, 3, 17, 23, 0, tzinfo=UTC),
    ]


def test_fortnightly_and_monthly_by_weekday():
    fortnightly = occurrences(
        first_on=date(2026, 1, 5),
        at=time(10, 0),
        time_zone="Europe/London",
        frequency="fortnightly",
        after=datetime(2026, 1, 1, tzinfo=UTC),
        until=datetime(2026, 2, 10, tzinfo=UTC),
    )
    assert [d.date() for d in fortnightly] == [
        date(2026, 1, 5),
        date(2026, 1, 19),
        date(2026, 2, 2),
    ]
    monthly = occurrences(
        first_on=date(2026, 1, 14),  # the second Wednesday
        at=time(18, 30),
        time_zone="America/Los_Angeles",
        frequency="monthly",
        after=datetime(2026, 1, 1, tzinfo=UTC),
        until=datetime(2026, 5, 1, tzinfo=UTC),
    )
    local = [d.astimezone(zoneinfo.ZoneInfo("America/Los_Angeles")) for d in monthly]
    assert [d.date() for d in local] == [
        date(2026, 1, 14),
        date(2026, 2, 11),
        date(2026, 3, 11),
        date(2026, 4, 8),
    ]
    assert {(d.hour, d.minute) for d in local} == {(18, 30)}


def test_a_fifth_weekday_means_the_last_one():
    assert nth_weekday_of_month(date(2026, 1, 29)) == -1
    assert nth_weekday_of_month(date(2026, 1, 1)) == 1


@settings(max_examples=60, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    first=st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31)),
    hour=st.integers(min_value=0, max_value=23),
    minute=st.sampled_from([0, 15, 30, 45]),
    frequency=st.sampled_from(["weekly", "fortnightly", "monthly"]),
    span=st.integers(min_value=1, max_value=400),
)
def test_every_occurrence_is_at_the_set_local_time_on_the_same_weekday(
    zone, first, hour, minute, frequency, span
):
    tz = zoneinfo.ZoneInfo(zone)
    after = datetime.combine(first, time(0), tzinfo=UTC) - timedelta(days=1)
    until = after + timedelta(days=span)
    starts = occurrences(
        first_on=first,
        at=time(hour, minute),
        time_zone=zone,
        frequency=frequency,
        after=after,
        until=until,
    )
    assert starts == sorted(set(starts))  # strictly increasing, no duplicates
    for start in starts:
        assert after <= start < until and start.tzinfo is not None
        local = start.astimezone(tz)
        assert local.weekday() == first.weekday()
        wall = local.replace(tzinfo=None)
        expected = datetime.combine(local.date(), time(hour, minute))
        # Equal, except a start inside a spring-forward gap, which moves on by the gap (an hour).
        assert wall == expected or wall - expected == timedelta(hours=1)
    if frequency == "weekly":
        for a, b in zip(starts, starts[1:], strict=False):
            assert abs((b - a) - timedelta(days=7)) <= timedelta(hours=1)
