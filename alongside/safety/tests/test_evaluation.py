"""The evaluation targets on the shipped evaluation set; speed is the bench's business, not the tests'."""

import json
from collections import Counter

import pytest

from alongside.safety import assess
from alongside.safety.evaluation import FROZEN2, LEVELS, evaluate, load_frozen, load_items
from alongside.safety.text import normalise
from alongside.safety.training import train
from alongside.safety.training.train import CHAT_EXAMPLES

DIMENSIONS = [
    *("wish_dead", "active_ideation", "method", "intent", "plan", "preparatory", "act_underway"),
    *("past_behaviour", "self_harm", "harm_to_others", "abuse", "command_hallucinations"),
    *("third_person", "hopeless", "relapse", "discharge", "idiom", "topic_talk", "recovery_news"),
    *("sarcasm_joke", "lyrics_quote", "everyday", "negation"),
]


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


# --- the frozen set (issue 13): three blind authors, never tuned on -------------------------------------

FROZEN_AUTHORS = {"evalA", "evalB", "evalC"}


@pytest.fixture(scope="module")
def frozen():
    return load_frozen()


def test_the_frozen_set_is_600_plus_messages_by_three_authors_in_both_languages(frozen):
    assert len(frozen) >= 600 and len({i.id for i in frozen}) == len(frozen)
    assert {i.author for i in frozen} == FROZEN_AUTHORS
    spanish = sum(i.lang == "es" for i in frozen) / len(frozen)
    assert 0.35 <= spanish <= 0.45
    cells = Counter((i.level, i.lang) for i in frozen)
    assert min(cells[(lv, lang)] for lv in LEVELS for lang in ("en", "es")) >= 40
    dimensions = Counter(t for i in frozen for t in i.tags)
    assert all(dimensions[d] >= 10 for d in DIMENSIONS), dimensions
    assert sum(bool(i.context) for i in frozen) >= 30


# Fourteen frozen items are short phrases that one of our first 354 seed examples (written before the
# frozen set, by another hand) also says word for word. The shipped model learned from them: at most
# these items flatter the frozen figures (docs/safety.md). No other overlap may creep in.
SEED_OVERLAP = {
    *("evalA-058", "evalA-133", "evalA-148", "evalA-175", "evalA-214", "evalB-075", "evalB-094"),
    *("evalB-180", "evalB-181", "evalB-201", "evalC-103", "evalC-117", "evalC-180", "evalC-203"),
}


def test_no_frozen_message_is_in_the_training_data(frozen):
    authored = {normalise(e.raw) for e in train.authored_examples() if e.raw}
    assert [i.id for i in frozen if normalise(i.text) in authored] == []
    with CHAT_EXAMPLES.open(encoding="utf-8") as f:
        seed = {normalise(json.loads(line)["text"]) for line in f if line.strip()}
    assert {i.id for i in frozen if normalise(i.text) in seed} == SEED_OVERLAP


def test_the_training_data_comes_from_other_authors_than_the_frozen_set():
    authors = {e.author for e in train.authored_examples()}
    assert len(authors) >= 9 and not authors & FROZEN_AUTHORS


@pytest.fixture(scope="module")
def frozen_figures(frozen):
    return evaluate(assess, frozen)[0]


def test_on_the_frozen_set_concern_is_caught_at_the_target(frozen_figures):
    assert frozen_figures["concern_caught"] >= 0.80


def test_on_the_frozen_set_crises_escalate_far_more_than_before(frozen_figures):
    # Floors against regression, well above the lexicon-first detector (0.397, 0.281; see
    # frozen/figures-before.json); the targets and today's figures are in the bench.
    assert frozen_figures["recall_high"] >= 0.90
    assert frozen_figures["recall_imminent"] >= 0.70
    assert frozen_figures["false_alarm_none"] <= 0.15


# --- the second frozen set: three more blind authors, written after the shipped model was built --------

FROZEN2_AUTHORS = {"evalD", "evalE", "evalF"}

# Three frozen2 items are short phrases one of our first seed examples also says word for word (as above);
# eight say what a first-set item says. Neither flatters a model trained only on the authored data.
SEED_OVERLAP_2 = {"evalD-216", "evalE-88", "evalF-074"}


@pytest.fixture(scope="module")
def frozen2():
    return load_frozen(FROZEN2)


def test_the_second_frozen_set_is_660_messages_by_three_other_authors(frozen2):
    assert len(frozen2) == 660 and len({i.id for i in frozen2}) == 660
    assert {i.author for i in frozen2} == FROZEN2_AUTHORS
    assert Counter(i.lang for i in frozen2) == {"en": 396, "es": 264}
    assert Counter(i.level for i in frozen2) == {
        "none": 210,
        "concern": 150,
        "high": 165,
        "imminent": 135,
    }
    dimensions = Counter(t for i in frozen2 for t in i.tags)
    assert all(dimensions[d] >= 10 for d in DIMENSIONS), dimensions
    assert sum(bool(i.context) for i in frozen2) >= 60


def test_no_second_frozen_message_is_in_the_training_data(frozen2):
    authored = {normalise(e.raw) for e in train.authored_examples() if e.raw}
    assert [i.id for i in frozen2 if normalise(i.text) in authored] == []
    with CHAT_EXAMPLES.open(encoding="utf-8") as f:
        seed = {normalise(json.loads(line)["text"]) for line in f if line.strip()}
    assert {i.id for i in frozen2 if normalise(i.text) in seed} == SEED_OVERLAP_2
    authors = {e.author for e in train.authored_examples()}
    assert not authors & FROZEN2_AUTHORS


def test_on_the_second_frozen_set_crises_escalate(frozen2):
    # A floor against regression (first figures: 0.940, 0.815, 0.947, 0.033; frozen2/figures-before.json).
    figures = evaluate(assess, frozen2)[0]
    assert figures["recall_high"] >= 0.90
    assert figures["recall_imminent"] >= 0.70
    assert figures["concern_caught"] >= 0.80
    assert figures["false_alarm_none"] <= 0.10
