"""The supporter's well-being check-in: five plain items of our own (not a licensed instrument), and
what a supervisor may read of a shared one: signals in words, never a score."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _

# Each item: the statement, and whether agreeing is the worrying side.
ITEMS = {
    "energy": (_("I have had enough energy for my work and my life."), False),
    "sleep": (_("I have been sleeping well enough."), False),
    "supported": (_("I have felt supported by my team."), False),
    "carrying": (_("I have felt I am carrying too much."), True),
    "restore": (_("I have had time for things that restore me."), False),
}

ANSWERS = [
    (0, _("Not at all")),
    (1, _("A little")),
    (2, _("Mostly")),
    (3, _("Completely")),
]

SIGNALS = {
    "energy": _("Said their energy has been low."),
    "sleep": _("Said they have not been sleeping well."),
    "supported": _("Said they have not felt supported."),
    "carrying": _("Said they feel they are carrying too much."),
    "restore": _("Said they have had little time for themselves."),
}


def signals_of(answers: Mapping[str, int]) -> list[str]:
    """The worrying answers of a check-in, in plain words."""
    found = []
    for code, (_statement, agreeing_worries) in ITEMS.items():
        value = answers.get(code)
        if value is None:
            continue
        if (value >= 2) if agreeing_worries else (value <= 1):
            found.append(str(SIGNALS[code]))
    return found
