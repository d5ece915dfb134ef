"""Trend charts drawn on the server as SVG (no script, no outside service), always with the same data
in a table beside them and a sentence in plain words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 16, 36


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: int
    on: date


@dataclass(frozen=True)
class Line:
    key: str
    label: str
    points: tuple[Point, ...]

    @property
    def path(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass(frozen=True)
class Chart:
    lines: tuple[Line, ...]
    y_ticks: tuple[tuple[float, str], ...]
    x_ticks: tuple[tuple[float, str, str], ...]  # (x, label, text-anchor)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    bottom_y: int = HEIGHT - BOTTOM
    right_x: int = WIDTH - RIGHT


def _anchor(index: int, count: int) -> str:
    """First label starts at its tick, last one ends at it, so neither is cut off at the edge."""
    if count == 1:
        return "middle"
    return "start" if index == 0 else "end" if index == count - 1 else "middle"


def line_chart(
    days: Sequence[date],
    series: dict[str, tuple[str, Sequence[int | None]]],
    *,
    low: int,
    high: int,
    ticks: Sequence[int],
) -> Chart:
    """Lines over `days` (oldest first); `series` maps a key to (label, one value or None per day)."""
    span_x = WIDTH - LEFT - RIGHT
    span_y = HEIGHT - TOP - BOTTOM
    first, last = (days[0], days[-1]) if days else (date.today(), date.today())  # noqa: DTZ011  # only a fallback axis
    total_days = max((last - first).days, 1)

    def x_of(day: date) -> float:
        return (
            LEFT + span_x * ((day - first).days / total_days)
            if len(days) > 1
            else LEFT + span_x / 2
        )

    def y_of(value: float) -> float:
        return TOP + span_y * (1 - (value - low) / max(high - low, 1))

    lines = tuple(
        Line(
            key=key,
            label=label,
            points=tuple(
                Point(x=x_of(day), y=y_of(value), value=value, on=day)
                for day, value in zip(days, values, strict=True)
                if value is not None
            ),
        )
        for key, (label, values) in series.items()
    )
    shown = sorted({days[0], days[len(days) // 2], days[-1]}) if days else []
    return Chart(
        lines=lines,
        y_ticks=tuple((y_of(t), str(t)) for t in ticks),
        x_ticks=tuple(
            (x_of(d), date_format(d, "M j"), _anchor(n, len(shown))) for n, d in enumerate(shown)
        ),
    )
