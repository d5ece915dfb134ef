"""Gentle hints when clinical or blaming words creep into a peer note.

Peer notes are read by the person they are about, so they are written in everyday, strengths-based words
(DOMAIN.md §3). This is our own short list, not a standard: each entry is a pattern and a plainer way to
say it. A hint never blocks saving or signing; the supporter decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Hint:
    """A word found in the note and a plainer way to say it."""

    found: str
    suggestion: str | Promise


# (pattern, suggestion). Patterns match whole words, any case; English first, then Spanish.
_WORDS: tuple[tuple[str, str | Promise], ...] = (
    (r"non-?compliant|non-?compliance", _('say what they chose, e.g. "decided not to take it"')),
    (r"manipulative|manipulating", _("describe what happened and what they needed")),
    (r"refused|refuses", _('"chose not to" or "decided not to"')),
    (r"attention[- ]seeking", _('"reaching out for connection"')),
    (r"decompensat\w*", _('"having a harder time", and what you noticed')),
    (r"patients?", _('"person", or their name')),
    (r"resistant", _('"not ready yet" or "has other priorities"')),
    (r"in denial|lacks insight", _('"sees it differently"')),
    (r"suffers from|suffering from", _('"lives with"')),
    (r"addicts?|alcoholics?|junkies?", _('"person in recovery" or "person who uses"')),
    (r"frequent flyer", _('"comes often"')),
    (r"drug[- ]seeking", _('"asked for medication"')),
    (r"unmotivated", _("what they want to focus on instead")),
    (r"failed to", _('"did not yet"')),
    (r"clean|dirty", _('"not using" or "using"')),
    (r"schizophrenics?|psychotics?|bipolars?", _('"person living with …" (if they use that word)')),
    (r"pacientes?", _('"persona", o su nombre')),
    (r"se neg[óo]|rechaz[óo]", _('"eligió no" o "decidió no"')),
    (r"manipulador[a]?", _("cuenta lo que pasó y lo que necesitaba")),
    (r"incumplimiento|no cumple", _('di lo que eligió, p. ej. "decidió no tomarlo"')),
    (r"adictos?|adictas?", _('"persona en recuperación"')),
    (r"busca atención", _('"busca conexión"')),
)
_PATTERNS = [(re.compile(rf"\b(?:{p})\b", re.IGNORECASE), s) for p, s in _WORDS]


def hints_for(*texts: str) -> list[Hint]:
    """The hints for words found in any of `texts`, each word once, in the order of the list."""
    found: list[Hint] = []
    seen: set[str] = set()
    for pattern, suggestion in _PATTERNS:
        for text in texts:
            match = pattern.search(text or "")
            if match and match.group(0).lower() not in seen:
                seen.add(match.group(0).lower())
                found.append(Hint(found=match.group(0), suggestion=suggestion))
                break
    return found
