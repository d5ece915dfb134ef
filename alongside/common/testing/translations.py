"""The translation test kit: read a .po file (by hand, no new dependency: enough of the format for what
makemessages writes), check an app's Spanish catalogue is complete and compiled (`check_catalogue`), and
find the messages in an app's code and templates that its catalogue does not hold yet (`uncatalogued`).
Every app's `tests/test_translations.py` calls these."""

from __future__ import annotations

import ast
import gettext
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.management import call_command

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@dataclass
class Entry:
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # index 0 for a singular entry
    flags: set[str] = field(default_factory=set)
    line: int = 0


def _unquote(text: str) -> str:
    """One quoted .po string ("..." with C escapes) as Python text."""
    value = ast.literal_eval(text.strip())
    assert isinstance(value, str)  # noqa: S101 (test kit)
    return value


def parse_po(path: Path) -> list[Entry]:
    """Every live entry of a .po file (obsolete #~ entries left out), the header ("" msgid) included."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int] | None = None  # which string a continuation line extends
    flags: set[str] = set()

    def start(number: int) -> Entry:
        nonlocal entry, flags
        if entry is None:
            entry = Entry(flags=flags, line=number)
            flags = set()
            entries.append(entry)
        return entry

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            entry, target, flags = None, None, set()
        elif line.startswith("#,"):
            entry, target = None, None
            flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            if entry is not None and entry.msgstr:  # a comment after a msgstr begins the next entry
                entry, target = None, None
        elif line.startswith('"'):
            assert entry is not None and target is not None, f"{path}:{number}: stray string"  # noqa: S101 (test kit)
            kind, index = target
            text = _unquote(line)
            if kind == "msgstr":
                entry.msgstr[index] += text
            else:
                setattr(entry, kind, (getattr(entry, kind) or "") + text)
        else:
            keyword, _, rest = line.partition(" ")
            if keyword in ("msgctxt", "msgid") and entry is not None and entry.msgstr:
                entry = None  # no blank line before this entry
            current = start(number)
            match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            if keyword in ("msgctxt", "msgid", "msgid_plural"):
                setattr(current, keyword, _unquote(rest))
                target = (keyword, 0)
            elif keyword == "msgstr" or match:
                index = int(match.group(1)) if match else 0
                current.msgstr[index] = _unquote(rest)
                target = ("msgstr", index)
            else:
                raise AssertionError(f"{path}:{number}: cannot read {raw!r}")
    return entries


def check_catalogue(lc_messages: Path) -> None:
    """Every entry of the app's .po is translated, none is fuzzy, each keeps the English placeholders,
    and the compiled .mo says the same."""
    entries = [e for e in parse_po(lc_messages / "django.po") if e.msgid]
    assert entries and not [e.msgid for e in entries if "fuzzy" in e.flags]  # noqa: S101 (test kit)
    assert not [e.msgid for e in entries if not all(s.strip() for s in e.msgstr.values())]  # noqa: S101 (test kit)
    for entry in entries:
        wanted = set(PLACEHOLDER.findall(entry.msgid + (entry.msgid_plural or "")))
        for text in entry.msgstr.values():
            assert set(PLACEHOLDER.findall(text)) == wanted, entry.msgid  # noqa: S101 (test kit)
    with (lc_messages / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in entries:
        if entry.msgid_plural is None:
            assert compiled.gettext(entry.msgid) == entry.msgstr[0], "run compilemessages"  # noqa: S101 (test kit)


def uncatalogued(app_dir: Path, *, leave_out: tuple[str, ...] = ()) -> list[str]:
    """Messages in the app's code and templates that its .po does not hold yet: makemessages is run on a
    copy of the app, so the committed catalogue is left as it is. `leave_out`: names (glob patterns) in
    the app whose messages another catalogue keeps."""
    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext (xgettext) is not installed")
    committed = {e.msgid for e in parse_po(app_dir / "locale" / "es" / "LC_MESSAGES" / "django.po")}
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / app_dir.name
        ignore = shutil.ignore_patterns("__pycache__", "tests", *leave_out)
        shutil.copytree(app_dir, copy, ignore=ignore)
        here = Path.cwd()
        os.chdir(copy)
        try:
            call_command("makemessages", locale=["es"], no_location=True, verbosity=0)
        finally:
            os.chdir(here)
        fresh = {e.msgid for e in parse_po(copy / "locale" / "es" / "LC_MESSAGES" / "django.po")}
    return sorted(fresh - committed)
