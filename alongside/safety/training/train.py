"""Train the crisis model and write the artefact the package ships.

    python -m alongside.safety.training.train \
        --data ../shared/data/reddit-cssrs/500_Reddit_users_posts_labels.csv

Data: the Reddit C-SSRS posts (Gaur et al., WWW '19, CC BY, DOI 10.5281/zenodo.2667859; user-level labels,
mapped to our levels by `REDDIT_LEVELS`) plus the short chat-style examples in `chat_examples.jsonl`.
The script prints only counts and figures, never the text of a post: the posts are real and distressing.
Training takes well under a minute on one core.
"""

import argparse
import ast
import csv
import gzip
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from ..features import BLOCKS
from ..lexicon import mask
from ..model import ARTEFACT, TARGETS

# C-SSRS user labels → our levels. The labels are per user, so they are weak labels for each post.
# Attempt is mapped to high, not concern: these users post on r/SuicideWatch about it, and the label
# sits at the top of the C-SSRS scale; whether an attempt is history or happening is the lexicon's call.
REDDIT_LEVELS = {
    "Supportive": "none",
    "Indicator": "concern",
    "Ideation": "high",
    "Behavior": "high",
    "Attempt": "high",
}
LEVEL_RANK = {"none": 0, "concern": 1, "high": 2, "imminent": 3}
CHAT_EXAMPLES = Path(__file__).with_name("chat_examples.jsonl")
REDDIT_WEIGHT = 0.25  # each post is long and its label is weak
CHAT_WEIGHT = 4.0
MAX_FEATURES = {"words": 20_000, "chars": 30_000}
C = 4.0
# The model alone may raise a text to concern or to high at these probabilities. With cross-validation
# they are chosen on the held-out chat examples: the lowest that raise at most this share of everyday
# (`none`) examples to concern, and of none+concern examples to high. Without it, these defaults stand.
THRESHOLDS = {"concern": 0.85, "high": 0.85}
MAX_RAISED = {"concern": 0.10, "high": 0.03}
GRID = [round(0.5 + 0.025 * i, 3) for i in range(19)]  # 0.5 … 0.95


@dataclass
class Example:
    text: str  # already masked
    level: str
    weight: float
    group: str  # the Reddit user, or "chat-<n>"; cross-validation never splits a user


def reddit_examples(path: Path) -> list[Example]:
    csv.field_size_limit(sys.maxsize)
    examples = []
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            level = REDDIT_LEVELS[row["Label"]]
            for post in _posts(row["Post"]):
                examples.append(Example(mask(post)[0], level, REDDIT_WEIGHT, row["User"]))
    return examples


def _posts(cell: str) -> list[str]:
    """The posts of one user; 28 cells are cut off mid-list, so those are split leniently."""
    try:
        posts = ast.literal_eval(cell)
    except (ValueError, SyntaxError):
        posts = cell.strip("[]").split("', '")
    return [p.strip(" '\"") for p in posts if p and p.strip(" '\"")]


def chat_examples(path: Path = CHAT_EXAMPLES) -> list[Example]:
    with path.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return [
        Example(mask(r["text"])[0], r["level"], CHAT_WEIGHT, f"chat-{i}")
        for i, r in enumerate(rows)
    ]


def targets(examples: list[Example]) -> dict[str, np.ndarray]:
    ranks = np.array([LEVEL_RANK[e.level] for e in examples])
    return {"concern": (ranks >= 1).astype(int), "high": (ranks >= 2).astype(int)}


def fit(
    examples: list[Example],
) -> tuple[dict[str, TfidfVectorizer], dict[str, LogisticRegression]]:
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
    models = {}
    for target, y in targets(examples).items():
        model = LogisticRegression(C=C, class_weight="balanced", max_iter=2000, solver="liblinear")
        models[target] = model.fit(matrix, y, sample_weight=weights)
    return vectorizers, models


def predict(
    vectorizers: dict[str, TfidfVectorizer], models: dict[str, LogisticRegression], texts: list[str]
) -> dict[str, np.ndarray]:
    matrix: csr_matrix = hstack([v.transform(texts) for v in vectorizers.values()]).tocsr()
    return {target: m.predict_proba(matrix)[:, 1] for target, m in models.items()}


def export(
    vectorizers: dict[str, TfidfVectorizer],
    models: dict[str, LogisticRegression],
    summary: dict[str, object],
) -> dict[str, object]:
    """The compact artefact: per block, features with (idf, weight for concern, weight for high)."""
    blocks, offset = {}, 0
    for name, vectorizer in vectorizers.items():
        features = vectorizer.get_feature_names_out().tolist()
        size = len(features)
        coefs = [models[t].coef_[0][offset : offset + size] for t in TARGETS]
        values = [
            [_round(i), _round(c), _round(h)]
            for i, c, h in zip(vectorizer.idf_, *coefs, strict=True)
        ]
        blocks[name] = {"features": features, "values": values}
        offset += size
    body = {
        "blocks": blocks,
        "intercepts": [_round(models[t].intercept_[0]) for t in TARGETS],
        "thresholds": THRESHOLDS,
    }
    digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:10]
    return {"version": f"tfidf-lr-{digest}", **body, "training": summary}


def _round(x: float) -> float:
    return float(f"{x:.5g}")


def cross_validate(reddit: list[Example], chat: list[Example]) -> dict[str, object]:
    """Held-out figures: Reddit users in 5 folds (scored per user), and chat examples in 5 folds."""
    users = sorted({e.group for e in reddit})
    user_fold = {u: i % 5 for i, u in enumerate(users)}
    user_scores: dict[str, list[float]] = {}
    user_level = {e.group: e.level for e in reddit}
    chat_high = np.zeros(len(chat))
    chat_concern = np.zeros(len(chat))
    for fold in range(5):
        train = [e for e in reddit if user_fold[e.group] != fold] + [
            c for i, c in enumerate(chat) if i % 5 != fold
        ]
        vectorizers, models = fit(train)
        held_reddit = [e for e in reddit if user_fold[e.group] == fold]
        held_chat = [i for i in range(len(chat)) if i % 5 == fold]
        p = predict(vectorizers, models, [e.text for e in held_reddit])
        for e, score in zip(held_reddit, p["high"], strict=True):
            user_scores.setdefault(e.group, []).append(float(score))
        p = predict(vectorizers, models, [chat[i].text for i in held_chat])
        chat_high[held_chat], chat_concern[held_chat] = p["high"], p["concern"]
        print(f"  fold {fold + 1}/5 done", flush=True)
    at_risk = np.array([LEVEL_RANK[user_level[u]] >= 2 for u in users])
    mean_score = np.array([np.mean(user_scores[u]) for u in users])
    chat_y = targets(chat)
    none_items = chat_y["concern"] == 0
    thresholds = {
        "concern": _lowest(GRID, chat_concern[none_items], MAX_RAISED["concern"]),
        "high": _lowest(GRID, chat_high[chat_y["high"] == 0], MAX_RAISED["high"]),
    }
    THRESHOLDS.update(thresholds)
    return {
        "thresholds": thresholds,
        "reddit_users_auc_at_risk": round(float(roc_auc_score(at_risk, mean_score)), 3),
        "reddit_users_accuracy_at_0.5": round(float(np.mean((mean_score >= 0.5) == at_risk)), 3),
        "chat_auc_high": round(float(roc_auc_score(chat_y["high"], chat_high)), 3),
        "chat_auc_concern": round(float(roc_auc_score(chat_y["concern"], chat_concern)), 3),
        "chat_recall_high_at_threshold": round(
            float(np.mean(chat_high[chat_y["high"] == 1] >= THRESHOLDS["high"])), 3
        ),
        "chat_none_raised_to_high": round(
            float(np.mean(chat_high[none_items] >= THRESHOLDS["high"])), 3
        ),
        "chat_none_raised_to_concern": round(
            float(np.mean(chat_concern[none_items] >= THRESHOLDS["concern"])), 3
        ),
    }


def _lowest(grid: list[float], scores: np.ndarray, max_share: float) -> float:
    """The lowest threshold at which at most `max_share` of `scores` reach it."""
    return next((t for t in grid if np.mean(scores >= t) <= max_share), grid[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--data", type=Path, required=True, help="500_Reddit_users_posts_labels.csv"
    )
    parser.add_argument("--out", type=Path, default=ARTEFACT)
    parser.add_argument("--skip-cv", action="store_true", help="skip the 5-fold figures (faster)")
    args = parser.parse_args(argv)

    reddit, chat = reddit_examples(args.data), chat_examples()
    counts = {level: sum(e.level == level for e in reddit) for level in LEVEL_RANK}
    print(f"Reddit: {len({e.group for e in reddit})} users, {len(reddit)} posts by level {counts}")
    print(f"Chat examples: {len(chat)}")
    summary: dict[str, object] = {
        "data": "Reddit C-SSRS (Gaur et al. 2019, CC BY, doi:10.5281/zenodo.2667859) + chat_examples.jsonl",
        "label_mapping": REDDIT_LEVELS,
        "reddit_posts": len(reddit),
        "chat_examples": len(chat),
        "reddit_weight": REDDIT_WEIGHT,
        "C": C,
    }
    if not args.skip_cv:
        print("Cross-validating (5 folds)…", flush=True)
        summary["cross_validation"] = cv = cross_validate(reddit, chat)
        print(json.dumps(cv, indent=2))
    vectorizers, models = fit(reddit + chat)
    artefact = export(vectorizers, models, summary)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(
        args.out, "wb", mtime=0
    ) as f:  # mtime=0: the same training gives the same bytes
        f.write(json.dumps(artefact, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    print(
        f"Wrote {args.out} ({args.out.stat().st_size // 1024} KiB), version {artefact['version']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
