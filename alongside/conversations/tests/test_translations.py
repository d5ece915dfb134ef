"""The conversations app speaks Spanish too: its own catalogue is complete, compiled and used."""

import gettext
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from alongside.common.testing.translations import PLACEHOLDER, parse_po
from alongside.conversations.services import start_conversation
from alongside.conversations.tests.factories import say

LC_MESSAGES = Path(__file__).resolve().parent.parent / "locale" / "es" / "LC_MESSAGES"


def test_every_entry_is_translated_with_its_placeholders():
    entries = [e for e in parse_po(LC_MESSAGES / "django.po") if e.msgid]
    assert entries
    for entry in entries:
        assert entry.msgstr and all(text.strip() for text in entry.msgstr.values()), entry.msgid
        wanted = set(PLACEHOLDER.findall(entry.msgid + (entry.msgid_plural or "")))
        found = [set(PLACEHOLDER.findall(text)) for text in entry.msgstr.values()]
        # A singular may say "one" instead of the number; together the forms use every placeholder.
        assert all(f <= wanted for f in found) and set().union(*found) == wanted, entry.msgid


def test_the_compiled_catalogue_is_current():
    with (LC_MESSAGES / "django.mo").open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    for entry in parse_po(LC_MESSAGES / "django.po"):
        if entry.msgid and entry.msgid_plural is None:
            assert catalog.gettext(entry.msgid) == entry.msgstr[0], entry.msgid


@pytest.mark.django_db
def test_a_conversation_reads_in_spanish(client_for, world):
    conversation = start_conversation(member=world["member"], supporter=world["supporter"])
    say(conversation, world["supporter"], "Hola, ¿cómo estás?")
    client = client_for("member")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    page = client.get(
        reverse("conversations:conversation", args=[conversation.pk])
    ).content.decode()
    for spanish in (
        "Tu mensaje",
        "Enviar",
        "Todas las conversaciones",
        "Salir o pedir otra persona de apoyo",
    ):
        assert spanish in page
    listing = client.get(reverse("conversations:list")).content.decode()
    assert "Conversaciones" in listing
