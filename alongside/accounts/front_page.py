"""The program's public front page: what the service is, how it works, who runs it, what it costs and how
privacy works, in the program's own words where it has written them and in ours where it has not."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from .models import Program

# Each section: its key, its heading, and the words a program starts with (it may write its own).
SECTIONS: list[tuple[str, Any, Any]] = [
    (
        "about",
        _("What this is"),
        _(
            "%(program)s is peer support: people who have lived through mental illness or addiction "
            "themselves, trained to walk alongside you. It is not therapy or medical care, and it is "
            "not an emergency service."
        ),
    ),
    (
        "how",
        _("How it works"),
        _(
            "Join with a pseudonym and a password; no real name is needed. Say what kind of peer you "
            "would like, choose from the people who fit best, and talk by chat, in groups or in the "
            "forums. You can also keep a wellness plan and a safety plan, and check in on how you are."
        ),
    ),
    (
        "who",
        _("Who runs it"),
        _(
            "%(program)s runs this service. Its peer supporters are trained, and a supervisor is on "
            "call while they work."
        ),
    ),
    ("cost", _("What it costs"), _("Nothing. Joining and talking are free.")),
    (
        "privacy",
        _("Your privacy"),
        _(
            "You use a pseudonym. Your plans, check-ins and notes are yours: nobody else sees them "
            "unless you choose to share them, and you can stop sharing at any time. Every time staff "
            "open a protected record, it is written in an access log. This site uses no tracking, no "
            "advertising and no outside services."
        ),
    ),
]
KEYS = [key for key, _heading, _words in SECTIONS]
LANGUAGES = ["en", "es"]
MAX_WORDS = 2000  # characters in one section


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    text: str
    is_own: bool  # the program's own words, not the default ones


def sections(program: Program | None, language: str) -> list[Section]:
    """The front page's sections in `language`: the program's own words where it has them."""
    own = (program.front_page or {}).get(language, {}) if program is not None else {}
    name = program.name if program is not None else "Alongside"
    found = []
    for key, heading, default in SECTIONS:
        words = str(own.get(key) or "").strip()
        found.append(
            Section(
                key=key,
                heading=str(heading),
                text=words or str(default) % {"program": name},
                is_own=bool(words),
            )
        )
    return found
