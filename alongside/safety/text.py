"""Text normalisation shared by the lexicon, the model and its training script.

Both detectors see the same normalised text, so a rule written here changes them together: lower
case, accents folded ("suicidarme" matches "suicidárme"), typographic quotes made plain, long runs of
one letter shortened ("sooooo" → "soo"), and whitespace collapsed.
"""

import re
import unicodedata

_QUOTES = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u201c": '"', "\u201d": '"'}
)
_REPEATS = re.compile(r"(\w)\1{2,}")
_SPACES = re.compile(r"[^\S\n]+")
_BREAKS = re.compile(r"\s*\n\s*")
# Sentences end at . ! ? ; and line breaks; "..." and emoji runs do too.
_SENTENCE_END = re.compile(r"(?:[.!?;]+|\n+|\s[-–—]\s)")
# Clauses split on contrast, where the meaning of what follows can turn round ("not X, but Y").
_CLAUSE_BREAK = re.compile(
    r",?\s+\b(?:but|though|although|however|yet|pero|aunque|sino|sin embargo)\b\s*,?"
    r"|,\s*(?:and|y)\s+(?=i\b|yo\b|now\b|ahora\b)"
)
MAX_CHARS = 200_000  # the lexicon reads this much of a text; a long post is ~10,000


def fold(text: str) -> str:
    """Lower-case, strip accents and make quotes plain, keeping one character per character."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_QUOTES).lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise(text: str) -> str:
    """The form every detector sees."""
    folded = fold(text[:MAX_CHARS])
    return _BREAKS.sub("\n", _SPACES.sub(" ", _REPEATS.sub(r"\1\1", folded))).strip()


def sentences(normalised: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(normalised) if part.strip()]


def clauses(sentence: str) -> list[str]:
    return [part.strip() for part in _CLAUSE_BREAK.split(sentence) if part and part.strip()]
