"""A stored report made ready to read: words in the reader's language, values as text, and a bar chart
for each table (server-drawn SVG, sized like the outcomes and referral charts). The dashboard, the PDF
and the spreadsheet exports all read this one shape, so they cannot say different things."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from alongside.outcomes.charts import LEFT, RIGHT, TOP, WIDTH

from . import labels
from .figures import HIDDEN
from .stats import INSTRUMENTS, reliable_change_threshold

ROW = 28
LABEL = 180


@dataclass(frozen=True)
class Bar:
    label: str
    y: float
    width: float
    text: str


@dataclass(frozen=True)
class Chart:
    bars: tuple[Bar, ...]
    width: int
    height: int
    left: int


def bar_chart(rows: list[tuple[str, Any, str]]) -> Chart:
    """One bar per (label, value, text); a hidden or missing value draws no bar, its text says why."""
    span = WIDTH - LEFT - RIGHT - LABEL
    numbers = [v for _l, v, _t in rows if isinstance(v, int | float) and not isinstance(v, bool)]
    most = max(numbers, default=0) or 1
    bars = tuple(
        Bar(
            label=label,
            y=TOP + index * ROW,
            width=span * value / most if value in numbers and value > 0 else 0,
            text=text,
        )
        for index, (label, value, text) in enumerate(rows)
    )
    return Chart(
        bars=bars, width=WIDTH, height=TOP * 2 + ROW * max(len(rows), 1), left=LEFT + LABEL
    )


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    now: str
    before: str


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    figures: list[Figure]


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    description: str
    columns: list[str]
    rows: list[list[str]]
    raw_rows: list[list[Any]]
    footer: list[str] | None
    chart: Chart | None


def _sections(headline: dict[str, Any]) -> list[Section]:
    found = []
    for key, title in labels.SECTIONS.items():
        part = headline.get(key) or {}
        now, before = part.get("now") or {}, part.get("before") or {}
        if key == "outcomes":
            figures = [
                Figure(
                    f"{code}.{name}",
                    f"{INSTRUMENTS[code].label}: {labels.OUTCOME_FIGURES[name]}",
                    labels.value_text(values.get(name), _unit(name)),
                    labels.value_text((before.get(code) or {}).get(name), _unit(name)),
                )
                for code, values in now.items()
                for name in ("people", "mean_change", "reliably_improved", "no_longer_above")
            ]
        else:
            figures = [
                Figure(
                    name,
                    labels.figure_label(name),
                    labels.value_text(value, labels.FIGURES[name][1]),
                    labels.value_text(before.get(name), labels.FIGURES[name][1]) if before else "–",
                )
                for name, value in now.items()
            ]
        found.append(Section(key, str(title), figures))
    return found


def _unit(name: str) -> str:
    return (
        "percent"
        if name in ("reliably_improved", "reliably_worse", "no_longer_above")
        else ("count" if name in ("people", "above_cut_off_first") else "number")
    )


def _table(raw: dict[str, Any]) -> Table:
    title, description = labels.TABLES[raw["key"]]
    formats = raw["formats"]
    kind = raw["row_kind"]

    def row_text(row: list[Any]) -> list[str]:
        first = (
            labels.row_label(kind, row[0])
            if kind != "gender" and kind != "race_ethnicity"
            else (labels.row_label(kind, row[0]) if row[0] in ("", "total") else row[0])
        )
        return [
            first,
            *(labels.value_text(v, f) for v, f in zip(row[1:], formats[1:], strict=True)),
        ]

    rows = [row_text(row) for row in raw["rows"]]
    chart = None
    if raw["chart"] is not None:
        column = raw["chart"]
        chart = bar_chart(
            [
                (text[0], row[column], text[column])
                for row, text in zip(raw["rows"], rows, strict=True)
            ]
        )
    return Table(
        key=raw["key"],
        title=str(title),
        description=str(description),
        columns=[str(labels.COLUMNS.get(c, c)) for c in raw["columns"]],
        rows=rows,
        raw_rows=raw["rows"],
        footer=row_text(raw["footer"]) if raw.get("footer") else None,
        chart=chart,
    )


@dataclass(frozen=True)
class Report:
    period: list[str]
    previous: list[str]
    computed_at: str
    sections: list[Section]
    tables: list[Table]
    definitions: list[tuple[str, str]]


def definitions() -> list[tuple[str, str]]:
    """What each figure means and which rule it uses, as the dashboard and the PDF print them."""
    found = [
        (
            _("Small numbers"),
            _(
                "Any figure about 1 to 10 people is hidden (the CMS cell-size rule), and so is "
                "a second figure wherever a total would give the first away."
            ),
        ),
        (
            _("Median and 9 in 10"),
            _(
                'The median is the middle value; "9 in 10 within" is the 90th percentile: '
                "nine in ten waited no longer."
            ),
        ),
        (
            _("Reliably better"),
            _(
                "A change larger than measurement error alone would make (the Jacobson–Truax "
                "reliable change index above 1.96), using the published spread and reliability "
                "of each questionnaire below."
            ),
        ),
        (
            _("Leaving hospital or jail"),
            _(
                "Days count from the discharge date; contact on the day itself does not count "
                "toward 7 and 30 days. This is our own measure, not a HEDIS result."
            ),
        ),
        (
            _("Back in hospital"),
            _(
                "Of hospital discharges in the period (from hand-offs and stays members or "
                "partners recorded), those followed by an admission or another discharge of the "
                "same person within 30 or 90 days. A stay nobody recorded is not seen, so this "
                "undercounts."
            ),
        ),
        (
            _("Days in hospital before and after joining"),
            _(
                "Nights in hospital in the 365 days before joining and the 365 days from joining, "
                "for members who joined in the period at least a year ago and have a stay on "
                "record. People often join just after a hospital stay, so the year before is high "
                "by the way they come to us and a fall is likely even without any effect; there is "
                "no comparison group, and only recorded stays count. Published studies of peer "
                "support report %(days)s fewer days in hospital and %(readmissions)s fewer "
                "readmissions: our figures cannot show that peer support caused any change."
            )
            % {"days": "48 %", "readmissions": "42 %"},
        ),
    ]
    for instrument in INSTRUMENTS.values():
        found.append(
            (
                instrument.label,
                _(
                    "SD %(sd)s, reliability %(r)s: a change of %(points)s points or more is "
                    "reliable. Source: %(source)s. Difficult range: %(cut_off)s."
                )
                % {
                    "sd": instrument.sd,
                    "r": instrument.reliability,
                    "points": f"{reliable_change_threshold(instrument):.1f}",
                    "source": instrument.source,
                    "cut_off": instrument.cut_off_source,
                },
            )
        )
    return found


def present(figures: dict[str, Any]) -> Report:
    return Report(
        period=figures["period"],
        previous=figures["previous"],
        computed_at=figures["computed_at"],
        sections=_sections(figures["headline"]),
        tables=[_table(raw) for raw in figures["tables"]],
        definitions=definitions(),
    )


__all__ = ["HIDDEN", "Report", "present"]
