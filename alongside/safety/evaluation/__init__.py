"""The shipped evaluation set and the figures computed on it (used by the bench and by the tests).

`eval_set.jsonl` is synthetic: short messages written for this purpose, in English and Spanish, kept apart
from the training examples (a test checks that no text appears in both). Each row has an `id`, the
expected `level`, the `lang`, `tags` (idiom, negation, third_person, history, topic, …) and the `text`.
"""

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..levels import Level

EVAL_SET = Path(__file__).with_name("eval_set.jsonl")
LEVELS = [level.value for level in Level]


@dataclass(frozen=True)
class Item:
    id: str
    level: str
    lang: str
    tags: list[str]
    text: str


def load_items(path: Path = EVAL_SET) -> list[Item]:
    with path.open(encoding="utf-8") as f:
        return [Item(**json.loads(line)) for line in f if line.strip()]


def figures(items: list[Item], assessed: list[str]) -> dict[str, object]:
    """Recall of high+imminent, false alarms on `none`, and what each expected level was assessed as."""
    escalates = {Level.HIGH.value, Level.IMMINENT.value}
    urgent = [got for item, got in zip(items, assessed, strict=True) if item.level in escalates]
    calm = [
        got for item, got in zip(items, assessed, strict=True) if item.level == Level.NONE.value
    ]
    per_level: dict[str, object] = {}
    for level in LEVELS:
        got = [a for item, a in zip(items, assessed, strict=True) if item.level == level]
        counts = Counter(got)
        per_level[level] = {
            "n": len(got),
            "exact": _share(counts[level], len(got)),
            "as_concern": _share(counts[Level.CONCERN.value], len(got)),
            "escalated": _share(sum(counts[e] for e in escalates), len(got)),
            "assessed": {a: counts[a] for a in LEVELS},
        }
    return {
        "n": len(items),
        "recall_high": _share(sum(g in escalates for g in urgent), len(urgent)),
        "false_alarm_none": _share(sum(g in escalates for g in calm), len(calm)),
        "recall_imminent": per_level[Level.IMMINENT.value]["exact"],  # type: ignore[index]
        "per_level": per_level,
        "per_lang": {
            lang: {
                "n": sum(i.lang == lang for i in items),
                "exact": _share(
                    sum(
                        i.lang == lang and i.level == a
                        for i, a in zip(items, assessed, strict=True)
                    ),
                    sum(i.lang == lang for i in items),
                ),
            }
            for lang in sorted({i.lang for i in items})
        },
    }


def evaluate(
    assess: Callable[[str], object], items: list[Item] | None = None
) -> tuple[dict[str, object], list[str]]:
    """Assess every item; the figures and the assessed levels, in item order."""
    items = load_items() if items is None else items
    assessed = [str(assess(item.text).level) for item in items]  # type: ignore[attr-defined]
    return figures(items, assessed), assessed


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0
