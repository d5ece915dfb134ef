"""The scheduling Spanish catalogue is complete and compiled, and the pages use it."""

from pathlib import Path

import pytest
from django.urls import reverse

from alongside.common.testing.translations import check_catalogue, uncatalogued

from .factories import booked

LC_MESSAGES = Path(__file__).resolve().parents[1] / "locale" / "es" / "LC_MESSAGES"


def test_the_spanish_catalogue_is_complete_and_compiled():
    check_catalogue(LC_MESSAGES)


def test_every_message_in_the_app_is_in_its_catalogue():
    assert uncatalogued(LC_MESSAGES.parents[2]) == [], (
        "run makemessages -l es in the app and translate"
    )


@pytest.mark.django_db
def test_my_sessions_is_in_spanish(world, client_for):
    session = booked(world)
    client = client_for("member")
    client.cookies["django_language"] = "es"
    page = client.get(reverse("scheduling:mine")).content.decode()
    assert "Mis sesiones" in page and "Próximas" in page
    assert ">Mis sesiones</a>" in page  # the navigation link too
    page = client.get(session.get_absolute_url()).content.decode()
    assert "Cancelar la sesión" in page and "Sesión: En persona" in page
