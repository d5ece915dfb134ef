"""The compatibility score: hard constraints refuse, preferences add points with plain reasons."""

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from alongside.matching.compatibility import (
    BASE,
    LANGUAGE,
    Candidate,
    Need,
    compatibility,
    hours_of,
)
from alongside.matching.models import SLOTS, Trait, Want

AT = datetime(2026, 1, 15, 12, tzinfo=UTC)  # winter: New York is UTC-5, Madrid UTC+1


def fit(need, candidate):
    return compatibility(need, candidate, AT)


def test_a_plain_pair_scores_the_base():
    result = fit(Need(member_id=1), Candidate(supporter_id=2))
    assert result.feasible and result.score == BASE and result.reasons == ()


def test_reasons_are_plain_sentences():
    need = Need(
        member_id=1,
        languages=frozenset({"es"}),
        topics=frozenset({"bipolar"}),
        slots=("mon-evening", "tue-evening"),
        time_zone="America/New_York",
        modalities=frozenset({"video"}),
    )
    candidate = Candidate(
        supporter_id=2,
        languages=frozenset({"es", "en"}),
        lived_experience=frozenset({"bipolar"}),
        slots=("mon-evening", "tue-evening", "wed-evening"),
        time_zone="America/New_York",
        modalities=frozenset({"video"}),
    )
    assert [str(r) for r in fit(need, candidate).reasons] == [
        "speaks Spanish",
        "lived experience with bipolar",
        "meets by video",
        "free on weekday evenings",
    ]


def test_a_missing_must_have_refuses_and_a_nice_to_have_adds_points():
    need = Need(member_id=1, wants=((Trait.VETERAN, Want.MUST),))
    assert fit(need, Candidate(supporter_id=2)).refused == ("must:veteran",)
    assert fit(need, Candidate(supporter_id=2, is_veteran=True)).feasible
    nice = Need(member_id=1, wants=((Trait.LGBTQ, Want.NICE),))
    assert (
        fit(nice, Candidate(supporter_id=2, is_lgbtq=True)).score
        > fit(nice, Candidate(supporter_id=3)).score
    )


def test_capacity_blocks_and_required_language_refuse():
    assert "capacity" in fit(Need(member_id=1), Candidate(supporter_id=2, free=0)).refused
    assert (
        "block" in fit(Need(member_id=1, blocked=frozenset({2})), Candidate(supporter_id=2)).refused
    )
    spanish = Need(member_id=1, languages=frozenset({"es"}), language_required=True)
    assert (
        "language" in fit(spanish, Candidate(supporter_id=2, languages=frozenset({"en"}))).refused
    )
    preferred = Need(member_id=1, languages=frozenset({"es"}))
    speaks = fit(preferred, Candidate(supporter_id=2, languages=frozenset({"es"})))
    assert speaks.score == BASE + LANGUAGE


def test_availability_is_compared_across_time_zones():
    # 5–9 pm in New York is 11 pm–3 am in Madrid: a Madrid night slot overlaps, a morning does not.
    member = Need(member_id=1, slots=("mon-evening",), time_zone="America/New_York")
    night = Candidate(supporter_id=2, slots=("mon-night",), time_zone="Europe/Madrid")
    morning = Candidate(supporter_id=3, slots=("tue-morning",), time_zone="Europe/Madrid")
    assert fit(member, night).feasible
    assert fit(member, morning).refused == ("availability",)


def test_a_week_wraps_around_in_utc():
    hours = hours_of(("sun-night",), "Asia/Tokyo", AT)  # 21–24 Sunday in Tokyo is 12–15 Sunday UTC
    assert hours == frozenset(range(6 * 24 + 12, 6 * 24 + 15))


traits = st.sampled_from(Trait.values)
wants = st.dictionaries(traits, st.sampled_from(Want.values), max_size=3)
slots = st.lists(st.sampled_from(SLOTS), max_size=6, unique=True)
zones = st.sampled_from(["UTC", "America/New_York", "Europe/Madrid", "Asia/Kolkata"])


@given(
    wants=wants,
    need_slots=slots,
    cand_slots=slots,
    need_zone=zones,
    cand_zone=zones,
    lgbtq=st.booleans(),
    veteran=st.booleans(),
    free=st.integers(-1, 3),
)
def test_a_feasible_fit_never_violates_a_hard_constraint(
    wants, need_slots, cand_slots, need_zone, cand_zone, lgbtq, veteran, free
):
    need = Need(
        member_id=1,
        wants=tuple(wants.items()),
        slots=tuple(need_slots),
        time_zone=need_zone,
        topics=frozenset({"grief"}),
    )
    candidate = Candidate(
        supporter_id=2,
        is_lgbtq=lgbtq,
        is_veteran=veteran,
        free=free,
        slots=tuple(cand_slots),
        time_zone=cand_zone,
    )
    result = fit(need, candidate)
    if result.feasible:
        assert result.score >= BASE
        assert free > 0
        assert not (wants.get(Trait.LGBTQ) == Want.MUST and not lgbtq)
        assert not (wants.get(Trait.VETERAN) == Want.MUST and not veteran)
        assert wants.get(Trait.LIVED_EXPERIENCE) != Want.MUST  # the candidate shares no topic
        if need_slots and cand_slots:
            assert hours_of(tuple(need_slots), need_zone, AT) & hours_of(
                tuple(cand_slots), cand_zone, AT
            )
    else:
        assert result.score == 0
