"""The model's features, shared by training and run time so that both see exactly the same thing.

Two blocks, each weighted TF-IDF (sublinear tf, L2-normalised) like scikit-learn's `TfidfVectorizer`:
- words: unigrams and bigrams of the masked text ("want to", "to die", "me quiero");
- chars: 3- to 5-grams inside each word padded with spaces, which survive typos and Spanish endings.
"""

import re
from collections.abc import Callable

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|~")


def tokens(masked: str) -> list[str]:
    return _WORD.findall(masked)


def word_grams(toks: list[str]) -> list[str]:
    return toks + [f"{a} {b}" for a, b in zip(toks, toks[1:], strict=False)]


def char_grams(token: str) -> list[str]:
    padded = f" {token} "
    return [padded[i : i + n] for n in (3, 4, 5) for i in range(max(len(padded) - n + 1, 1))]


def words(masked: str) -> list[str]:
    return word_grams(tokens(masked))


def chars(masked: str) -> list[str]:
    return [gram for token in tokens(masked) for gram in char_grams(token)]


BLOCKS: dict[str, Callable[[str], list[str]]] = {"words": words, "chars": chars}
