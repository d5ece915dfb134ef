"""The program's figures for one period, computed from every app's selectors.

`compute(program, starts_on, ends_on)` returns a plain, JSON-ready dict: headline figures for the period
and the one before it, and tables. Small cells are suppressed here, before anything is stored, so no
page, export or command can show what the privacy rule hides (`stats.suppress`). Labels are keys; the
pages and exports put them into words (`labels.py`), so one stored report reads in every language.
"""

from __future__ import annotations

import zoneinfo
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from alongside.accounts.gates import Activity
from alongside.accounts.models import Program
from alongside.accounts.selectors import member_traits, today_in
from alongside.conversations.selectors import last_message_by_member, member_message_days
from alongside.groups.selectors import attendance_between
from alongside.matching.figures import requests_between
from alongside.matching.selectors import loads, supporter_profiles
from alongside.outcomes.selectors import complete_scores_until
from alongside.records.selectors import contacts_between, minutes_by_supporter
from alongside.resources.selectors import discharges_of, hand_off_clocks, hospital_stays_of
from alongside.safety.figures import escalations_between, labels_between
from alongside.supervision.selectors import supervised_minutes_by_supporter
from alongside.training.selectors import current_credentials, lacking

from . import stats
from .stats import INSTRUMENTS, SMALLEST_CELL, is_small, median, quantile, share

VERSION = 1
HIDDEN = "hidden"  # a cell suppressed for privacy; None is "nothing to measure"
DIMENSIONS = ("language", "age_range", "gender", "race_ethnicity")
HOUR_BANDS = ("0_5", "6_11", "12_17", "18_23")
LEVELS = ("high", "imminent")
MONTH_DAYS = 30.4375
RETENTION_DAYS = (30, 60, 90)
READMISSION_DAYS = (30, 90)
YEAR = 365  # days in hospital are counted in the 365 days before joining and the 365 from joining
# Published figures of peer support (issue 20): Sledge, Lawless, Sells, Wieland, O'Connell, Davidson,
# "Effectiveness of peer support in reducing readmissions of persons with multiple psychiatric
# hospitalizations", Psychiatric Services 62(5):541-544, 2011 (doi:10.1176/ps.62.5.pss6205_0541): a
# randomised trial of 74 people with three or more admissions in 18 months, nine months after discharge,
# peer mentor + usual care against usual care: rehospitalisations 0.89 vs 1.53 (-41.8 %), days in
# hospital 10.08 vs 19.08 (-47.2 %; the seed quotes -48 %).
PUBLISHED = {"days_in_hospital_change": -47.2, "readmissions_change": -41.8}
# Supporters by hours of support a month: (band key, at least this many hours a month).
HOUR_BANDS_OF_SUPPORT = (("none", 0.0), ("under_10", 1 / 60), ("10_39", 10.0), ("40_79", 40.0),
                         ("80_up", 80.0))  # fmt: skip

Progress = Callable[[int], None]


def previous_period(starts_on: date, ends_on: date) -> tuple[date, date]:
    """The period of the same length just before."""
    days = (ends_on - starts_on).days + 1
    return starts_on - timedelta(days=days), starts_on - timedelta(days=1)


def _bounds(program: Program, starts_on: date, ends_on: date) -> tuple[datetime, datetime]:
    zone = zoneinfo.ZoneInfo(program.time_zone)
    since = datetime.combine(starts_on, time.min, tzinfo=zone)
    until = datetime.combine(ends_on + timedelta(days=1), time.min, tzinfo=zone)
    return since, until


def _round(value: float | None, places: int = 1) -> float | None:
    return None if value is None else round(value, places)


def _people(count: int) -> int | str:
    """A count of people, or HIDDEN when it is 1 to 10."""
    return HIDDEN if is_small(count) else count


def _from(n: int, value: Any) -> Any:
    """A statistic derived from `n` people: HIDDEN when they are 1 to 10."""
    return HIDDEN if 0 < n < SMALLEST_CELL else value


def _hidden(value: int | None) -> int | str:
    return HIDDEN if value is None else value


# --- who each member is, for the fairness breakdowns ----------------------------------------


def _group_of(field: str, row: tuple[Any, ...]) -> str:
    _user, _joined, interface, languages, age_range, gender, race = row
    if field == "language":
        return (languages[0] if languages else interface) or ""
    if field == "age_range":
        return age_range or ""
    value = gender if field == "gender" else race
    return " ".join((value or "").split()).casefold()


class Members:
    """Members of the program with their join times and fairness groups ("" = not recorded)."""

    def __init__(self, program: Program) -> None:
        self.program = program
        rows = member_traits(program)
        self.joined: dict[int, datetime] = {row[0]: row[1] for row in rows}
        self.groups: dict[str, dict[int, str]] = {
            field: {row[0]: _group_of(field, row) for row in rows} for field in DIMENSIONS
        }

    def ids(self) -> set[int]:
        return set(self.joined)

    def hospital(self) -> tuple[list[tuple[int, str, date]], list[tuple[int, date, date | None]]]:
        """Hand-offs' discharges and recorded hospital stays: read once for both periods."""
        if not hasattr(self, "_hospital"):
            self._hospital = (discharges_of(self.program), hospital_stays_of(self.program))
        return self._hospital

    def last_messages(self) -> dict[int, datetime]:
        """When each member last sent a message: read once for both periods (it does not depend on
        the period, and it is one of the costliest reads)."""
        if not hasattr(self, "_last_messages"):
            self._last_messages = dict(last_message_by_member(self.program))
        return self._last_messages


# --- the sections ---------------------------------------------------------------------------


class Period:
    """Everything read for one period, once, and the figures built on it."""

    def __init__(self, program: Program, members: Members, starts_on: date, ends_on: date) -> None:
        self.program = program
        self.members = members
        self.starts_on, self.ends_on = starts_on, ends_on
        self.since, self.until = _bounds(program, starts_on, ends_on)
        self.now = min(timezone.now(), self.until)
        self.days = (ends_on - starts_on).days + 1
        ids = members.ids()
        self.requests = requests_between(program, self.since, self.until)
        self.chat_days = member_message_days(program, self.since, self.until)
        self.attendance = [
            (m, at) for m, at in attendance_between(program, self.since, self.until) if m in ids
        ]
        self.sessions_and_calls = [
            (m, modality)
            for m, modality in contacts_between(program, self.since, self.until)
            if m in ids
        ]
        self.escalations = escalations_between(program, self.since, self.until)
        self.labels = labels_between(program, self.since, self.until)
        self.scores = complete_scores_until(program, self.until)
        # Windows are judged as of today: a discharge late in the period has its 30 days after it.
        self.clocks = hand_off_clocks(
            program, starts_on, ends_on + timedelta(days=1), today_in(program)
        )
        self.support_minutes = minutes_by_supporter(program, self.since, self.until)
        self.supervised_minutes = supervised_minutes_by_supporter(
            program, starts_on, ends_on + timedelta(days=1)
        )
        self.supporter_ids = {p.user_id for p in supporter_profiles(program)}

    # access
    def access(self) -> dict[str, Any]:
        asking = {r[0] for r in self.requests}
        hours = [(r[4] - r[3]).total_seconds() / 3600 for r in self.requests if r[4]]
        now_requests = [r for r in self.requests if r[1] == "now"]
        waits = [(r[4] - r[3]).total_seconds() / 60 for r in now_requests if r[4]]
        gave_up = {r[0] for r in now_requests if r[2] == "withdrawn"}
        return {
            "requests": _from(len(asking), len(self.requests)),
            "people_asking": _people(len(asking)),
            "hours_to_match_median": _from(len(hours), _round(median(hours))),
            "hours_to_match_p90": _from(len(hours), _round(quantile(hours, 0.9))),
            "on_demand_wait_median": _from(len(waits), _round(median(waits))),
            "on_demand_wait_p90": _from(len(waits), _round(quantile(waits, 0.9))),
            "gave_up": _people(len(gave_up)),
        }

    # engagement
    def contacts(self) -> dict[str, dict[int, int]]:
        """Contacts per member by way of contact: a day with chat messages, a group meeting attended, and
        each booked session or call that was held (records' encounters), by its modality."""
        if hasattr(self, "_contacts"):
            return self._contacts
        found: dict[str, dict[int, int]] = {"chat": defaultdict(int), "group": defaultdict(int)}
        for member, _day in self.chat_days:
            found["chat"][member] += 1
        for member, _at in self.attendance:
            found["group"][member] += 1
        for member, modality in self.sessions_and_calls:  # phone, video, in person, accompaniment
            found.setdefault(modality, defaultdict(int))[member] += 1
        self._contacts: dict[str, dict[int, int]] = found
        return found

    def active(self) -> set[int]:
        if not hasattr(self, "_active"):
            self._active = {m for by_member in self.contacts().values() for m in by_member}
        return self._active

    def engagement(self) -> dict[str, Any]:
        active = self.active()
        months = self.days / MONTH_DAYS
        total = sum(n for by_member in self.contacts().values() for n in by_member.values())
        per_month = total / len(active) / months if active else None
        return {
            "active_members": _people(len(active)),
            "contacts_per_member_month": _from(len(active), _round(per_month, 2)),
            **{f"retained_{days}": self.retention(days)[2] for days in RETENTION_DAYS},
        }

    def last_activity(self) -> dict[int, datetime]:
        last = dict(self.members.last_messages())
        for member, at in attendance_between(self.program, self.since, timezone.now()):
            if member in last and at <= last[member]:
                continue
            last[member] = at
        return last

    def cohort(self) -> list[int]:
        if not hasattr(self, "_cohort"):
            joined = self.members.joined.items()
            self._cohort = [m for m, at in joined if self.since <= at < self.until]
        return self._cohort

    def retention(self, days: int, only: Iterable[int] | None = None) -> tuple[int, int, Any]:
        """(eligible, still in touch, share): of members who joined in the period and joined at least
        `days` ago, those with any contact `days` or more after joining."""
        if not hasattr(self, "_last"):
            self._last = self.last_activity()
        now = timezone.now()
        wanted = None if only is None else set(only)
        cohort = self.cohort() if wanted is None else [m for m in self.cohort() if m in wanted]
        eligible = [m for m in cohort if self.members.joined[m] + timedelta(days=days) <= now]
        kept = [
            m
            for m in eligible
            if m in self._last and self._last[m] >= self.members.joined[m] + timedelta(days=days)
        ]
        return len(eligible), len(kept), _from(len(eligible), share(len(kept), len(eligible)))

    # safety
    def _zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.program.time_zone)

    def band_of(self, at: datetime) -> str:
        return HOUR_BANDS[at.astimezone(self._zone()).hour // 6]

    def safety(self) -> dict[str, Any]:
        acknowledged = [(a - o).total_seconds() / 60 for _l, o, a, _r in self.escalations if a]
        resolved = [(r - o).total_seconds() / 3600 for _l, o, _a, r in self.escalations if r]
        return {
            "escalations": len(self.escalations),
            **{
                f"escalations_{level}": sum(1 for e in self.escalations if e[0] == level)
                for level in LEVELS
            },
            "acknowledge_minutes_median": _round(median(acknowledged)),
            "acknowledge_minutes_p90": _round(quantile(acknowledged, 0.9)),
            "resolve_hours_median": _round(median(resolved)),
            "resolve_hours_p90": _round(quantile(resolved, 0.9)),
            "false_alarms": sum(1 for label in self.labels if label[0] == "false_alarm"),
            "missed_crises": sum(1 for label in self.labels if label[0] == "missed"),
        }

    # outcomes
    def pairs(self) -> dict[str, dict[int, tuple[int, int]]]:
        """(first, latest) complete score per instrument and member, for members whose latest answer
        fell in the period and who have answered at least twice."""
        if hasattr(self, "_pairs"):
            return self._pairs
        first: dict[tuple[int, str], int] = {}
        latest: dict[tuple[int, str], tuple[int, datetime]] = {}
        count: dict[tuple[int, str], int] = defaultdict(int)
        for member, code, total, at in self.scores:
            key = (member, code)
            first.setdefault(key, total)
            latest[key] = (total, at)
            count[key] += 1
        found: dict[str, dict[int, tuple[int, int]]] = {code: {} for code in INSTRUMENTS}
        for (member, code), (total, at) in latest.items():
            if count[(member, code)] >= 2 and at >= self.since and code in found:
                found[code][member] = (first[(member, code)], total)
        self._pairs: dict[str, dict[int, tuple[int, int]]] = found
        return found

    def outcomes(self) -> dict[str, Any]:
        pairs = self.pairs()
        found: dict[str, Any] = {}
        for code, instrument in INSTRUMENTS.items():
            change = stats.change_of(instrument, list(pairs[code].values()))
            n = change.people
            found[code] = {
                "people": _people(n),
                "mean_first": _from(n, change.mean_first),
                "mean_latest": _from(n, change.mean_latest),
                "mean_change": _from(n, change.mean_change),
                "reliably_improved": _from(n, share(change.reliably_improved, n)),
                "reliably_worse": _from(n, share(change.reliably_worse, n)),
                "above_cut_off_first": _people(change.above_cut_off_first),
                "no_longer_above": _from(
                    change.above_cut_off_first,
                    share(change.no_longer_above, change.above_cut_off_first),
                ),
            }
        return found

    # transitions
    def transitions(self) -> dict[str, Any]:
        clocks = self.clocks
        days = [c.days_to_contact for c in clocks if c.days_to_contact is not None]
        decided_7 = [c.within_7 for c in clocks if c.within_7 is not None]
        decided_30 = [c.within_30 for c in clocks if c.within_30 is not None]
        readmitted = self.readmissions()
        return {
            "discharges": _people(len(clocks)),
            "days_to_first_contact_median": _from(len(days), _round(median(days))),
            "connected_7": _from(len(decided_7), share(sum(decided_7), len(decided_7))),
            "connected_30": _from(len(decided_30), share(sum(decided_30), len(decided_30))),
            **{
                f"readmitted_{n}": _from(
                    readmitted[n][0], share(readmitted[n][1], readmitted[n][0])
                )
                for n in READMISSION_DAYS
            },
            **self.hospital_days(),
        }

    def readmissions(self) -> dict[int, tuple[int, int]]:
        """Of hospital discharges in the period whose window has closed: (counted, readmitted). A
        discharge is a hand-off from hospital or a recorded stay's end; a readmission is a recorded
        admission, or another discharge, of the same person 1 to N days later. A stay nobody recorded
        or handed off is not seen: an undercount."""
        hand_offs, stays = self.members.hospital()
        discharges: dict[int, set[date]] = defaultdict(set)
        admissions: dict[int, set[date]] = defaultdict(set)
        for member, setting, on in hand_offs:
            if setting == "hospital":
                discharges[member].add(on)
        for member, admitted, discharged in stays:
            admissions[member].add(admitted)
            if discharged is not None:
                discharges[member].add(discharged)
        today = today_in(self.program)
        found: dict[int, tuple[int, int]] = {}
        for window in READMISSION_DAYS:
            counted = readmitted = 0
            for member, dates in discharges.items():
                later = admissions[member] | dates
                for on in dates:
                    if not self.starts_on <= on <= self.ends_on or on + timedelta(window) > today:
                        continue
                    counted += 1
                    readmitted += any(0 < (d - on).days <= window for d in later)
            found[window] = (counted, readmitted)
        return found

    def hospital_days(self) -> dict[str, Any]:
        """Nights in hospital in the 365 days before joining and the 365 from joining, of members
        who joined in the period, joined at least 365 days ago and have any stay recorded (by
        themselves or a partner). A stay still going counts to today."""
        _hand_offs, stays = self.members.hospital()
        today = today_in(self.program)
        zone = self._zone()
        by_member: dict[int, list[tuple[date, date]]] = defaultdict(list)
        for member, admitted, discharged in stays:
            by_member[member].append((admitted, discharged or today))
        before: list[int] = []
        after: list[int] = []
        for member in self.cohort():
            joined = self.members.joined[member].astimezone(zone).date()
            if member not in by_member or joined + timedelta(YEAR) > today:
                continue
            windows = (joined - timedelta(YEAR), joined), (joined, joined + timedelta(YEAR))
            nights = [
                sum(max(0, (min(end, w_end) - max(start, w_start)).days)
                    for start, end in by_member[member])
                for w_start, w_end in windows
            ]  # fmt: skip
            before.append(nights[0])
            after.append(nights[1])
        n = len(before)
        change = share(sum(after) - sum(before), sum(before))
        return {
            "hospital_people": _people(n),
            "hospital_days_before": _from(n, _round(sum(before) / n) if n else None),
            "hospital_days_after": _from(n, _round(sum(after) / n) if n else None),
            "hospital_days_change": _from(n, change),
        }

    # supporters
    def hours_a_month(self) -> dict[int, tuple[float, float]]:
        """(hours of support, hours of supervision) a month of each supporter: the program's
        supporters now and anyone else who gave support or was supervised in the period."""
        months = self.days / MONTH_DAYS
        ids = self.supporter_ids | set(self.support_minutes) | set(self.supervised_minutes)
        return {
            s: (
                self.support_minutes.get(s, 0) / 60 / months,
                self.supervised_minutes.get(s, 0) / 60 / months,
            )
            for s in ids
        }

    def supporter_hours(self) -> dict[str, Any]:
        """Hours of support given (records' encounters) and of supervision received, in the period:
        totals, and the median a month of the supporters who gave any support."""
        giving = [v for v in self.hours_a_month().values() if v[0] > 0]
        n = len(giving)
        support = sum(self.support_minutes.values()) / 60
        supervised = sum(self.supervised_minutes.values()) / 60
        return {
            "supporters_giving_support": _people(n),
            "support_hours": _from(n, _round(support)),
            "support_hours_month_median": _from(n, _round(median([v[0] for v in giving]))),
            "supervised_hours": _from(n, _round(supervised)),
            "supervised_hours_month_median": _from(n, _round(median([v[1] for v in giving]))),
        }


def supporters(program: Program) -> dict[str, Any]:
    """Supporters now: how many, their caseloads against their capacity, and their training: who holds a
    current credential and who lacks nothing the program requires for one-to-one support."""
    taken = loads(program)
    rows = [(p.user_id, p.capacity) for p in supporter_profiles(program)]
    caseloads = [taken.get(user_id, 0) for user_id, _capacity in rows]
    full = sum(1 for user_id, capacity in rows if taken.get(user_id, 0) >= capacity)
    ids = [user_id for user_id, _capacity in rows]
    today = today_in(program)
    credentialed = set(current_credentials(ids, today).values_list("user_id", flat=True))
    not_ready = lacking(ids, program, today, [Activity.ONE_TO_ONE])[Activity.ONE_TO_ONE]
    return {
        "supporters": len(rows),
        "caseload_median": _round(median(caseloads)),
        "caseload_p90": _round(quantile(caseloads, 0.9)),
        "at_capacity": share(full, len(rows)),
        "with_current_credential": share(len(credentialed), len(rows)),
        "ready_for_one_to_one": share(len(rows) - len(not_ready), len(rows)),
    }


# --- tables ---------------------------------------------------------------------------------


def _table(
    key: str,
    columns: Sequence[str],
    rows: list[list[Any]],
    *,
    row_kind: str,
    formats: Sequence[str],
    chart: int | None = None,
    footer: list[Any] | None = None,
) -> dict[str, Any]:
    return {
        "key": key,
        "columns": list(columns),
        "rows": rows,
        "row_kind": row_kind,
        "formats": list(formats),
        "chart": chart,
        "footer": footer,
    }


def published_table(transitions: dict[str, Any]) -> dict[str, Any]:
    """Our change in days in hospital beside the published figures the seed quotes. Readmissions
    have no before and after of our own (a rate, not a change), so that row shows only theirs."""
    rows = [
        ["days_in_hospital_change", transitions["hospital_days_change"],
         PUBLISHED["days_in_hospital_change"]],
        ["readmissions_change", None, PUBLISHED["readmissions_change"]],
    ]  # fmt: skip
    return _table(
        "published",
        ["measure", "ours", "published"],
        rows,
        row_kind="published_measure",
        formats=["label", "percent", "percent"],
    )


def contacts_table(period: Period) -> dict[str, Any]:
    contacts = period.contacts()
    active = len(period.active())
    months = period.days / MONTH_DAYS
    rows = []
    for modality, by_member in contacts.items():
        total = sum(by_member.values())
        per = total / active / months if active else None
        rows.append([modality, _people(len(by_member)), total, _from(active, _round(per, 2))])
    return _table(
        "contacts_by_modality",
        ["modality", "members", "contacts", "per_member_month"],
        rows,
        row_kind="modality",
        formats=["label", "count", "count", "number"],
        chart=3,
    )


def _band_of(hours: float) -> str:
    return [key for key, least in HOUR_BANDS_OF_SUPPORT if hours >= least][-1]


def supporter_hours_table(period: Period) -> dict[str, Any]:
    """Supporters by hours of support a month: how many in each band, their hours of support and of
    supervision in the period, and the band's median a month; small bands and a complement hidden."""
    months = period.days / MONTH_DAYS
    by_band: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for hours in period.hours_a_month().values():
        by_band[_band_of(hours[0])].append(hours)
    rows: list[list[Any]] = []
    for key, _least in HOUR_BANDS_OF_SUPPORT:
        here = by_band[key]
        rows.append(
            [
                key,
                len(here),
                _round(sum(h[0] for h in here) * months),
                _round(median([h[0] for h in here])),
                _round(sum(h[1] for h in here) * months),
            ]
        )
    counts, total = stats.suppress_column([row[1] for row in rows])
    for row, shown in zip(rows, counts, strict=True):
        row[1] = _hidden(shown)
        if shown is None:
            row[2:] = [HIDDEN] * 3
    everyone = [h for here in by_band.values() for h in here]
    footer = [
        "total",
        _hidden(total),
        _from(len(everyone), _round(sum(h[0] for h in everyone) * months)),
        None,
        _from(len(everyone), _round(sum(h[1] for h in everyone) * months)),
    ]
    return _table(
        "supporter_hours",
        ["hours_band", "supporters", "support_hours", "support_hours_month_median",
         "supervised_hours"],
        rows,
        row_kind="hours_band",
        formats=["label", "count", "hours", "hours", "hours"],
        chart=1,
        footer=footer,
    )  # fmt: skip


def retention_table(period: Period) -> dict[str, Any]:
    rows = []
    for days in RETENTION_DAYS:
        eligible, kept, rate = period.retention(days)
        rows.append([str(days), _people(eligible), _from(eligible, kept), rate])
    return _table(
        "retention",
        ["days", "joined", "still_in_touch", "share"],
        rows,
        row_kind="days",
        formats=["label", "count", "count", "percent"],
        chart=3,
    )


def escalations_table(period: Period) -> dict[str, Any]:
    """Escalations by time of day and level: a two-way table with row, column and grand totals, small
    cells and their complements hidden."""
    counts = [[0] * len(LEVELS) for _ in HOUR_BANDS]
    for level, opened, _a, _r in period.escalations:
        if level in LEVELS:
            counts[HOUR_BANDS.index(period.band_of(opened))][LEVELS.index(level)] += 1
    grid = stats.suppress(counts)
    rows = [
        [band, *(_hidden(c) for c in grid.cells[i]), _hidden(grid.row_totals[i])]
        for i, band in enumerate(HOUR_BANDS)
    ]
    footer = ["total", *(_hidden(c) for c in grid.column_totals), _hidden(grid.total)]
    return _table(
        "escalations_by_hour",
        ["hours", *LEVELS, "total"],
        rows,
        row_kind="hour_band",
        formats=["label", "count", "count", "count"],
        chart=3,
        footer=footer,
    )


def response_times_table(period: Period) -> dict[str, Any]:
    rows: list[list[Any]] = []
    for band in HOUR_BANDS:
        here = [e for e in period.escalations if period.band_of(e[1]) == band]
        ack = [(a - o).total_seconds() / 60 for _l, o, a, _r in here if a]
        res = [(r - o).total_seconds() / 3600 for _l, o, _a, r in here if r]
        rows.append(
            [
                band,
                len(here),
                _round(median(ack)),
                _round(quantile(ack, 0.9)),
                _round(median(res)),
                _round(quantile(res, 0.9)),
            ]
        )
    counts, total = stats.suppress_column([row[1] for row in rows])
    for row, shown in zip(rows, counts, strict=True):
        row[1] = _hidden(shown)
        if shown is None:
            row[2:] = [HIDDEN] * 4
    return _table(
        "response_times_by_hour",
        ["hours", "escalations", "ack_median", "ack_p90", "resolve_median", "resolve_p90"],
        rows,
        row_kind="hour_band",
        formats=["label", "count", "minutes", "minutes", "hours", "hours"],
        chart=2,
        footer=["total", _hidden(total), None, None, None, None],
    )


def outcomes_table(outcomes: dict[str, Any]) -> dict[str, Any]:
    rows = [
        [
            code,
            figures["people"],
            figures["mean_first"],
            figures["mean_latest"],
            figures["mean_change"],
            figures["reliably_improved"],
            figures["no_longer_above"],
        ]
        for code, figures in outcomes.items()
    ]
    return _table(
        "outcomes",
        ["instrument", "people", "mean_first", "mean_latest", "mean_change", "reliably_improved",
         "no_longer_above"],
        rows,
        row_kind="instrument",
        formats=["label", "count", "number", "number", "number", "percent", "percent"],
        chart=5,
    )  # fmt: skip


def fairness_table(period: Period, field: str) -> dict[str, Any]:
    """Key figures for each group of one dimension (language, age range, gender, race or ethnicity)."""
    groups = period.members.groups[field]
    names = sorted({groups.get(m, "") for m in period.members.ids()}, key=lambda g: (g == "", g))
    active = period.active()
    asking: dict[str, set[int]] = defaultdict(set)
    hours: dict[str, list[float]] = defaultdict(list)
    for member, _u, _s, created, matched, _up in period.requests:
        asking[groups.get(member, "")].add(member)
        if matched:
            hours[groups.get(member, "")].append((matched - created).total_seconds() / 3600)
    phq9 = period.pairs()["phq9"]
    connected: dict[str, list[bool]] = defaultdict(list)
    for clock in period.clocks:
        if clock.within_7 is not None:
            connected[groups.get(clock.hand_off.member_id, "")].append(clock.within_7)
    rows = []
    by_group: dict[str, set[int]] = defaultdict(set)
    for member, group in groups.items():
        by_group[group].add(member)
    for name in names:
        members_here = by_group[name]
        pairs = [phq9[m] for m in members_here if m in phq9]
        improved = sum(
            1 for f, latest in pairs if stats.reliably_improved(INSTRUMENTS["phq9"], f, latest)
        )
        eligible, _kept, retained = period.retention(90, only=members_here)
        seven = connected[name]
        rows.append(
            [
                name,
                len(members_here & active),
                len(asking[name]),
                _from(len(hours[name]), _round(median(hours[name]))),
                retained,
                _from(len(pairs), share(improved, len(pairs))),
                _from(len(seven), share(sum(seven), len(seven))),
            ]
        )
    footer: list[Any] = ["total"]
    for column in (1, 2):
        shown, total = stats.suppress_column([row[column] for row in rows])
        for row, value in zip(rows, shown, strict=True):
            row[column] = _hidden(value)
        footer.append(_hidden(total))
    footer += [None, None, None, None]
    return _table(
        f"fairness_{field}",
        ["group", "active_members", "people_asking", "hours_to_match_median", "retained_90",
         "phq9_reliably_improved", "connected_7"],
        rows,
        row_kind=field,
        formats=["label", "count", "count", "hours", "percent", "percent", "percent"],
        chart=1,
        footer=footer,
    )  # fmt: skip


SECTIONS = ("access", "engagement", "safety", "outcomes", "transitions", "supporters")


def compute(
    program: Program, starts_on: date, ends_on: date, *, progress: Progress | None = None
) -> dict[str, Any]:
    """The report of `program` for [starts_on, ends_on] beside the period just before."""
    if ends_on < starts_on:
        raise ValueError("the period ends before it starts")
    step = progress or (lambda _percent: None)
    members = Members(program)
    before_from, before_to = previous_period(starts_on, ends_on)
    now = Period(program, members, starts_on, ends_on)
    step(20)
    before = Period(program, members, before_from, before_to)
    step(40)
    headline: dict[str, Any] = {}
    for name in ("access", "engagement", "safety", "transitions"):
        headline[name] = {"now": getattr(now, name)(), "before": getattr(before, name)()}
    step(60)
    outcomes = now.outcomes()
    headline["outcomes"] = {"now": outcomes, "before": before.outcomes()}
    headline["supporters"] = {
        "now": {**supporters(program), **now.supporter_hours()},
        "before": before.supporter_hours(),
    }
    step(80)
    tables = [
        contacts_table(now),
        retention_table(now),
        escalations_table(now),
        response_times_table(now),
        outcomes_table(outcomes),
        published_table(headline["transitions"]["now"]),
        supporter_hours_table(now),
        *(fairness_table(now, field) for field in DIMENSIONS),
    ]
    step(100)
    return {
        "version": VERSION,
        "program": program.slug,
        "period": [starts_on.isoformat(), ends_on.isoformat()],
        "previous": [before_from.isoformat(), before_to.isoformat()],
        "computed_at": timezone.now().isoformat(),
        "headline": headline,
        "tables": tables,
        "waiting_on": [],
    }
