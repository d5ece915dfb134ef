"""The referral roll-up as a bar chart, drawn like the outcomes trends (`alongside.outcomes.charts`):
server-side SVG with the same sizes and styles, always shown with the data table beside it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from alongside.outcomes.charts import LEFT, RIGHT, TOP, WIDTH

ROW = 28  # height of one bar's row
LABEL = 180  # room for the labels on the left


@dataclass(frozen=True)
class Bar:
    label: str
    y: float
    made_width: float
    connected_width: float
    connected: int
    made: int


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    width: int
    height: int
    left: int


def bar_chart(rows: Sequence[tuple[str, int, int]]) -> BarChart:
    """One bar per (label, connected, made): the pale bar is referrals made, the strong one inside it
    those that connected."""
    span = WIDTH - LEFT - RIGHT - LABEL
    most = max((made for _, _, made in rows), default=0) or 1
    bars = tuple(
        Bar(
            label=label,
            y=TOP + index * ROW,
            made_width=span * made / most,
            connected_width=span * connected / most,
            connected=connected,
            made=made,
        )
        for index, (label, connected, made) in enumerate(rows)
    )
    return BarChart(
        bars=bars, width=WIDTH, height=TOP * 2 + ROW * max(len(rows), 1), left=LEFT + LABEL
    )
