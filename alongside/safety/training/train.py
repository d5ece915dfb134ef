"""Train the crisis model and write the artefact the package ships.

    python -m alongside.safety.training.train \
        --reddit ../shared/data/reddit-cssrs/500_Reddit_users_posts_labels.csv

Data (docs/safety.md, "How the data was made"):
- `data/<author>.jsonl`: short synthetic chat messages in English and Spanish, written for Alongside by
  independent authors who never saw the lexicon, the model or the evaluation set; ours, AGPL like the
  code. Rows carry the author, language, level, dimensions and, for some, the writer's earlier messages
  (`context`), which the model reads with the message.
- `chat_examples.jsonl`: the first 354 examples, written with the lexicon (author `seed`).
- Optionally the Reddit C-SSRS posts (Gaur et al., WWW '19, CC BY, DOI 10.5281/zenodo.2667859), as weak
  labels (`REDDIT_LEVELS`), at a small weight. The script prints counts and figures, never a post.
- Staff labels (`learning.py`), when `alongside safety retrain` calls `build`.

The figures are author-held-out: each synthetic author in turn is left out, the model is trained on the
rest and scores the held-out author's messages, so they say how well it reads people it has not met.
The thresholds are chosen on those held-out scores (`choose_thresholds`).
"""

from __future__ import annotations

import argparse
import ast
import csv
import gzip
import hashlib
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from ..assessment import decide, window  # training reads a text exactly as run time does
from ..features import BLOCKS
from ..lexicon import mask, read
from ..model import ARTEFACT, TARGETS

REDDIT_LEVELS = {
    "Supportive": "none",
    "Indicator": "concern",
    "Ideation": "high",
    "Behavior": "high",
    "Attempt": "high",
}
LEVEL_RANK = {"none": 0, "concern": 1, "high": 2, "imminent": 3}
HERE = Path(__file__).parent
CHAT_EXAMPLES = HERE / "chat_examples.jsonl"
DATA = HERE / "data"
REDDIT_WEIGHT = 0.05  # each post is long, off-register and its label weak
CHAT_WEIGHT = 1.0
LABEL_WEIGHT = 2.0  # a staff label is about a message from this program
MAX_FEATURES = {"words": 40_000, "chars": 60_000}
C = 8.0
# Default thresholds; `choose_thresholds` replaces them with figures from the author-held-out scores.
THRESHOLDS = {"concern": 0.5, "high": 0.4, "imminent": 0.5}
LANGUAGES = ("en", "es")  # each has its own thresholds, chosen on its own held-out messages
# The asymmetric cost: recall of high+ first. The high threshold is the highest that keeps this share of
# held-out high+ messages escalated (by the model or the lexicon); then the fewest false alarms.
TARGET_RECALL_HIGH = 0.95
TARGET_IMMINENT = 0.85
TARGET_CONCERN = 0.9
GRID = [round(0.05 + 0.01 * i, 2) for i in range(91)]  # 0.05 … 0.95


@dataclass
class Example:
    text: str  # masked: the message read with the writer's earlier messages
    level: str
    weight: float
    author: str  # the writer of the data, or "reddit" / "seed" / "staff"
    raw: str = ""  # the message itself (unmasked), for the lexicon in the held-out figures
    context: list[str] = field(default_factory=list)
    lang: str = ""


def reddit_examples(path: Path) -> list[Example]:
    csv.field_size_limit(sys.maxsize)
    examples = []
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            level = REDDIT_LEVELS[row["Label"]]
            for post in _posts(row["Post"]):
                examples.append(Example(mask(post)[0], level, REDDIT_WEIGHT, "reddit", lang="en"))
    return examples


def _posts(cell: str) -> list[str]:
    """The posts of one user; 28 cells are cut off mid-list, so those are split leniently."""
    try:
        posts = ast.literal_eval(cell)
    except (ValueError, SyntaxError):
        posts = cell.strip("[]").split("', '")
    return [p.strip(" '\"") for p in posts if p and p.strip(" '\"")]


def _rows(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def chat_examples(path: Path = CHAT_EXAMPLES) -> list[Example]:
    return [
        Example(mask(r["text"])[0], r["level"], CHAT_WEIGHT, "seed", r["text"], [], r["lang"])
        for r in _rows(path)
    ]


def authored_examples(folder: Path = DATA) -> list[Example]:
    """Every row written by the independent authors, read with its context."""
    examples = []
    for path in sorted(folder.glob("*.jsonl")):
        for r in _rows(path):
            context = list(r.get("context") or [])
            examples.append(
                Example(
                    mask(window(r["text"], context))[0],
                    r["level"],
                    1.0,
                    r["author"],
                    r["text"],
                    context,
                    r["lang"],
                )
            )
    return examples


def label_examples(labels: Sequence[tuple[str, Sequence[str], str]]) -> list[Example]:
    """Staff labels as (text, context, level)."""
    return [
        Example(mask(window(text, context))[0], level, LABEL_WEIGHT, "staff", text, list(context))
        for text, context, level in labels
    ]


def ranks(examples: Sequence[Example]) -> np.ndarray:
    return np.array([LEVEL_RANK[e.level] for e in examples])


Fitted = tuple[dict[str, TfidfVectorizer], dict[str, LogisticRegression]]


def fit(examples: Sequence[Example]) -> Fitted:
    texts = [e.text for e in examples]
    vectorizers = {
        name: TfidfVectorizer(
            analyzer=analyzer,
            sublinear_tf=True,
            min_df=2,
            max_features=MAX_FEATURES[name],
            dtype=np.float64,
        )
        for name, analyzer in BLOCKS.items()
    }
    matrix = hstack([v.fit_transform(texts) for v in vectorizers.values()]).tocsr()
    weights = np.array([e.weight for e in examples])
    levels = ranks(examples)
    answers = {
        "concern": levels >= 1,
        "high": levels >= 2,
        "imminent": levels >= 3,
        "spanish": np.array([e.lang == "es" for e in examples]),
    }
    # A staff label's language is not recorded: it teaches the levels, not the language.
    known = np.array([e.lang in LANGUAGES for e in examples])
    models: dict[str, Any] = {}
    for target in TARGETS:
        y, w = answers[target].astype(int), weights * known if target == "spanish" else weights
        if len(set(y[w > 0])) < 2:
            models[target] = _Constant(matrix.shape[1], float(y[w > 0].mean() if w.any() else 0))
            continue
        model = LogisticRegression(C=C, class_weight="balanced", max_iter=3000, solver="liblinear")
        models[target] = model.fit(matrix, y, sample_weight=w)
    return vectorizers, models


class _Constant:
    """A target the data cannot teach (one class only): the same probability for every text."""

    def __init__(self, features: int, p: float) -> None:
        p = min(max(p, 1e-6), 1 - 1e-6)
        self.coef_ = np.zeros((1, features))
        self.intercept_ = np.array([float(np.log(p / (1 - p)))])

    def predict_proba(self, matrix: csr_matrix) -> np.ndarray:
        p = 1 / (1 + np.exp(-self.intercept_[0]))
        return np.tile([1 - p, p], (matrix.shape[0], 1))


def predict(fitted: Fitted, texts: list[str]) -> dict[str, np.ndarray]:
    vectorizers, models = fitted
    matrix: csr_matrix = hstack([v.transform(texts) for v in vectorizers.values()]).tocsr()
    return {target: m.predict_proba(matrix)[:, 1] for target, m in models.items()}


def export(
    fitted: Fitted, thresholds: dict[str, dict[str, float]], summary: dict[str, object]
) -> dict[str, Any]:
    """The compact artefact: per block, features with (idf, one weight per target)."""
    vectorizers, models = fitted
    blocks, offset = {}, 0
    for name, vectorizer in vectorizers.items():
        features = vectorizer.get_feature_names_out().tolist()
        size = len(features)
        coefs = [models[t].coef_[0][offset : offset + size] for t in TARGETS]
        values = [[_round(v) for v in row] for row in zip(vectorizer.idf_, *coefs, strict=True)]
        blocks[name] = {"features": features, "values": values}
        offset += size
    body = {
        "targets": list(TARGETS),
        "blocks": blocks,
        "intercepts": [_round(models[t].intercept_[0]) for t in TARGETS],
        "thresholds": thresholds,
    }
    digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:10]
    return {"version": f"tfidf-lr-{digest}", **body, "training": summary}


def write(artefact: dict[str, Any], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(out, "wb", mtime=0) as f:  # mtime=0: the same training, the same bytes
        f.write(json.dumps(artefact, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _round(x: float) -> float:
    return float(f"{x:.5g}")


@dataclass
class HeldOut:
    """Each held-out example's scores on its own, after its context, and of its context alone."""

    examples: list[Example]
    scores: list[dict[str, dict[str, float]]]


def held_out(
    authored: list[Example], always: list[Example], *, say: Callable[[str], None]
) -> HeldOut:
    """Leave each author out in turn; score their messages with a model trained on everyone else."""
    authors = sorted({e.author for e in authored})
    out = HeldOut([], [])
    for author in authors:
        fitted = fit([e for e in authored if e.author != author] + always)
        mine = [e for e in authored if e.author == author]
        views = {
            "text": [mask(e.raw)[0] for e in mine],
            "window": [e.text for e in mine],
            "context": [mask(window("", e.context))[0] if e.context else "" for e in mine],
        }
        scored = {name: predict(fitted, texts) for name, texts in views.items()}
        for i, e in enumerate(mine):
            out.examples.append(e)
            out.scores.append(
                {name: {t: float(s[t][i]) for t in TARGETS} for name, s in scored.items()}
            )
        say(f"  held out {author}: {len(mine)} messages")
    return out


Decide = Callable[[Any, dict[str, dict[str, float]], dict[str, float]], str]


def language_of(scores: dict[str, dict[str, float]]) -> str:
    """The language whose thresholds apply, as at run time (`Model.thresholds_for`)."""
    return "es" if scores["text"]["spanish"] >= 0.5 else "en"


def default_thresholds() -> dict[str, dict[str, float]]:
    return {lang: dict(THRESHOLDS) for lang in LANGUAGES}


def choose_thresholds(held: HeldOut, decide: Decide) -> dict[str, dict[str, float]]:
    """Per language (as the model reads it), the high threshold keeps TARGET_RECALL_HIGH of held-out
    high+ messages escalated (the highest that does, so the fewest false alarms); then imminent and
    concern the same way."""
    chosen = default_thresholds()
    for lang in LANGUAGES:
        mine = [i for i, s in enumerate(held.scores) if language_of(s) == lang]
        if mine:
            part = HeldOut([held.examples[i] for i in mine], [held.scores[i] for i in mine])
            chosen[lang] = _choose(part, decide)
    return chosen


def _choose(held: HeldOut, decide: Decide) -> dict[str, float]:
    levels = ranks(held.examples)
    thresholds = dict(THRESHOLDS)
    readings = [read(e.raw) for e in held.examples]  # once: the lexicon does not change with them

    def assessed(th: dict[str, float]) -> np.ndarray:
        return np.array(
            [LEVEL_RANK[decide(r, s, th)] for r, s in zip(readings, held.scores, strict=True)]
        )

    def highest(target: str, ok: Callable[[np.ndarray], bool]) -> float:
        chosen = GRID[0]
        for t in GRID:  # coarse-to-fine is not needed: 91 steps
            if ok(assessed({**thresholds, target: t})):
                chosen = t
        return chosen

    thresholds["high"] = highest(
        "high", lambda got: bool(np.mean(got[levels >= 2] >= 2) >= TARGET_RECALL_HIGH)
    )
    thresholds["imminent"] = highest(
        "imminent", lambda got: bool(np.mean(got[levels == 3] == 3) >= TARGET_IMMINENT)
    )
    thresholds["concern"] = highest(
        "concern", lambda got: bool(np.mean(got[levels == 1] >= 1) >= TARGET_CONCERN)
    )
    return thresholds


def build(
    *,
    reddit: Path | None = None,
    labels: Sequence[tuple[str, Sequence[str], str]] = (),
    cross_validate: bool = True,
    data: Path = DATA,
    say: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Train on everything and return the artefact (its thresholds from the held-out scores)."""
    authored = authored_examples(data)
    always = chat_examples() + label_examples(labels)
    weak = reddit_examples(reddit) if reddit else []
    say(
        f"Authored: {len(authored)} messages by {len({e.author for e in authored})} authors; "
        f"seed examples and staff labels: {len(always)}; Reddit posts: {len(weak)}"
    )
    summary: dict[str, Any] = {
        "data": "data/*.jsonl (our own, by independent authors) + chat_examples.jsonl"
        + (" + Reddit C-SSRS (Gaur et al. 2019, CC BY, doi:10.5281/zenodo.2667859)" if weak else "")
        + (f" + {len(labels)} staff labels" if labels else ""),
        "label_mapping": REDDIT_LEVELS,
        "authored": len(authored),
        "authors": sorted({e.author for e in authored}),
        "seed_and_labels": len(always),
        "reddit_posts": len(weak),
        "reddit_weight": REDDIT_WEIGHT,
        "C": C,
    }
    thresholds = default_thresholds()
    if cross_validate and len({e.author for e in authored}) > 1:
        say("Author-held-out scores…")
        held = held_out(authored, always + weak, say=say)
        thresholds = choose_thresholds(held, decide)
        summary["author_held_out"] = held_out_figures(held, thresholds, decide)
        say(json.dumps({"thresholds": thresholds, **summary["author_held_out"]["all"]}))
        say(json.dumps(summary["author_held_out"]["per_lang"]))
    return export(fit(authored + always + weak), thresholds, summary)


def held_out_figures(
    held: HeldOut, thresholds: dict[str, dict[str, float]], decide: Decide
) -> dict[str, Any]:
    from ..evaluation import figures_of

    got = [
        decide(read(e.raw), s, thresholds[language_of(s)])
        for e, s in zip(held.examples, held.scores, strict=True)
    ]
    rows = [{"level": e.level, "lang": e.lang, "author": e.author} for e in held.examples]

    def per(key: str) -> dict[str, Any]:
        return {
            value: figures_of(
                [r for r in rows if r[key] == value],
                [g for r, g in zip(rows, got, strict=True) if r[key] == value],
            )
            for value in sorted({r[key] for r in rows})
        }

    return {"all": figures_of(rows, got), "per_author": per("author"), "per_lang": per("lang")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reddit", type=Path, help="500_Reddit_users_posts_labels.csv (optional)")
    parser.add_argument("--out", type=Path, default=ARTEFACT)
    parser.add_argument("--skip-cv", action="store_true", help="no held-out figures (faster)")
    args = parser.parse_args(argv)
    artefact = build(reddit=args.reddit, cross_validate=not args.skip_cv)
    write(artefact, args.out)
    print(
        f"Wrote {args.out} ({args.out.stat().st_size // 1024} KiB), version {artefact['version']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
