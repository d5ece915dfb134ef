"""The matching Spanish catalogue is complete and compiled, and the pages use it."""

from pathlib import Path

import pytest
from django.urls import reverse

from alongside.common.testing.translations import check_catalogue, uncatalogued
from alongside.matching.compatibility import Reason

LC_MESSAGES = Path(__file__).resolve().parents[1] / "locale" / "es" / "LC_MESSAGES"


def test_the_spanish_catalogue_is_complete_and_compiled():
    check_catalogue(LC_MESSAGES)


def test_every_message_in_the_app_is_in_its_catalogue():
    assert uncatalogued(LC_MESSAGES.parents[2]) == [], (
        "run makemessages -l es in the app and translate"
    )


def test_reasons_read_in_spanish():
    from django.utils import translation

    with translation.override("es"):
        assert str(Reason("time", "weekday:evening")) == "libre por las tardes entre semana"
        assert str(Reason("language", "es")) == "habla Español"


@pytest.mark.django_db
def test_the_intake_is_in_spanish(client_for):
    client = client_for("member")
    client.cookies["django_language"] = "es"
    page = client.get(reverse("matching:intake")).content.decode()
    assert "Busquemos a alguien que te entienda" in page
    assert "Encontrar un par" in page  # the navigation link too
