"""The questionnaires people can fill in: shipped text from `content/instruments` (licences in
`content/NOTICES.md`), or text a program loaded itself, with plain-word names for scores and bands."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .scoring import SCALES

CONTENT = Path(__file__).resolve().parent / "content" / "instruments"

# Instruments Alongside scores but whose text a program must load itself (DOMAIN.md §4).
SCORING_ONLY: dict[str, Promise] = {
    "ahs": _("Adult Hope Scale"),
    "hhi": _("Herth Hope Index"),
    "ras_r": _("Recovery Assessment Scale, revised"),
}

# What each score measures, in plain words, for sentences like "your well-being score went from 36 to 52".
SCORE_NAMES: dict[str, Promise] = {
    "phq9": _("low-mood score"),
    "gad7": _("worry score"),
    "who5": _("well-being score"),
    "barc10": _("recovery resources score"),
    "ahs": _("hope score"),
    "hhi": _("hope score"),
    "ras_r": _("recovery score"),
}

# Bands in plain words: peers and members see these, never a diagnosis.
BAND_WORDS: dict[tuple[str, str], Promise] = {
    ("phq9", "minimal"): _("Few or no signs of low mood"),
    ("phq9", "mild"): _("Some signs of low mood"),
    ("phq9", "moderate"): _("A fair amount of low mood"),
    ("phq9", "moderately severe"): _("A lot of low mood"),
    ("phq9", "severe"): _("A great deal of low mood"),
    ("gad7", "minimal"): _("Few or no signs of worry"),
    ("gad7", "mild"): _("Some worry and tension"),
    ("gad7", "moderate"): _("A fair amount of worry and tension"),
    ("gad7", "severe"): _("A great deal of worry and tension"),
    ("who5", "likely depression"): _("Well-being is very low right now"),
    ("who5", "poor well-being"): _("Well-being is low right now"),
    ("who5", "good"): _("Well-being is good"),
    ("barc10", "strong"): _("Strong recovery resources"),
    ("barc10", "building"): _("Recovery resources still growing"),
}

# What each questionnaire is about, in plain words: the name members see (the code stays small beside it).
GENTLE_NAMES: dict[str, Promise] = {
    "phq9": _("How your mood has been"),
    "gad7": _("Worry and nerves"),
    "who5": _("Well-being"),
    "barc10": _("Recovery strengths"),
    "ahs": _("Hope for the future"),
    "hhi": _("Hope"),
    "ras_r": _("How recovery is going"),
}

# The short code, written the way the instrument's authors write it.
CODE_LABELS = {"phq9": "PHQ-9", "gad7": "GAD-7", "who5": "WHO-5", "barc10": "BARC-10", "ahs": "AHS",
               "hhi": "HHI", "ras_r": "RAS-R"}  # fmt: skip


def gentle_name(code: str) -> str:
    return str(GENTLE_NAMES.get(code, code_label(code)))


def code_label(code: str) -> str:
    return CODE_LABELS.get(code, code.upper())


# Whether a higher score is the better direction, for wording changes kindly.
HIGHER_IS_BETTER = {"phq9": False, "gad7": False, "who5": True, "barc10": True, "ahs": True,
                    "hhi": True, "ras_r": True}  # fmt: skip


@dataclass(frozen=True)
class Item:
    number: int
    link_id: str
    loinc: str
    text: str
    required: bool = False


@dataclass(frozen=True)
class Choice:
    value: int
    code: str
    text: str


@dataclass(frozen=True)
class Extra:
    """An unscored question asked after the items (PHQ-9's "how difficult")."""

    key: str
    loinc: str
    text: str
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class Instrument:
    code: str
    title: str
    name: str
    stem: str
    items: tuple[Item, ...]
    choices: tuple[Choice, ...]
    attribution: str
    language: str  # the language the text is in, which may differ from the page's
    panel_loinc: str = ""
    total_loinc: str = ""
    extra: Extra | None = None
    shipped: bool = True

    @property
    def gentle_name(self) -> str:
        return gentle_name(self.code)

    @property
    def code_label(self) -> str:
        return code_label(self.code)

    @property
    def score_name(self) -> str:
        return str(SCORE_NAMES.get(self.code, self.title))

    def answer_code(self, value: int | None) -> str:
        return next((c.code for c in self.choices if c.value == value), "")


@cache
def _shipped(code: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CONTENT / f"{code}.json").read_text(encoding="utf-8"))
    return data


def _pick(texts: dict[str, str], language: str) -> tuple[str, str]:
    """The text in `language` when shipped, else the English original, with the language used."""
    if language in texts:
        return texts[language], language
    return texts["en"], "en"


def _choices(rows: list[dict[str, Any]], language: str) -> tuple[Choice, ...]:
    return tuple(
        Choice(value=row["value"], code=row.get("code", ""), text=_pick(row["text"], language)[0])
        for row in rows
    )


def shipped_instrument(code: str, language: str) -> Instrument:
    data = _shipped(code)
    stem, used = _pick(data["stem"], language)
    required = set(data.get("required_items", []))
    extra = data.get("extra")
    return Instrument(
        code=code,
        title=_pick(data["title"], used)[0],
        name=_pick(data["name"], used)[0],
        stem=stem,
        items=tuple(
            Item(
                number=n,
                link_id=row["link_id"],
                loinc=row.get("loinc", ""),
                text=_pick(row["text"], used)[0],
                required=n in required,
            )
            for n, row in enumerate(data["items"], start=1)
        ),
        choices=_choices(data["choices"], used),
        attribution=_pick(data["attribution"], used)[0],
        language=used,
        panel_loinc=data.get("panel_loinc", ""),
        total_loinc=data.get("total_loinc", ""),
        extra=Extra(
            key=extra["key"],
            loinc=extra.get("loinc", ""),
            text=_pick(extra["text"], used)[0],
            choices=_choices(extra["choices"], used),
        )
        if extra
        else None,
    )


def loaded_instrument(code: str, content: dict[str, Any], language: str) -> Instrument:
    """An instrument from text a program loaded (see ProgramInstrumentText)."""
    scale = SCALES[code]
    items = content["items"]
    if len(items) != scale.items:
        raise ValueError(f"{code} needs {scale.items} items, the loaded text has {len(items)}.")
    return Instrument(
        code=code,
        title=content.get("title", str(SCORING_ONLY.get(code, code))),
        name=content.get("name", str(SCORING_ONLY.get(code, code))),
        stem=content.get("stem", ""),
        items=tuple(
            Item(number=n, link_id=str(row.get("link_id", n)), loinc=row.get("loinc", ""),
                 text=row["text"])
            for n, row in enumerate(items, start=1)
        ),
        choices=tuple(
            Choice(value=int(c["value"]), code=c.get("code", ""), text=c["text"])
            for c in content["choices"]
        ),
        attribution=content.get("attribution", ""),
        language=language,
        shipped=False,
    )  # fmt: skip


def band_words(code: str, band: str | None) -> str:
    """The band as a short phrase with no full stop (the page adds it), or why there is none."""
    if band is None:
        return str(_("Some questions were skipped, so there is no result this time"))
    return str(BAND_WORDS.get((code, band), band))
