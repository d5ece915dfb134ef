"""The arithmetic of the reports, as pure functions: quantiles, the Jacobson–Truax reliable change
index, and small-cell suppression with its complements. No database here; `figures.py` feeds them."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

SMALLEST_CELL = 11  # CMS cell-size rule: no figure derived from 1 to 10 people (DOMAIN §4)
SUPPRESSED = None  # a suppressed cell reads None; pages and exports show it as "<11" or "–"


def quantile(values: Sequence[float], q: float) -> float | None:
    """The q-quantile (0 ≤ q ≤ 1) by linear interpolation between the closest ranks, as spreadsheets'
    PERCENTILE.INC and NumPy's default do; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = math.floor(position)
    high = math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def median(values: Sequence[float]) -> float | None:
    return quantile(values, 0.5)


def share(part: int, whole: int) -> float | None:
    """part / whole as a percentage with one decimal; None when there is nobody to count."""
    return round(100 * part / whole, 1) if whole else None


# --- Reliable change (Jacobson & Truax 1991) ----------------------------------------------------


@dataclass(frozen=True)
class Instrument:
    """What the reports need to know of a questionnaire to say whether a change counts.

    `sd` and `reliability` feed the reliable change index; `source` says where they come from (see
    docs/reports.md). `cut_off` is the first score in the range that counts as a difficulty: for scales
    where lower is better a score at or above it; for scales where higher is better a score below it."""

    code: str
    label: str
    higher_is_better: bool
    sd: float
    reliability: float
    cut_off: int
    source: str
    cut_off_source: str


INSTRUMENTS: dict[str, Instrument] = {
    "phq9": Instrument(
        code="phq9",
        label="PHQ-9",
        higher_is_better=False,
        sd=3.52,
        reliability=0.87,
        cut_off=10,
        source="Kocalevent, Hinz & Brähler 2013, Gen Hosp Psychiatry 35:551 (German general "
        "population, n = 5,018: its abstract gives SD 3.5 for women and for men, which fits 3.52 "
        "overall. The 0.87 is internal consistency (α), not test-retest reliability, and was not "
        "found in a source we could read: unverified)",
        cut_off_source="PHQ-9 ≥ 10, NHS Talking Therapies caseness (DOMAIN §4)",
    ),
    "gad7": Instrument(
        code="gad7",
        label="GAD-7",
        higher_is_better=False,
        sd=5.59,
        reliability=0.87,
        cut_off=8,
        source="Bischoff, Anderson, Heafner & Tambling 2020, Psychology, Community & Health "
        "8:176, doi 10.5964/pch.v8i1.309 (test-retest r = .87 over 14–28 days and a "
        "Jacobson–Truax reliable change of 5.59 points, both in its abstract; SD 5.59 is the "
        "spread that gives that change with that r)",
        cut_off_source="GAD-7 ≥ 8, NHS Talking Therapies caseness (DOMAIN §4)",
    ),
    "who5": Instrument(
        code="who5",
        label="WHO-5",
        higher_is_better=True,
        sd=19.5,
        reliability=0.81,
        cut_off=52,
        source="Test-retest reliability and measurement error of the Danish WHO-5 Well-being "
        "Index in outpatients with epilepsy, Health Qual Life Outcomes 2018, doi "
        "10.1186/s12955-018-1001-0 (n = 554, median 22 days: test-retest ICC 0.81 and smallest "
        "detectable change 23.6 points on the 0–100 scale, both in its abstract; SD 19.5 is the "
        "spread that gives that change with that ICC)",
        cut_off_source="WHO-5 ≤ 50 of 100 (raw < 13): poor well-being (DOMAIN §4)",
    ),
    "barc10": Instrument(
        code="barc10",
        label="BARC-10",
        higher_is_better=True,
        sd=9.0,
        reliability=0.90,
        cut_off=47,
        source="Vilsaint et al. 2017, Drug Alcohol Depend 177:71 (α .90, internal consistency, in "
        "its abstract; no test-retest reliability found; SD 9 is not in the abstract: "
        "unverified)",
        cut_off_source="BARC-10 < 47: below the score associated with sustained remission "
        "(DOMAIN §4)",
    ),
}

RELIABLE = 1.96  # |RCI| above this: a change unlikely (p < .05) to be measurement error alone


def reliable_change_index(first: float, latest: float, *, sd: float, reliability: float) -> float:
    """Jacobson–Truax: RCI = (x2 − x1) / S_diff, S_diff = √(2·SE²), SE = SD·√(1 − r)."""
    standard_error = sd * math.sqrt(1 - reliability)
    return (latest - first) / math.sqrt(2 * standard_error**2)


def reliable_change_threshold(instrument: Instrument) -> float:
    """The smallest change in points whose |RCI| exceeds 1.96 (as a real number)."""
    standard_error = instrument.sd * math.sqrt(1 - instrument.reliability)
    return RELIABLE * math.sqrt(2 * standard_error**2)


def reliably_improved(instrument: Instrument, first: float, latest: float) -> bool:
    rci = reliable_change_index(first, latest, sd=instrument.sd, reliability=instrument.reliability)
    return rci > RELIABLE if instrument.higher_is_better else rci < -RELIABLE


def in_difficulty(instrument: Instrument, score: float) -> bool:
    """Whether a score lies in the range that counts as a difficulty (above the clinical cut-off)."""
    return (
        score < instrument.cut_off if instrument.higher_is_better else score >= instrument.cut_off
    )


@dataclass(frozen=True)
class Change:
    """First-to-latest change of one instrument across people with at least two complete answers."""

    people: int
    mean_first: float | None
    mean_latest: float | None
    mean_change: float | None
    reliably_improved: int
    reliably_worse: int
    above_cut_off_first: int
    no_longer_above: int  # of those above the cut-off at first, how many are not at their latest


def change_of(instrument: Instrument, pairs: Sequence[tuple[float, float]]) -> Change:
    """Summarise (first, latest) pairs of one instrument."""
    if not pairs:
        return Change(0, None, None, None, 0, 0, 0, 0)
    improved = sum(1 for first, latest in pairs if reliably_improved(instrument, first, latest))
    worse = sum(
        1
        for first, latest in pairs
        if abs(
            reliable_change_index(
                first, latest, sd=instrument.sd, reliability=instrument.reliability
            )
        )
        > RELIABLE
        and not reliably_improved(instrument, first, latest)
    )
    above = [(first, latest) for first, latest in pairs if in_difficulty(instrument, first)]
    return Change(
        people=len(pairs),
        mean_first=round(sum(f for f, _ in pairs) / len(pairs), 2),
        mean_latest=round(sum(latest for _, latest in pairs) / len(pairs), 2),
        mean_change=round(sum(latest - first for first, latest in pairs) / len(pairs), 2),
        reliably_improved=improved,
        reliably_worse=worse,
        above_cut_off_first=len(above),
        no_longer_above=sum(1 for _, latest in above if not in_difficulty(instrument, latest)),
    )


# --- Small cells ------------------------------------------------------------------------------


def is_small(count: int) -> bool:
    """A count of 1 to 10 people is too small to show; 0 says nothing about anyone."""
    return 0 < count < SMALLEST_CELL


@dataclass(frozen=True)
class Grid:
    """A table of counts with its row totals, column totals and grand total, each either shown or
    suppressed (None)."""

    cells: tuple[tuple[int | None, ...], ...]
    row_totals: tuple[int | None, ...]
    column_totals: tuple[int | None, ...]
    total: int | None


def suppress(counts: Sequence[Sequence[int]]) -> Grid:
    """Suppress every cell and total of 1–10 people, then suppress complements until no row, column or
    the totals' row or column has exactly one hidden entry, so no hidden entry can be worked out by
    subtraction from the others in its line.

    Each line is (its cells, its total): row i is (cells[i][*], row_totals[i]); column j is
    (cells[*][j], column_totals[j]); the totals' row is (column_totals[*], total) and the totals'
    column (row_totals[*], total). The complement chosen in a line is its smallest non-zero shown cell,
    which costs least; only when no cell is left is the line's total hidden instead. The result holds
    against subtraction within a line (the usual rule of statistical offices for one-way and two-way
    tables); it is not a linear-programming audit of the intervals a determined reader could narrow."""
    rows = len(counts)
    columns = len(counts[0]) if rows else 0
    if any(len(row) != columns for row in counts):
        raise ValueError("every row needs the same number of columns")
    row_totals = [sum(row) for row in counts]
    column_totals = [sum(counts[i][j] for i in range(rows)) for j in range(columns)]
    grand = sum(row_totals)

    # Every entry as a key: ("c", i, j) a cell, ("r", i) a row total, ("k", j) a column total, ("t",).
    value: dict[tuple[int | str, ...], int] = {("t",): grand}
    for i in range(rows):
        value[("r", i)] = row_totals[i]
        for j in range(columns):
            value[("c", i, j)] = counts[i][j]
    for j in range(columns):
        value[("k", j)] = column_totals[j]
    lines: list[tuple[list[tuple[int | str, ...]], tuple[int | str, ...]]] = []
    for i in range(rows):
        lines.append(([("c", i, j) for j in range(columns)], ("r", i)))
    for j in range(columns):
        lines.append(([("c", i, j) for i in range(rows)], ("k", j)))
    lines.append(([("k", j) for j in range(columns)], ("t",)))
    lines.append(([("r", i) for i in range(rows)], ("t",)))

    hidden = {key for key, count in value.items() if is_small(count)}
    changed = True
    while changed:
        changed = False
        for members, total in lines:
            entries = [*members, total]
            if sum(1 for key in entries if key in hidden) != 1:
                continue
            candidates = [key for key in members if key not in hidden and value[key] > 0]
            choice = min(candidates, key=lambda key: value[key]) if candidates else total
            if choice in hidden:  # the only hidden entry is the total and no cell can join it
                shown_cells = [key for key in members if key not in hidden]
                if not shown_cells:
                    continue
                choice = min(shown_cells, key=lambda key: value[key])
            hidden.add(choice)
            changed = True

    def shown(key: tuple[int | str, ...]) -> int | None:
        return SUPPRESSED if key in hidden else value[key]

    return Grid(
        cells=tuple(tuple(shown(("c", i, j)) for j in range(columns)) for i in range(rows)),
        row_totals=tuple(shown(("r", i)) for i in range(rows)),
        column_totals=tuple(shown(("k", j)) for j in range(columns)),
        total=shown(("t",)),
    )


def suppress_column(counts: Sequence[int]) -> tuple[list[int | None], int | None]:
    """A one-way table (counts by group, and their total) with small cells and their complements
    hidden: the one-column case of `suppress`."""
    grid = suppress([[count] for count in counts])
    return [row[0] for row in grid.cells], grid.total
