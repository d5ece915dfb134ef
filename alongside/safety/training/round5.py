# ruff: noqa: T201  (a measuring script reports its figures, as train.py does)
"""Fifth round of issue 13 (docs/safety-round5-rule.md): measurements on the author-held-out split only.

    python -m alongside.safety.training.round5 scores --cache /tmp/r5/held.pkl   # ~10 min, one core
    python -m alongside.safety.training.round5 floor --cache /tmp/r5/held.pkl
    python -m alongside.safety.training.round5 measure --cache /tmp/r5/held.pkl [--demote K,K] [--step S]
    python -m alongside.safety.training.round5 stage2-scores --cache /tmp/r5/held.pkl --out /tmp/r5/s2.pkl
    python -m alongside.safety.training.round5 stage2 --cache /tmp/r5/held.pkl --out /tmp/r5/s2.pkl
    python -m alongside.safety.training.round5 stage2-latency

`scores` leaves each training author out in turn (as `train.held_out`) and keeps the scores; the other
commands read them and use the shipped `assessment.decide` (the `floor` figures in docs/safety.md "Fifth
round" were measured with the decide of commit f794553, before the floor changed). Nothing here reads an
evaluation set.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..assessment import decide
from ..lexicon import Reading
from . import train

Scores = Mapping[str, Mapping[str, float]]


def scores(cache: Path) -> None:
    authored = train.authored_examples()
    held = train.held_out(authored, train.chat_examples(), say=print)
    with cache.open("wb") as f:
        pickle.dump(held, f)
    print(f"kept {len(held.examples)} held-out scores in {cache}")


def load(cache: Path) -> train.HeldOut:
    with cache.open("rb") as f:
        held: train.HeldOut = pickle.load(f)  # noqa: S301 (our own file)
    return held


HIGH = 2


def model_alone(scores: Scores, thresholds: Mapping[str, float]) -> str:
    """The level the model alone says (no lexicon floor), as `decide` reads it."""
    return decide(Reading([], "", 0, False), scores, thresholds)


def floor_families(reading: Reading) -> set[str]:
    """The families that raise a text to high or above: each signal kind at high+, and the context
    "general talk or an idiom in the text" as one family of its own."""
    kinds = {s.kind for s in reading.signals if s.level.rank >= HIGH}
    if kinds and (reading.general_talk or reading.idioms):
        kinds.add("(general talk or idiom present)")
    return kinds


def floor(cache: Path) -> None:
    from ..lexicon import read

    held = load(cache)
    thresholds = train.choose_thresholds(held, decide)
    print("thresholds", thresholds)
    figures = train.held_out_figures(held, thresholds, decide)
    print("whole detector", figures["all"])
    print("per language", figures["per_lang"])
    readings = [read(e.raw) for e in held.examples]
    alone = [model_alone(s, thresholds[train.language_of(s)]) for s in held.scores]
    rows = [{"level": e.level, "lang": e.lang, "author": e.author} for e in held.examples]
    from ..evaluation import figures_of

    print("model alone", figures_of(rows, alone))
    n_crisis = sum(e.level in ("high", "imminent") for e in held.examples)
    n_none = sum(e.level == "none" for e in held.examples)
    fa: Counter[str] = Counter()
    rescued: Counter[str] = Counter()
    sole_fa: Counter[str] = Counter()
    sole_rescued: Counter[str] = Counter()
    fa_lang: Counter[str] = Counter()
    rescued_lang: Counter[str] = Counter()
    for e, r, a in zip(held.examples, readings, alone, strict=True):
        if train.LEVEL_RANK[a] >= HIGH or r.level.rank < HIGH:
            continue  # the floor did not raise this one to high
        families = floor_families(r)
        target = fa if e.level == "none" else rescued if e.level in ("high", "imminent") else None
        if target is None:
            continue
        (fa_lang if target is fa else rescued_lang)[e.lang] += 1
        for k in families:
            target[k] += 1
        real = families - {"(general talk or idiom present)"}
        if len(real) == 1:
            (sole_fa if target is fa else sole_rescued)[next(iter(real))] += 1
    print(f"high+ messages {n_crisis}, none messages {n_none}")
    print(
        f"floor: false alarms added {sum(fa_lang.values())} {dict(fa_lang)};"
        f" crises rescued {sum(rescued_lang.values())} {dict(rescued_lang)}"
    )
    print(
        f"{'family':34} {'FA added':>8} {'(sole)':>6} {'rescued':>8} {'(sole)':>6} {'rescued %':>9}"
    )
    for k in sorted(set(fa) | set(rescued), key=lambda k: -fa[k]):
        print(
            f"{k:34} {fa[k]:8} {sole_fa[k]:6} {rescued[k]:8} {sole_rescued[k]:6} "
            f"{100 * rescued[k] / n_crisis:8.2f}%"
        )


GENERAL = "(general talk or idiom present)"


def demoting(families: set[str]) -> Callable[[Reading, Scores, Mapping[str, float]], str]:
    """`decide` with the lexicon's floor at `concern` for these families (candidate 1)."""
    from dataclasses import replace

    from ..levels import Level

    def capped(reading: Reading) -> Reading:
        everything = GENERAL in families and (reading.general_talk or reading.idioms)
        signals = [
            replace(s, level=Level.CONCERN)
            if s.level.rank >= HIGH and (everything or s.kind in families)
            else s
            for s in reading.signals
        ]
        return replace(reading, signals=signals)

    def decide_capped(reading: Reading, scores: Scores, thresholds: Mapping[str, float]) -> str:
        return decide(capped(reading), scores, thresholds)

    return decide_capped


def measure(cache: Path, families: set[str], step: float) -> None:
    held = load(cache)
    train.GRID = [round(0.05 + step * i, 4) for i in range(int(round(0.9 / step)) + 1)]
    chosen = demoting(families) if families else decide
    thresholds = train.choose_thresholds(held, chosen)
    figures = train.held_out_figures(held, thresholds, chosen)
    print(f"families at concern: {sorted(families)}; grid step {step}")
    print("thresholds", thresholds)
    print("all", figures["all"])
    for lang, f in figures["per_lang"].items():
        print(lang, f)


def stage2_fit(examples: list[train.Example]) -> tuple[list[Any], Any]:
    """The second stage: built differently from the first. Characters across word boundaries (2-6, so
    "to die", "kms ", "me mato" are grams) and word 1-3-grams, one vectorizer each; a linear SVM trained
    with the modified Huber loss (probability-like outputs), high or above against the rest."""
    import numpy as np
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import SGDClassifier

    texts = [e.text for e in examples]
    vectorizers = [
        TfidfVectorizer(
            analyzer="char", ngram_range=(2, 6), sublinear_tf=True, min_df=3, max_features=150_000
        ),
        TfidfVectorizer(
            analyzer="word",
            ngram_range=(1, 3),
            sublinear_tf=True,
            min_df=2,
            token_pattern=r"[a-z0-9]+(?:'[a-z]+)?|~",  # noqa: S106 (a regex)
            max_features=80_000,
        ),
    ]
    matrix = hstack([v.fit_transform(texts) for v in vectorizers]).tocsr()
    y = (train.ranks(examples) >= HIGH).astype(int)
    model = SGDClassifier(
        loss="modified_huber",
        alpha=2e-5,
        class_weight="balanced",
        max_iter=50,
        tol=1e-4,
        random_state=13,
    )
    model.fit(matrix, y, sample_weight=np.array([e.weight for e in examples]))
    return vectorizers, model


def stage2_predict(fitted: tuple[list[Any], Any], texts: list[str]) -> Any:
    from scipy.sparse import hstack

    vectorizers, model = fitted
    matrix = hstack([v.transform(texts) for v in vectorizers]).tocsr()
    return model.predict_proba(matrix)[:, 1]


def stage2_scores(cache: Path, out: Path) -> None:
    from ..assessment import window
    from ..lexicon import mask

    held = load(cache)
    authored = train.authored_examples()
    always = train.chat_examples()
    result: list[dict[str, float]] = []  # in the order of `held.examples` (author by author)
    for author in sorted({e.author for e in authored}):
        fitted = stage2_fit([e for e in authored if e.author != author] + always)
        mine = [e for e in authored if e.author == author]
        views = {
            "text": [mask(e.raw)[0] for e in mine],
            "window": [e.text for e in mine],
            "context": [mask(window("", e.context))[0] if e.context else "" for e in mine],
        }
        scored = {name: stage2_predict(fitted, texts) for name, texts in views.items()}
        for i, e in enumerate(mine):
            if held.examples[len(result)].raw != e.raw:
                raise ValueError("the held-out scores are not in the order of the data")
            result.append({name: float(s[i]) for name, s in scored.items()})
        print(f"  stage 2, held out {author}: {len(mine)}", flush=True)
    with out.open("wb") as f:
        pickle.dump(result, f)


def stage2(cache: Path, second: Path) -> None:
    """Measure only: the second stage scores the texts the first puts in a band around its `high`
    threshold; there P(high) is the mean of both. Thresholds are chosen again with the same rule."""
    held = load(cache)
    with second.open("rb") as f:
        p2 = pickle.load(f)  # noqa: S301 (our own file)
    first = train.choose_thresholds(held, decide)
    base = train.held_out_figures(held, first, decide)
    print("first stage alone", first, base["all"])
    for width in (0.1, 0.2, 0.3, 1.0):
        scores, in_band = [], 0
        for s, extra in zip(held.scores, p2, strict=True):
            t = first[train.language_of(s)]["high"]
            mine = {}
            for view, v in s.items():
                e1 = min(v["high"], v["concern"])
                if view in extra and abs(e1 - t) <= width:
                    mine[view] = {**v, "high": (v["high"] + extra[view]) / 2}
                    in_band += view == "text"
                else:
                    mine[view] = v
            scores.append(mine)
        both = train.HeldOut(held.examples, scores)
        chosen = train.choose_thresholds(both, decide)
        figures = train.held_out_figures(both, chosen, decide)
        print(
            f"band +-{width}: {in_band / len(scores):.1%} of texts go to the second stage;"
            f" high thresholds { ({k: v['high'] for k, v in chosen.items()}) }"
        )
        print("  all", figures["all"])
        for lang, f in figures["per_lang"].items():
            print(" ", lang, f)


def stage2_latency() -> None:
    """Measure only: the second stage trained on everything, scored in plain Python as the send path
    would (checked against scikit-learn), CPU time per text over 2,000 training messages, twice."""
    import math
    import random
    import re
    import time

    from scipy.sparse import hstack

    from ..lexicon import mask

    examples = train.authored_examples() + train.chat_examples()
    vectorizers, model = stage2_fit(examples)
    coef, intercept = model.coef_[0], float(model.intercept_[0])
    blocks, offset = [], 0
    for v in vectorizers:
        names = v.get_feature_names_out().tolist()
        blocks.append(
            {
                f: (float(i), float(coef[offset + k]))
                for k, (f, i) in enumerate(zip(names, v.idf_, strict=True))
            }
        )
        offset += len(names)
    word, spaces = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|~"), re.compile(r"\s\s+")

    def score(text: str) -> float:
        text = spaces.sub(" ", text)
        chars = [text[i : i + n] for n in range(2, 7) for i in range(len(text) - n + 1)]
        w = word.findall(text)
        words = [*w, *(" ".join(w[i : i + n]) for n in (2, 3) for i in range(len(w) - n + 1))]
        total = intercept
        for block, found in zip(blocks, (chars, words), strict=True):
            square = dot = 0.0
            for f, n in Counter(f for f in found if f in block).items():
                idf, weight = block[f]
                x = (1 + math.log(n)) * idf
                square, dot = square + x * x, dot + x * weight
            if square:
                total += dot / math.sqrt(square)
        return (min(max(total, -1.0), 1.0) + 1) / 2

    random.seed(5)
    sample = [mask(e.raw)[0] for e in random.sample([e for e in examples if e.raw], 2000)]
    matrix = hstack([v.transform(sample) for v in vectorizers]).tocsr()
    reference = model.predict_proba(matrix)[:, 1]
    print(
        "max |plain - sklearn|",
        max(abs(score(t) - r) for t, r in zip(sample, reference, strict=True)),
    )
    cpu = []
    for text in sample * 2:
        start = time.thread_time()
        score(text)
        cpu.append(time.thread_time() - start)
    cpu.sort()
    print(
        f"stage 2 CPU per text: p50 {cpu[len(cpu) // 2] * 1000:.3f} ms, "
        f"p99 {cpu[int(len(cpu) * 0.99)] * 1000:.3f} ms; {sum(map(len, blocks))} features"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "command",
        choices=["scores", "floor", "measure", "stage2-scores", "stage2", "stage2-latency"],
    )
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--demote", default="", help="families at concern, comma-separated")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--step", type=float, default=0.01)
    args = parser.parse_args(argv)
    if args.command == "scores":
        scores(args.cache)
    elif args.command == "floor":
        floor(args.cache)
    elif args.command == "stage2-scores":
        stage2_scores(args.cache, args.out)
    elif args.command == "stage2-latency":
        stage2_latency()
    elif args.command == "stage2":
        stage2(args.cache, args.out)
    elif args.command == "measure":
        families = {f for f in args.demote.split(",") if f}
        measure(args.cache, families, args.step)
    return 0


if __name__ == "__main__":
    sys.exit(main())
