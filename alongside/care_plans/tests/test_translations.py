"""The care_plans Spanish catalogue is complete and compiled, and the plan pages use it."""

import gettext
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from alongside.common.tests.test_translations import PLACEHOLDER, parse_po

LC_MESSAGES = Path(__file__).resolve().parents[1] / "locale" / "es" / "LC_MESSAGES"


def check_catalogue(lc_messages):
    entries = [e for e in parse_po(lc_messages / "django.po") if e.msgid]
    assert entries and not [e.msgid for e in entries if "fuzzy" in e.flags]
    assert not [e.msgid for e in entries if not all(s.strip() for s in e.msgstr.values())]
    for entry in entries:
        wanted = set(PLACEHOLDER.findall(entry.msgid + (entry.msgid_plural or "")))
        for text in entry.msgstr.values():
            assert set(PLACEHOLDER.findall(text)) == wanted, entry.msgid
    with (lc_messages / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in entries:
        if entry.msgid_plural is None:
            assert compiled.gettext(entry.msgid) == entry.msgstr[0], "run compilemessages"


def uncatalogued(app_dir):
    """Messages in the app's code and templates that its .po does not hold yet: makemessages is run on a
    copy of the app, so the committed catalogue is left as it is."""
    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext (xgettext) is not installed")
    committed = {e.msgid for e in parse_po(app_dir / "locale" / "es" / "LC_MESSAGES" / "django.po")}
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / app_dir.name
        shutil.copytree(app_dir, copy, ignore=shutil.ignore_patterns("__pycache__", "tests"))
        here = Path.cwd()
        os.chdir(copy)
        try:
            call_command("makemessages", locale=["es"], no_location=True, verbosity=0)
        finally:
            os.chdir(here)
        fresh = {e.msgid for e in parse_po(copy / "locale" / "es" / "LC_MESSAGES" / "django.po")}
    return sorted(fresh - committed)


def test_the_spanish_catalogue_is_complete_and_compiled():
    check_catalogue(LC_MESSAGES)


def test_every_message_in_the_app_is_in_its_catalogue():
    assert uncatalogued(LC_MESSAGES.parents[2]) == [], (
        "run makemessages -l es in the app and translate"
    )


@pytest.mark.django_db
def test_the_plan_pages_are_in_spanish(client_for):
    client = client_for("member")
    client.cookies["django_language"] = "es"
    page = client.get(reverse("care_plans:plan", args=["wrap"])).content.decode()
    for spanish in (
        "Plan de bienestar y recuperación",
        "Caja de herramientas de bienestar",
        "Plan para crisis",
        "Todo lo que escribes se guarda mientras escribes.",
    ):
        assert spanish in page, spanish
    assert "Wellness toolbox" not in page
    index = client.get(reverse("care_plans:index")).content.decode()
    assert "Mis planes" in index and "Mi plan de seguridad" in index
