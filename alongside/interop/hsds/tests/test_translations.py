"""The hsds Spanish catalogue is complete and compiled, and the settings page uses it."""

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
def test_the_settings_page_reads_in_spanish(world, client_for):
    client = client_for("admin")
    client.cookies["django_language"] = "es"
    page = client.get(reverse("hsds:settings")).content.decode()
    assert "Compartir el directorio (Open Referral)" in page
    assert "Cualquiera: el directorio es un dato abierto" in page
