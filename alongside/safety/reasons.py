"""Why the app raised an escalation, in the reader's language.

An escalation keeps its reasons as the detector wrote them, in English (the lexicon's and the model's
sentences, marked for the catalogue with `gettext_noop`), so each reader sees them in their own
language when the page is drawn, whatever language was active when it opened."""

from __future__ import annotations

import re

from django.utils.translation import gettext
from django.utils.translation import gettext as _

# outcomes writes this one with the answer in it (`outcomes.services`)
_PHQ9 = re.compile(r"^PHQ-9 item 9 answered (\d+)$")


def in_words(reason: str) -> str:
    """One stored reason in the active language (as stored when there is no translation)."""
    found = _PHQ9.match(reason)
    if found:
        return _("PHQ-9 item 9 (thoughts of being better off dead) answered %(answer)s") % {
            "answer": found[1]
        }
    return gettext(reason) if reason else reason


def lines_in_words(note: str) -> str:
    """An `opened` step's note (its reasons, one a line), in the active language."""
    return "\n".join(in_words(line) for line in note.split("\n"))
