"""Continuing-education hours against the state rules (DOMAIN.md §2), at the boundaries."""

from decimal import Decimal as D

import pytest

from alongside.training import ce

PA, TX = ce.RULES["PA"], ce.RULES["TX"]


@pytest.mark.parametrize(
    ("rule", "peer", "ethics", "elective", "missing"),
    [
        # Pennsylvania: 36 hours every two years, 24 peer and recovery, 3 ethics, 9 elective.
        (PA, "24", "3", "9", []),
        (PA, "23.75", "3", "9.25", [("peer", "0.25")]),
        (PA, "24", "2.75", "9.25", [("ethics", "0.25")]),
        (PA, "24", "3", "8.75", [("", "0.25")]),
        (PA, "30", "3", "3", []),  # extra peer hours count as elective
        (PA, "24", "12", "0", []),  # and so do extra ethics hours
        (PA, "0", "0", "36", [("peer", "24"), ("ethics", "3")]),
        (PA, "0", "0", "0", [("peer", "24"), ("ethics", "3"), ("", "36")]),
        # Texas: 20 hours every two years, 3 of them ethics.
        (TX, "17", "3", "0", []),
        (TX, "0", "3", "17", []),
        (TX, "16.5", "3", "0", [("", "0.5")]),
        (TX, "20", "0", "0", [("ethics", "3")]),
        (TX, "18", "2.5", "0", [("ethics", "0.5")]),
    ],
)
def test_hours_are_checked_against_the_state_rule(rule, peer, ethics, elective, missing):
    earned = {"peer": D(peer), "ethics": D(ethics), "elective": D(elective)}
    found = [(s.category, s.hours) for s in ce.shortfalls(rule, earned)]
    assert found == [(category, D(hours)) for category, hours in missing]


def test_the_presets_say_their_figures_and_sources():
    assert (PA.total, PA.years, dict(PA.minimum)) == (D(36), 2, {"peer": D(24), "ethics": D(3)})
    assert (TX.total, TX.years, dict(TX.minimum)) == (D(20), 2, {"ethics": D(3)})
    assert all(rule.source.startswith("http") for rule in ce.RULES.values())
