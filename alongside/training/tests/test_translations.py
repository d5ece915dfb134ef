"""The training Spanish catalogue is complete and compiled, and the pages use it."""

from pathlib import Path

import pytest
from django.urls import reverse

from alongside.common.testing.translations import check_catalogue, uncatalogued
from alongside.training import services

LC_MESSAGES = Path(__file__).resolve().parents[1] / "locale" / "es" / "LC_MESSAGES"


def test_the_spanish_catalogue_is_complete_and_compiled():
    check_catalogue(LC_MESSAGES)


def test_every_message_in_the_app_is_in_its_catalogue():
    assert uncatalogued(LC_MESSAGES.parents[2]) == [], (
        "run makemessages -l es in the app and translate"
    )


@pytest.mark.django_db
def test_my_training_is_in_spanish_with_the_spanish_courses(world, client_for):
    services.install_starter_curriculum(program=world.program)
    client = client_for("supporter")
    client.cookies["django_language"] = "es"
    page = client.get(reverse("training:home")).content.decode()
    assert "Mi formación" in page and ">Formación</a>" in page
    assert "Límites y ética" in page and "Boundaries and ethics" not in page
    assert "completa: Límites y ética" in page
