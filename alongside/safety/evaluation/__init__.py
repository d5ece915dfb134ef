"""The evaluation sets and the figures computed on them (used by the bench, the tests and training).

- `frozen/`: the frozen set of issue 13, 660 messages by three blind authors (frozen/README.md). It is
  never tuned on; `alongside bench safety` reports its figures per language, author and dimension.
- `frozen2/`: a second frozen set, 660 messages by three more blind authors, written after the shipped
  model was built (frozen2/README.md); reported the same way.
- `eval_set.jsonl`: our own first set (311 messages), written by the lexicon's author and tuned
  against, so its figures are optimistic; kept as a regression check.

Each item has an `id`, the expected `level`, `lang`, `tags` (dimensions), the `text`, and for some the
writer's earlier messages (`context`), read with it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..levels import Level

EVAL_SET = Path(__file__).with_name("eval_set.jsonl")
FROZEN = Path(__file__).with_name("frozen")
FROZEN2 = Path(__file__).with_name("frozen2")
LEVELS = [level.value for level in Level]
ESCALATES = {Level.HIGH.value, Level.IMMINENT.value}


@dataclass(frozen=True)
class Item:
    id: str
    level: str
    lang: str
    tags: list[str]
    text: str
    context: list[str] = field(default_factory=list)
    author: str = "own"


def load_items(path: Path = EVAL_SET) -> list[Item]:
    with path.open(encoding="utf-8") as f:
        return [Item(**json.loads(line)) for line in f if line.strip()]


def load_frozen(folder: Path = FROZEN) -> list[Item]:
    items = []
    for path in sorted(folder.glob("*.jsonl")):
        with path.open(encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    row = json.loads(line)
                    items.append(
                        Item(
                            id=row["id"],
                            level=row["level"],
                            lang=row["lang"],
                            tags=row.get("dimensions", []),
                            text=row["text"],
                            context=row.get("context", []),
                            author=row["author"],
                        )
                    )
    return items


def figures_of(rows: Sequence[Mapping[str, Any]], assessed: Sequence[str]) -> dict[str, Any]:
    """The issue's targets on rows with an expected `level`:
    - recall_high: high+imminent assessed high or above;
    - recall_imminent: imminent assessed imminent;
    - concern_caught: concern assessed concern or above;
    - false_alarm_none: none assessed high or above."""
    pairs = list(zip((r["level"] for r in rows), assessed, strict=True))

    def share(expected: set[str], good: Callable[[str], bool]) -> float | None:
        got = [a for e, a in pairs if e in expected]
        return round(sum(map(good, got)) / len(got), 4) if got else None

    return {
        "n": len(pairs),
        "recall_high": share(ESCALATES, lambda a: a in ESCALATES),
        "recall_imminent": share({"imminent"}, lambda a: a == "imminent"),
        "concern_caught": share({"concern"}, lambda a: a != "none"),
        "false_alarm_none": share({"none"}, lambda a: a in ESCALATES),
        "none_raised_to_concern": share({"none"}, lambda a: a != "none"),
    }


def figures(items: Sequence[Item], assessed: Sequence[str]) -> dict[str, Any]:
    """The targets, what each expected level was assessed as, and the targets per language."""
    rows = [{"level": i.level} for i in items]
    per_level: dict[str, object] = {}
    for level in LEVELS:
        got = [a for item, a in zip(items, assessed, strict=True) if item.level == level]
        counts = Counter(got)
        per_level[level] = {
            "n": len(got),
            "exact": _share(counts[level], len(got)),
            "assessed": {a: counts[a] for a in LEVELS},
        }
    return {
        **figures_of(rows, assessed),
        "per_level": per_level,
        "per_lang": _grouped(items, assessed, lambda i: [i.lang]),
    }


def breakdown(items: Sequence[Item], assessed: Sequence[str]) -> dict[str, Any]:
    """The targets per author and per dimension (C-SSRS dimensions, hard negatives)."""
    return {
        "per_author": _grouped(items, assessed, lambda i: [i.author]),
        "per_dimension": _grouped(items, assessed, lambda i: i.tags),
    }


def _grouped(
    items: Sequence[Item], assessed: Sequence[str], keys: Callable[[Item], list[str]]
) -> dict[str, Any]:
    groups: dict[str, list[int]] = {}
    for n, item in enumerate(items):
        for key in keys(item):
            groups.setdefault(key, []).append(n)
    return {
        key: figures_of([{"level": items[n].level} for n in ns], [assessed[n] for n in ns])
        for key, ns in sorted(groups.items())
    }


def evaluate(
    assess: Callable[..., Any], items: Sequence[Item] | None = None
) -> tuple[dict[str, Any], list[str]]:
    """Assess every item (with its context); the figures and the assessed levels, in item order."""
    items = load_items() if items is None else items
    assessed = [str(assess(item.text, context=item.context).level) for item in items]
    return figures(items, assessed), assessed


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0
