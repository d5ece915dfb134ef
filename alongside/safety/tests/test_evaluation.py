"""The evaluation targets on the shipped evaluation set; speed is the bench's business, not the tests'."""

import json
from collections import Counter

import pytest

from alongside.safety import assess
from alongside.safety.evaluation import evaluate, load_items
from alongside.safety.text import normalise
from alongside.safety.training.train import CHAT_EXAMPLES


@pytest.fixture(scope="module")
def figures():
    return evaluate(assess)[0]


def test_recall_of_high_and_imminent_is_at_least_95_percent(figures):
    assert figures["recall_high"] >= 0.95


def test_false_alarms_on_everyday_talk_are_at_most_5_percent(figures):
    assert figures["false_alarm_none"] <= 0.05


def test_most_imminent_items_are_assessed_imminent(figures):
    assert figures["recall_imminent"] >= 0.9


def test_every_level_is_mostly_assessed_as_itself(figures):
    assert {
        level: d["exact"] >= 0.85 for level, d in figures["per_level"].items()
    } == dict.fromkeys(["none", "concern", "high", "imminent"], True)


def test_the_set_covers_every_level_both_languages_and_the_hard_cases():
    items = load_items()
    assert len(items) >= 300
    assert len({i.id for i in items}) == len(items)
    by_level_and_lang = Counter((i.level, i.lang) for i in items)
    assert all(
        by_level_and_lang[(level, lang)] >= 15
        for level in ("none", "concern", "high", "imminent")
        for lang in ("en", "es")
    )
    tags = Counter(t for i in items for t in i.tags)
    for tag in (
        "idiom",
        "topic",
        "recovery",
        "negation",
        "third_person",
        "history",
        "passive",
        "plan",
        "act",
    ):
        assert tags[tag] >= 5, tag


def test_no_evaluation_text_is_also_a_training_example():
    with CHAT_EXAMPLES.open(encoding="utf-8") as f:
        training = {normalise(json.loads(line)["text"]) for line in f if line.strip()}
    overlap = [i.id for i in load_items() if normalise(i.text) in training]
    assert overlap == []
