"""Scoring is table-tested at every band edge, and its invariants are checked with hypothesis."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alongside.outcomes import INCOMPLETE, SELF_HARM, score
from alongside.outcomes.scoring import SCALES


def answers_summing_to(total, items, high, low=0, item9=None):
    """Answers of `items` items between `low` and `high` that add up to `total`, filled from item 1;
    item 9 (PHQ-9) pinned when asked."""
    answers = [low] * items
    remaining = total - low * items
    if item9 is not None:
        answers[8] = item9
        remaining -= item9 - low
    for index in range(items):
        if item9 is not None and index == 8:
            continue
        step = min(high - low, remaining)
        answers[index] += step
        remaining -= step
    assert remaining == 0 and sum(answers) == total
    return answers


PHQ9_EDGES = [
    (0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"), (14, "moderate"),
    (15, "moderately severe"), (19, "moderately severe"), (20, "severe"), (27, "severe"),
]  # fmt: skip
GAD7_EDGES = [
    (0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"), (14, "moderate"),
    (15, "severe"), (21, "severe"),
]  # fmt: skip
# WHO-5: (raw sum, percentage, band)
WHO5_EDGES = [
    (0, 0, "likely depression"), (7, 28, "likely depression"), (8, 32, "poor well-being"),
    (12, 48, "poor well-being"), (13, 52, "good"), (25, 100, "good"),
]  # fmt: skip
BARC10_EDGES = [(10, "building"), (46, "building"), (47, "strong"), (60, "strong")]


@pytest.mark.parametrize(("total", "band"), PHQ9_EDGES)
def test_phq9_bands_at_every_edge(total, band):
    item9 = 0 if total <= 24 else 3  # 27 needs item 9 too
    result = score("phq9", answers_summing_to(total, 9, 3, item9=item9))
    assert (result.total, result.band) == (total, band)
    assert result.flags == ({SELF_HARM} if item9 else set())


@pytest.mark.parametrize(("total", "band"), GAD7_EDGES)
def test_gad7_bands_at_every_edge(total, band):
    result = score("gad7", answers_summing_to(total, 7, 3))
    assert (result.total, result.band, result.flags) == (total, band, set())
    assert result.is_positive_screen is (total >= 10)


@pytest.mark.parametrize(("raw", "percent", "band"), WHO5_EDGES)
def test_who5_total_is_the_percentage_and_bands_at_every_edge(raw, percent, band):
    answers = answers_summing_to(raw, 5, 5)
    result = score("who5", answers)
    assert (result.total, result.raw, result.band) == (percent, raw, band)
    assert result.offers_phq9 is (raw < 13 or min(answers) <= 1)


def test_who5_offers_the_phq9_when_any_item_is_0_or_1_even_with_a_good_total():
    assert score("who5", [5, 5, 5, 5, 1]).offers_phq9
    assert not score("who5", [5, 5, 5, 5, 2]).offers_phq9


@pytest.mark.parametrize(("total", "band"), BARC10_EDGES)
def test_barc10_bands_at_the_remission_edge(total, band):
    result = score("barc10", answers_summing_to(total, 10, 6, low=1))
    assert (result.total, result.band) == (total, band)


@pytest.mark.parametrize("item9", [1, 2, 3])
def test_phq9_item_9_above_zero_flags_self_harm_even_with_a_minimal_total(item9):
    result = score("phq9", [0] * 8 + [item9])
    assert result.band == "minimal"
    assert result.flags == {SELF_HARM}


def test_phq9_item_9_at_zero_raises_no_flag_even_at_the_top_of_the_scale():
    assert score("phq9", [3] * 8 + [0]).flags == set()


def test_a_skipped_answer_marks_the_set_incomplete_and_leaves_no_band():
    result = score("phq9", [3, 3, 3, None, 3, 3, 3, 3, 0])
    assert result.flags == {INCOMPLETE}
    assert result.band is None
    assert result.total == 21  # the sum of what was answered, never read as a band


def test_an_incomplete_phq9_still_flags_self_harm():
    assert score("phq9", [None] * 8 + [1]).flags == {INCOMPLETE, SELF_HARM}


@pytest.mark.parametrize(
    ("code", "answers", "item"),
    [
        ("phq9", [0] * 8, "item 9"),
        ("phq9", [0] * 10, "item 10"),
        ("phq9", [0, 0, 4, 0, 0, 0, 0, 0, 0], "item 3"),
        ("phq9", [0, 0, 0, 0, 0, 0, 0, 0, -1], "item 9"),
        ("gad7", [0] * 6 + [7], "item 7"),
        ("who5", [6, 0, 0, 0, 0], "item 1"),
        ("barc10", [0] + [1] * 9, "item 1"),
        ("barc10", [1] * 9 + [7], "item 10"),
        ("gad7", [0, 1.5, 0, 0, 0, 0, 0], "item 2"),
        ("gad7", [0, True, 0, 0, 0, 0, 0], "item 2"),
    ],
)
def test_wrong_length_or_out_of_range_raises_a_value_error_naming_the_item(code, answers, item):
    with pytest.raises(ValueError, match=rf"\b{item}\b"):
        score(code, answers)


def test_an_unknown_instrument_is_a_value_error():
    with pytest.raises(ValueError, match="nope"):
        score("nope", [])


def test_scoring_only_instruments_score_without_bands():
    hope = score("ahs", [8, 7, 1, 6, 1, 5, 1, 4, 3, 2, 1, 1])
    assert hope.subscales == {"pathways": 8 + 6 + 5 + 4, "agency": 7 + 3 + 2 + 1}
    assert hope.total == sum(hope.subscales.values()) and hope.band is None
    herth = score("hhi", [4, 4, 1, 4, 4, 1, 4, 4, 4, 4, 4, 4])  # items 3 and 6 reverse-scored
    assert herth.total == 48


def test_score_is_importable_from_the_package_after_django_setup():
    import alongside.outcomes

    assert alongside.outcomes.score("gad7", [0] * 7).band == "minimal"


def _answers(code, allow_none=False):
    scale = SCALES[code]
    value = st.integers(scale.low, scale.high)
    if allow_none:
        value = st.one_of(st.none(), value)
    return st.lists(value, min_size=scale.items, max_size=scale.items)


@given(st.sampled_from(["phq9", "gad7", "who5", "barc10"]).flatmap(
    lambda code: st.tuples(st.just(code), _answers(code))))  # fmt: skip
def test_complete_answers_always_get_a_band_and_a_total_in_range(case):
    code, answers = case
    result = score(code, answers)
    scale = SCALES[code]
    assert result.band is not None and INCOMPLETE not in result.flags
    assert result.total == sum(answers) * scale.multiplier
    assert scale.low * scale.items * scale.multiplier <= result.total
    assert result.total <= scale.high * scale.items * scale.multiplier


@given(_answers("phq9"), st.integers(0, 8), st.integers(0, 3))
def test_raising_one_phq9_answer_never_lowers_the_total_or_the_band(answers, index, raise_by):
    order = [band for band, _ in reversed(SCALES["phq9"].bands_from)]
    before = score("phq9", answers)
    raised = list(answers)
    raised[index] = min(3, raised[index] + raise_by)
    after = score("phq9", raised)
    assert after.total >= before.total
    assert order.index(after.band) >= order.index(before.band)


@given(_answers("phq9", allow_none=True))
def test_phq9_self_harm_flag_depends_only_on_item_9(answers):
    assert (SELF_HARM in score("phq9", answers).flags) is bool(answers[8])


@given(st.sampled_from(["phq9", "gad7", "who5", "barc10"]).flatmap(
    lambda code: st.tuples(st.just(code), _answers(code, allow_none=True))))  # fmt: skip
def test_any_skipped_answer_means_incomplete_and_no_band(case):
    code, answers = case
    result = score(code, answers)
    assert (INCOMPLETE in result.flags) is (None in answers)
    assert (result.band is None) is (None in answers)
