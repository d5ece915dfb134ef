"""The records Spanish catalogue is complete and compiled, and the pages use it."""

from pathlib import Path

import pytest
from django.urls import reverse

from alongside.common.testing.translations import check_catalogue, uncatalogued

from .factories import signed

LC_MESSAGES = Path(__file__).resolve().parents[1] / "locale" / "es" / "LC_MESSAGES"


def test_the_spanish_catalogue_is_complete_and_compiled():
    check_catalogue(LC_MESSAGES)


def test_every_message_in_the_app_is_in_its_catalogue():
    assert uncatalogued(LC_MESSAGES.parents[2]) == [], (
        "run makemessages -l es in the app and translate"
    )


@pytest.mark.django_db
def test_a_note_reads_in_spanish(world, client_for):
    note = signed(world)
    client = client_for("member")
    client.cookies["django_language"] = "es"
    page = client.get(reverse("records:note", args=[note.pk])).content.decode()
    assert "Lo que hicimos juntos" in page and "Agrega tus propias palabras" in page
    assert "45 minutos" in page
    assert ">Tus notas</a>" in page  # the menu link too
