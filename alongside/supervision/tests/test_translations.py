"""The supervision Spanish catalogue is complete and compiled, and the pages use it."""

from pathlib import Path

import pytest
from django.urls import reverse

from alongside.common.testing.translations import check_catalogue, uncatalogued
from alongside.supervision.tests.factories import resolved_escalation

LC_MESSAGES = Path(__file__).resolve().parents[1] / "locale" / "es" / "LC_MESSAGES"


def test_the_spanish_catalogue_is_complete_and_compiled():
    check_catalogue(LC_MESSAGES)


def test_every_message_in_the_app_is_in_its_catalogue():
    assert uncatalogued(LC_MESSAGES.parents[2]) == [], (
        "run makemessages -l es in the app and translate"
    )


@pytest.mark.django_db
def test_the_supporters_page_and_the_check_in_are_in_spanish(world, client_for):
    resolved_escalation(world)
    client = client_for("supporter")
    client.cookies["django_language"] = "es"
    page = client.get(reverse("supervision:mine")).content.decode()
    for spanish in ("Mi supervisión", "Horas de supervisión", "Sí, hablémoslo"):
        assert spanish in page, spanish
    check_in = client.get(reverse("supervision:check-in")).content.decode()
    assert "He sentido que cargo con demasiado." in check_in
    assert "I have felt I am carrying too much." not in check_in
