"""The shipped model artefact, and that run-time scoring reproduces scikit-learn's."""

import gzip
import json

import numpy as np
import pytest

from alongside.safety.model import ARTEFACT, from_dict, load
from alongside.safety.training import train


def test_the_artefact_is_small_and_names_its_data_and_label_mapping():
    assert ARTEFACT.stat().st_size < 3 * 1024 * 1024
    with gzip.open(ARTEFACT, "rt", encoding="utf-8") as f:
        data = json.load(f)
    assert data["version"].startswith("tfidf-lr-")
    assert data["training"]["label_mapping"] == train.REDDIT_LEVELS
    assert "zenodo.2667859" in data["training"]["data"]
    assert 0.5 <= data["thresholds"]["concern"] < 1 and 0.5 <= data["thresholds"]["high"] < 1


def test_the_model_ranks_current_ideation_above_everyday_talk():
    model = load()
    assert model.score("i want to die").high > model.score("see you at group on tuesday").high


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
]


def test_run_time_scoring_matches_scikit_learn_on_a_toy_model():
    examples = [train.Example(text, level, 1.0, str(i)) for i, (text, level) in enumerate(TOY * 2)]
    vectorizers, models = train.fit(examples)
    model = from_dict(json.loads(json.dumps(train.export(vectorizers, models, {}))))
    probes = ["i want to die tonight", "see you at the meeting", "hopeless and empty", "zzz"]
    expected = train.predict(vectorizers, models, probes)
    ours = [model.score(p) for p in probes]
    assert np.allclose([s.concern for s in ours], expected["concern"], atol=1e-3)
    assert np.allclose([s.high for s in ours], expected["high"], atol=1e-3)


@pytest.mark.parametrize("level", ["none", "concern", "high", "imminent"])
def test_the_chat_examples_cover_every_level_in_both_languages(level):
    rows = [
        json.loads(line)
        for line in train.CHAT_EXAMPLES.read_text(encoding="utf-8").splitlines()
        if line
    ]
    assert {r["lang"] for r in rows if r["level"] == level} == {"en", "es"}
