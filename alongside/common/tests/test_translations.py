"""The Spanish catalogue is complete, compiled from the current .po, and actually used by the pages.

The .po is read by the test kit's `parse_po` (`common.testing.translations`).
"""

import gettext
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from alongside.accounts.models import Program
from alongside.common.testing.translations import PLACEHOLDER, Entry, parse_po

LC_MESSAGES = Path(settings.LOCALE_PATHS[0]) / "es" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
MO = LC_MESSAGES / "django.mo"


def _key(entry: Entry) -> str:
    return entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"


def _where(entry: Entry) -> str:
    return f"django.po:{entry.line} {entry.msgid[:60]!r}"


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    assert PO.is_file(), f"{PO} is missing: run makemessages -l es"
    found = parse_po(PO)
    assert len(found) > 100, "the Spanish catalogue looks truncated"
    return found


def test_every_spanish_entry_is_translated_and_none_is_fuzzy(entries: list[Entry]) -> None:
    header = next(e for e in entries if e.msgid == "")
    assert "fuzzy" not in header.flags, "the header is still marked fuzzy"
    assert "Language: es\n" in header.msgstr[0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.msgstr[0]

    messages = [e for e in entries if e.msgid != ""]
    fuzzy = [_where(e) for e in messages if "fuzzy" in e.flags]
    empty = [
        _where(e) for e in messages if not e.msgstr or any(not s.strip() for s in e.msgstr.values())
    ]
    assert not fuzzy, f"fuzzy entries: {fuzzy}"
    assert not empty, f"untranslated entries: {empty}"
    plural_short = [
        _where(e) for e in messages if e.msgid_plural is not None and set(e.msgstr) != {0, 1}
    ]
    assert not plural_short, f"plural entries need both Spanish forms: {plural_short}"


def test_translations_keep_their_placeholders(entries: list[Entry]) -> None:
    wrong = []
    for entry in entries:
        wanted = sorted(PLACEHOLDER.findall(entry.msgid + (entry.msgid_plural or "")))
        for text in entry.msgstr.values():
            if entry.msgid and sorted(set(PLACEHOLDER.findall(text))) != sorted(set(wanted)):
                wrong.append(_where(entry))
    assert not wrong, f"placeholders differ from the English: {wrong}"


def test_compiled_catalogue_matches_the_po(entries: list[Entry]) -> None:
    """The shipped .mo holds exactly the .po's messages and translations: not stale, not missing."""
    assert MO.is_file(), f"{MO} is missing: run compilemessages and commit the .mo"
    with MO.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]

    expected: dict[object, str] = {}
    for entry in entries:
        if entry.msgid == "" or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural is None:
            expected[_key(entry)] = entry.msgstr[0]
        else:
            expected.update({(_key(entry), n): text for n, text in entry.msgstr.items()})
    compiled = {key: value for key, value in catalog.items() if key != ""}

    missing = sorted(str(k) for k in expected.keys() - compiled.keys())
    extra = sorted(str(k) for k in compiled.keys() - expected.keys())
    changed = sorted(
        str(k) for k in expected.keys() & compiled.keys() if expected[k] != compiled[k]
    )
    hint = "the .mo is older than the .po: run compilemessages and commit django.mo"
    assert not missing, f"{hint}; missing from the .mo: {missing[:10]}"
    assert not extra, f"{hint}; only in the .mo: {extra[:10]}"
    assert not changed, f"{hint}; translated differently in the .mo: {changed[:10]}"


def _spanish_client() -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    return client


@pytest.mark.django_db
def test_sign_in_page_is_in_spanish() -> None:
    response = _spanish_client().get(reverse("accounts:sign-in"))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="es"' in page
    for spanish in (
        "Qué bueno verte de nuevo",
        "Iniciar sesión",
        "Seudónimo",
        "¿Es tu primera vez aquí?",
        "Únete con un seudónimo",
        "¿Necesitas ayuda ahora mismo?",
    ):
        assert spanish in page, spanish
    assert "Welcome back" not in page


@pytest.mark.django_db
def test_sign_up_page_is_in_spanish() -> None:
    Program.objects.create(name="Programa de prueba", slug="prueba")
    response = _spanish_client().get(reverse("accounts:sign-up"))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="es"' in page
    for spanish in (
        "Únete a Alongside",
        "Solo necesitas un seudónimo y una contraseña.",
        "¿Cómo quieres que te llamen? (opcional)",
        "Repite tu contraseña",
        "¿Ya tienes una cuenta?",
    ):
        assert spanish in page, spanish
    assert "Join Alongside" not in page


@pytest.mark.django_db
def test_english_stays_the_default() -> None:
    page = Client().get(reverse("accounts:sign-in")).content.decode()
    assert "Welcome back" in page
    assert "Qué bueno verte de nuevo" not in page


@pytest.mark.django_db
def test_one_english_word_with_two_meanings_gets_the_right_spanish(world, client_for) -> None:
    """The shell's catalogue wins over an app's: its "Read" (the access log's verb, "Leer") and
    "Sharing" (the page, "Compartir") carry a context, so the chat's read receipt says "Leído" and a
    consent that is in force says "Compartiendo"."""
    from django.utils import translation

    from alongside.accounts.choices import ConsentScope
    from alongside.accounts.services import grant_consent
    from alongside.conversations.services import mark_read, start_conversation
    from alongside.conversations.tests.factories import say

    talk = start_conversation(member=world["member"], supporter=world["supporter"])
    message = say(talk, world["member"], "Hola")
    mark_read(conversation_id=talk.pk, user=world["supporter"], seq=message.seq)
    client = client_for("member")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    page = client.get(talk.get_absolute_url()).content.decode()
    assert "data-state>Leído</p>" in page and ">Leer<" not in page
    with translation.override("es"):
        assert translation.pgettext("access log action", "Read") == "Leer"

    grant_consent(member=world["member"], grantee=world["supporter"], scope=ConsentScope.CHECK_INS)
    sharing = client.get(reverse("accounts:consent")).content.decode()
    assert "Compartiendo</td>" in sharing and "Compartir</td>" not in sharing


@pytest.mark.django_db
def test_a_new_supporters_home_page_says_it_warmly(world) -> None:
    from alongside.accounts.choices import Role
    from alongside.accounts.tests.factories import person
    from conftest import sign_in

    newcomer = person(world.program, Role.SUPPORTER, username="test-newcomer")
    page = sign_in(Client(), newcomer).get(reverse("accounts:home")).content.decode()
    assert "You are not supporting anyone yet." in page and "your caseload" not in page
    spanish = sign_in(_spanish_client(), newcomer).get(reverse("accounts:home")).content.decode()
    assert "Todavía no acompañas a nadie." in spanish
