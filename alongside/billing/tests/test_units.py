import datetime

import pytest

from alongside.billing.units import (
    ANY_PART,
    FULL,
    MIDPOINT,
    Session,
    UnitRule,
    units_by_day,
    units_for,
)

CMS = UnitRule(minutes_per_unit=15, min_minutes_first_unit=8, rounding=MIDPOINT)


@pytest.mark.parametrize(
    ("minutes", "units"),
    [
        (0, 0),
        (7, 0),
        (8, 1),
        (15, 1),
        (22, 1),
        (23, 2),
        (37, 2),
        (38, 3),
        (52, 3),
        (53, 4),
        (67, 4),
        (68, 5),
    ],
)
def test_the_8_minute_rule_at_every_boundary(minutes, units):
    assert units_for(minutes, CMS) == units


@pytest.mark.parametrize(
    ("minutes", "units"),
    [(7, 0), (8, 0), (14, 0), (15, 1), (22, 1), (29, 1), (30, 2), (44, 2), (45, 3)],
)
def test_full_units_only(minutes, units):
    assert units_for(minutes, UnitRule(min_minutes_first_unit=15, rounding=FULL)) == units


@pytest.mark.parametrize(("minutes", "units"), [(7, 0), (8, 1), (15, 1), (16, 2), (23, 2), (31, 3)])
def test_any_part_of_a_unit(minutes, units):
    assert units_for(minutes, UnitRule(rounding=ANY_PART)) == units


DAY = datetime.date(2026, 11, 2)


def test_a_day_aggregated_adds_the_minutes_before_rounding():
    sessions = [Session(1, "m1", DAY, 7), Session(2, "m1", DAY, 7), Session(3, "m1", DAY, 9)]
    aggregated = units_by_day(sessions, UnitRule(aggregate_per_day=True))
    separate = units_by_day(sessions, UnitRule(aggregate_per_day=False))
    assert [(d.minutes, d.units, d.refs) for d in aggregated] == [(23, 2, [1, 2, 3])]
    assert [(d.minutes, d.units) for d in separate] == [(23, 1)]  # 7 and 7 are each too short


def test_days_and_people_are_counted_apart():
    sessions = [
        Session(1, "m1", DAY, 30),
        Session(2, "m2", DAY, 30),
        Session(3, "m1", DAY + datetime.timedelta(days=1), 30),
    ]
    assert [(d.key, d.day, d.units) for d in units_by_day(sessions, CMS)] == [
        ("m1", DAY, 2),
        ("m1", DAY + datetime.timedelta(days=1), 2),
        ("m2", DAY, 2),
    ]


@pytest.mark.parametrize(("minutes", "over"), [(240, False), (247, False), (248, True)])
def test_the_daily_cap_of_16_units(minutes, over):
    rule = UnitRule(
        aggregate_per_day=True, max_units_per_day=16
    )  # Horizon NJ: 16 units (4 h) a day
    (day,) = units_by_day([Session(1, "m1", DAY, minutes)], rule)
    assert day.over_limit is over
    assert day.units == (17 if over else 16)


def test_the_cap_counts_the_whole_day_not_one_session():
    rule = UnitRule(aggregate_per_day=False, max_units_per_day=4)
    (day,) = units_by_day([Session(1, "m1", DAY, 45), Session(2, "m1", DAY, 30)], rule)
    assert (day.units, day.over_limit) == (5, True)
