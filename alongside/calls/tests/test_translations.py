"""The calls Spanish catalogue is complete and compiled, and the pages use it."""

from pathlib import Path

import pytest
from django.urls import reverse

from alongside.common.testing.translations import check_catalogue, uncatalogued

LC_MESSAGES = Path(__file__).resolve().parents[1] / "locale" / "es" / "LC_MESSAGES"


def test_the_spanish_catalogue_is_complete_and_compiled():
    check_catalogue(LC_MESSAGES)


def test_every_message_in_the_app_is_in_its_catalogue():
    assert uncatalogued(LC_MESSAGES.parents[2]) == [], (
        "run makemessages -l es in the app and translate"
    )


@pytest.mark.django_db
def test_the_two_taps_read_in_spanish(world, client_for):
    client = client_for("supporter")
    client.cookies["django_language"] = "es"
    page = client.get(reverse("accounts:person", args=[world["member"].pk])).content.decode()
    assert "Llamada empezada: yo llamé" in page
    assert "No te ha compartido un número de teléfono." in page
    assert ">Llamadas de teléfono</a>" in client.get(reverse("calls:phone")).content.decode()


@pytest.mark.django_db
def test_the_video_call_reads_in_spanish(world, client_for):
    from alongside.calls.tests.factories import video_session

    client = client_for("member")
    client.cookies["django_language"] = "es"
    page = client.get(reverse("calls:video", args=[video_session(world).pk])).content.decode()
    assert "No se graba nada." in page and ">Colgar</button>" in page
    assert "Esperando a que" in page  # call.js's words come in the page's language
