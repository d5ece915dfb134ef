"""Continuing-education rules by state (DOMAIN.md §2) and the check of a supporter's hours against one.

Hours in a named category count first toward that category's minimum; whatever is left over, and the
elective hours, count toward the total. So Pennsylvania's 24 / 3 / 9 is met by 30 peer + 3 ethics + 3
elective, but not by 36 elective.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from .models import CECategory


@dataclass(frozen=True)
class Rule:
    """A state's renewal rule: `total` hours every `years`, with at least `minimum` in some categories."""

    key: str
    name: object  # lazily translated
    total: Decimal
    years: int
    minimum: Mapping[str, Decimal] = field(default_factory=dict)
    source: str = ""


RULES: dict[str, Rule] = {
    rule.key: rule
    for rule in [
        Rule(
            "PA",
            _(
                "Pennsylvania (PCB): 36 hours every 2 years, 24 peer and recovery, 3 ethics, 9 elective"
            ),
            Decimal(36),
            2,
            {CECategory.PEER: Decimal(24), CECategory.ETHICS: Decimal(3)},
            "https://papeersupportcoalition.org/education/continuing-education-requirements/",
        ),
        Rule(
            "TX",
            _("Texas (1 TAC ch. 354): 20 hours every 2 years, 3 of them ethics"),
            Decimal(20),
            2,
            {CECategory.ETHICS: Decimal(3)},
            "http://txrules.elaws.us/rule/title1_chapter354_sec.354.3207",
        ),
    ]
}


@dataclass(frozen=True)
class Shortfall:
    """Hours still to earn: in one category, or in all (category "")."""

    category: str
    hours: Decimal

    @property
    def label(self) -> str:
        return str(CECategory(self.category).label) if self.category else str(_("in all"))


def shortfalls(rule: Rule, earned: Mapping[str, Decimal]) -> list[Shortfall]:
    """What is still missing under `rule` for hours `earned` by category; empty when the rule is met."""
    missing = [
        Shortfall(category, needed - earned.get(category, Decimal(0)))
        for category, needed in rule.minimum.items()
        if earned.get(category, Decimal(0)) < needed
    ]
    total = sum(earned.values(), Decimal(0))
    if total < rule.total:
        missing.append(Shortfall("", rule.total - total))
    return missing
