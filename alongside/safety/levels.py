"""The four levels of an assessment, lowest first; `high` and above open an escalation."""

from enum import StrEnum


class Level(StrEnum):
    NONE = "none"
    CONCERN = "concern"
    HIGH = "high"
    IMMINENT = "imminent"

    @property
    def opens_escalation(self) -> bool:
        return self in (Level.HIGH, Level.IMMINENT)

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Level.NONE: 0, Level.CONCERN: 1, Level.HIGH: 2, Level.IMMINENT: 3}
