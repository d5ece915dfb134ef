"""Opening hours and "open now" across time zones, overnight hours and daylight-saving changes."""

import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alongside.resources.geo import bounding_box, haversine_km, locate
from alongside.resources.hours import DAYS, clean_hours, is_open_at, parse_hours_text

NY = zoneinfo.ZoneInfo("America/New_York")
LA = "America/Los_Angeles"


def test_weekday_hours_in_the_resources_own_time_zone():
    hours = {"mon": [["09:00", "17:00"]]}
    monday_noon_la = datetime(2026, 11, 23, 12, tzinfo=zoneinfo.ZoneInfo(LA))
    assert is_open_at(hours, LA, monday_noon_la)
    # 8:30 in Los Angeles is 11:30 in New York: open for a New York place, not for this one
    early = datetime(2026, 11, 23, 8, 30, tzinfo=zoneinfo.ZoneInfo(LA))
    assert not is_open_at(hours, LA, early)
    assert is_open_at(hours, "America/New_York", early)


def test_overnight_hours_run_into_the_next_day_and_sunday_night_into_monday():
    hours = {"fri": [["22:00", "06:00"]], "sun": [["23:00", "02:00"]]}
    at = lambda *a: datetime(*a, tzinfo=NY)  # noqa: E731
    assert is_open_at(hours, "America/New_York", at(2026, 11, 20, 23, 0))  # Friday night
    assert is_open_at(hours, "America/New_York", at(2026, 11, 21, 5, 59))  # Saturday early
    assert not is_open_at(hours, "America/New_York", at(2026, 11, 21, 6, 0))
    assert not is_open_at(hours, "America/New_York", at(2026, 11, 20, 5, 0))  # Friday early: no
    assert is_open_at(hours, "America/New_York", at(2026, 11, 23, 1, 30))  # Monday, from Sunday


def test_midnight_to_midnight_is_all_day():
    hours = {"sat": [["00:00", "24:00"]]}
    for hour in (0, 12, 23):
        assert is_open_at(hours, "UTC", datetime(2026, 11, 21, hour, 59, tzinfo=UTC))
    assert not is_open_at(hours, "UTC", datetime(2026, 11, 22, 0, 0, tzinfo=UTC))


def test_on_the_daylight_saving_day_local_wall_clock_time_counts():
    hours = {"sun": [["09:00", "10:00"]]}
    # 2026-11-01 is when New York falls back; 9:30 local is 14:30 UTC that day
    assert is_open_at(hours, "America/New_York", datetime(2026, 11, 1, 14, 30, tzinfo=UTC))
    assert not is_open_at(hours, "America/New_York", datetime(2026, 11, 1, 13, 30, tzinfo=UTC))


def test_hours_text_is_read_and_checked():
    assert parse_hours_text("Mon 9:00-17:00; mon 18:00-20:00") == {
        "mon": [["09:00", "17:00"], ["18:00", "20:00"]]
    }
    for bad in ("someday 9:00-5:00", "mon 25:00-26:00", "mon 9-5", "mon 10:00-10:00"):
        with pytest.raises(ValueError):
            parse_hours_text(bad)
    with pytest.raises(ValueError):
        clean_hours({"mon": "all day"})


times = st.integers(min_value=0, max_value=23 * 60 + 59).map(
    lambda m: f"{m // 60:02d}:{m % 60:02d}"
)
moments = st.datetimes(
    min_value=datetime(2020, 1, 1),  # noqa: DTZ001  # hypothesis wants naive bounds
    max_value=datetime(2030, 12, 31),  # noqa: DTZ001  # with `timezones` below
    timezones=st.just(UTC),
)
zones = st.sampled_from(
    ["America/New_York", "America/Los_Angeles", "Europe/London", "Asia/Kolkata"]
)


@given(day=st.sampled_from(DAYS), opens=times, closes=times, at=moments, zone=zones)
def test_open_now_agrees_with_a_minute_by_minute_reading_of_the_hours(day, opens, closes, at, zone):
    if opens == closes:
        return
    hours = {day: [[opens, closes]]}
    local = at.astimezone(zoneinfo.ZoneInfo(zone))
    start = int(opens[:2]) * 60 + int(opens[3:])
    end = int(closes[:2]) * 60 + int(closes[3:])
    now = local.hour * 60 + local.minute
    today, yesterday = DAYS[local.weekday()], DAYS[(local.weekday() - 1) % 7]
    if start < end:
        expected = today == day and start <= now < end
    else:  # overnight: the evening of `day`, or the early hours of the day after
        expected = (today == day and now >= start) or (yesterday == day and now < end)
    assert is_open_at(hours, zone, at) == expected


@given(at=moments, zone=zones)
def test_a_place_with_no_hours_is_never_open_and_all_week_is_always_open(at, zone):
    assert not is_open_at({}, zone, at)
    always = {day: [["00:00", "24:00"]] for day in DAYS}
    assert is_open_at(always, zone, at)


def test_places_are_found_by_postcode_name_or_coordinates_and_unknown_ones_are_not():
    assert locate("rb01").name.startswith("RB01")
    assert locate("  old   mill ").name == "Old Mill"
    assert (locate("40.5, -75.25").latitude, locate("40.5, -75.25").longitude) == (40.5, -75.25)
    assert locate("Atlantis") is None and locate("95, 10") is None and locate("") is None


def test_haversine_distances():
    assert haversine_km(40, -75, 40, -75) == 0
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.19, abs=0.01)  # one degree at the equator
    # New York to Los Angeles, about 3936 km
    assert haversine_km(40.7128, -74.0060, 34.0522, -118.2437) == pytest.approx(3936, rel=0.01)


@given(
    lat=st.floats(-60, 60), lon=st.floats(-170, 170), km=st.floats(0.5, 100),
    bearing=st.floats(0, 359.9), fraction=st.floats(0, 0.99),
)  # fmt: skip
def test_the_bounding_box_holds_every_point_within_the_radius(lat, lon, km, bearing, fraction):
    import math

    from alongside.resources.geo import EARTH_RADIUS_KM, Place

    d = km * fraction / EARTH_RADIUS_KM
    b = math.radians(bearing)
    p1, l1 = math.radians(lat), math.radians(lon)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(
        math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2)
    )
    point = (math.degrees(p2), math.degrees(l2))
    low_lat, high_lat, low_lon, high_lon = bounding_box(Place("x", lat, lon), km)
    assert low_lat <= point[0] <= high_lat and low_lon <= point[1] <= high_lon
    assert haversine_km(lat, lon, *point) <= km + 1e-6


def test_overnight_spans_do_not_leak_beyond_their_morning():
    hours = {"sat": [["20:00", "02:00"]]}
    sunday = datetime(2026, 11, 22, 1, 59, tzinfo=NY)
    assert is_open_at(hours, "America/New_York", sunday)
    assert not is_open_at(hours, "America/New_York", sunday + timedelta(minutes=1))
