"""The forums Spanish catalogue is complete and compiled, and the pages use it."""

from pathlib import Path

import pytest
from django.urls import reverse

from alongside.common.testing.translations import check_catalogue, uncatalogued
from alongside.forums.tests.factories import thread_by

LC_MESSAGES = Path(__file__).resolve().parents[1] / "locale" / "es" / "LC_MESSAGES"


def test_the_spanish_catalogue_is_complete_and_compiled():
    check_catalogue(LC_MESSAGES)


def test_every_message_in_the_app_is_in_its_catalogue():
    assert uncatalogued(LC_MESSAGES.parents[2]) == [], (
        "run makemessages -l es in the app and translate"
    )


@pytest.mark.django_db
def test_a_thread_reads_in_spanish(world, client_for):
    thread = thread_by(world["member"], world.program, warnings=["grief"], anonymous=True)
    client = client_for("supporter")
    client.cookies["django_language"] = "es"
    page = client.get(reverse("forums:thread", args=[thread.pk])).content.decode()
    assert "Aviso de contenido: Muerte y duelo. Mostrar la publicación" in page
    assert "Anónimo" in page and "Te mando fuerza" in page
    assert ">Foros</a>" in page  # the navigation link too
