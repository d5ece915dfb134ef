"""Trends for one member in plain words: check-ins and scores over time, as charts and tables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alongside.accounts.models import User

from . import instruments, selectors
from .charts import Chart, line_chart
from .scoring import SCALES


@dataclass(frozen=True)
class ScoreTrend:
    code: str
    title: str
    chart: Chart
    rows: list[dict[str, Any]]
    summary: str


@dataclass(frozen=True)
class Trends:
    check_in_chart: Chart | None
    check_in_rows: list[dict[str, Any]]
    check_in_summary: str
    scores: list[ScoreTrend]


def _change_sentence(code: str, first: int, last: int, count: int) -> str:
    name = instruments.SCORE_NAMES.get(code, code)
    if count == 1:
        return _("Your %(name)s was %(value)s.") % {"name": name, "value": last}
    if first == last:
        return _("Your %(name)s stayed at %(value)s.") % {"name": name, "value": last}
    return _("Your %(name)s went from %(first)s to %(last)s.") % {
        "name": name,
        "first": first,
        "last": last,
    }


def trends_of(member: User, *, days: int = 90) -> Trends:
    """Everything the trends page shows for `member` (the caller has checked who may see it)."""
    check_ins = list(selectors.check_ins_of(member, days=days))
    chart = None
    summary = _("No check-ins yet.")
    if check_ins:
        chart = line_chart(
            [c.on for c in check_ins],
            {
                "mood": (_("Mood"), [c.mood for c in check_ins]),
                "sleep": (_("Sleep"), [c.sleep for c in check_ins]),
                "energy": (_("Energy"), [c.energy for c in check_ins]),
            },
            low=1,
            high=5,
            ticks=[1, 2, 3, 4, 5],
        )
        average = sum(c.mood for c in check_ins) / len(check_ins)
        count = ngettext("%(count)s check-in.", "%(count)s check-ins.", len(check_ins)) % {
            "count": len(check_ins)
        }
        mood = _("Your mood averaged %(average)s out of 5; most recently it was %(last)s.") % {
            "average": f"{average:.1f}",
            "last": check_ins[-1].mood,
        }
        summary = f"{count} {mood}"
    scores = []
    by_code: dict[str, list[Any]] = {}
    for response in selectors.responses_of(member):
        by_code.setdefault(response.instrument, []).append(response)
    for code, responses in by_code.items():
        scale = SCALES[code]
        low, high = (
            scale.low * scale.items * scale.multiplier,
            scale.high * scale.items * scale.multiplier,
        )
        complete = [r for r in responses if r.is_complete]
        if not complete:
            continue
        step = max((high - low) // 4, 1)
        scores.append(
            ScoreTrend(
                code=code,
                title=str(instruments.SCORE_NAMES.get(code, code)).capitalize(),
                chart=line_chart(
                    [r.completed_at.date() for r in complete],
                    {"total": (_("Score"), [r.total for r in complete])},
                    low=low,
                    high=high,
                    ticks=list(range(low, high + 1, step)),
                ),
                rows=[
                    {
                        "on": r.completed_at.date(),
                        "total": r.total,
                        "band": instruments.band_words(code, r.band or None),
                    }
                    for r in complete
                ],  # fmt: skip
                summary=_change_sentence(
                    code, complete[0].total, complete[-1].total, len(complete)
                ),
            )
        )
    rows = [{"on": c.on, "mood": c.mood, "sleep": c.sleep, "energy": c.energy} for c in check_ins]
    return Trends(check_in_chart=chart, check_in_rows=rows, check_in_summary=summary, scores=scores)
