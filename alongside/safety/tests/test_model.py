"""The shipped model artefact, and that run-time scoring reproduces scikit-learn's."""

import gzip
import json
import os
import subprocess
import sys

import numpy as np
import pytest

from alongside.safety.model import ARTEFACT, from_dict, load
from alongside.safety.training import train


def test_the_artefact_is_small_and_names_its_data_and_label_mapping():
    assert ARTEFACT.stat().st_size < 3 * 1024 * 1024
    with gzip.open(ARTEFACT, "rt", encoding="utf-8") as f:
        data = json.load(f)
    assert data["version"].startswith("tfidf-lr-")
    assert data["targets"] == ["concern", "high", "imminent", "spanish"]
    assert data["training"]["label_mapping"] == train.REDDIT_LEVELS
    assert "independent authors" in data["training"]["data"]
    assert len(data["training"]["authors"]) >= 6
    assert all(
        0 < data["thresholds"][lang][t] < 1
        for lang in ("en", "es")
        for t in ("concern", "high", "imminent")
    )
    # The thresholds were chosen on author-held-out scores, and the figures are recorded with them.
    assert data["training"]["author_held_out"]["all"]["n"] == data["training"]["authored"]


def test_the_model_ranks_current_ideation_above_everyday_talk():
    model = load()
    assert model.score("i want to die").high > model.score("see you at group on tuesday").high
    assert (
        model.score("i took all the pills an hour ago").imminent
        > model.score("i want to die").imminent
    )


TOY = [
    ("see you at the meeting", "none"),
    ("thanks for the call", "none"),
    ("the bus was late again", "none"),
    ("nice weather today", "none"),
    ("i feel hopeless", "concern"),
    ("nothing gets better", "concern"),
    ("i relapsed again", "concern"),
    ("i feel so empty", "concern"),
    ("i want to die", "high"),
    ("i wish i was dead", "high"),
    ("i want to end my life", "high"),
    ("i keep cutting myself", "high"),
    ("i took all the pills just now", "imminent"),
    ("tonight i end it, the rope is ready", "imminent"),
    ("me quiero morir", "high"),
    ("nos vemos en el grupo", "none"),
]
SPANISH = {"me quiero morir", "nos vemos en el grupo"}


def test_run_time_scoring_matches_scikit_learn_on_a_toy_model():
    examples = [
        train.Example(text, level, 1.0, str(i), lang="es" if text in SPANISH else "en")
        for i, (text, level) in enumerate(TOY * 2)
    ]
    fitted = train.fit(examples)
    model = from_dict(json.loads(json.dumps(train.export(fitted, train.default_thresholds(), {}))))
    probes = ["i want to die tonight", "see you at the meeting", "hopeless and empty", "zzz"]
    expected = train.predict(fitted, probes)
    ours = [model.score(p) for p in probes]
    for target in ("concern", "high", "imminent", "spanish"):
        assert np.allclose([getattr(s, target) for s in ours], expected[target], atol=1e-3)


@pytest.mark.parametrize("level", ["none", "concern", "high", "imminent"])
def test_the_chat_examples_cover_every_level_in_both_languages(level):
    rows = [
        json.loads(line)
        for line in train.CHAT_EXAMPLES.read_text(encoding="utf-8").splitlines()
        if line
    ]
    assert {r["lang"] for r in rows if r["level"] == level} == {"en", "es"}


def test_training_and_the_detector_run_without_django_settings():
    # `python -m alongside.safety.training.train` and the bench read the detector outside Django: marking
    # a reason for translation must not ask for settings.
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = (
        "import alongside.safety.training.train\n"
        "from alongside.safety import assess\n"
        "print(assess('nothing much, just tired').level)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() in {"none", "concern"}
