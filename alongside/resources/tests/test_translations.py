"""The resources Spanish catalogue is complete and compiled, and the pages use it."""

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
def test_the_search_and_the_to_do_list_are_in_spanish(client_for):
    client = client_for("member")
    client.cookies["django_language"] = "es"
    page = client.get(reverse("resources:search")).content.decode()
    assert "Buscar ayuda cerca" in page and "Recursos" in page  # the navigation link too
    assert "Mis pendientes" in client.get(reverse("resources:referrals")).content.decode()


@pytest.mark.django_db
def test_the_hand_off_figures_count_in_plain_words_with_a_right_plural(world, client_for):
    from datetime import timedelta

    from django.utils import timezone

    from alongside.resources import services

    services.send_hand_off(
        program=world.program, sender=world["clinician"], partner_name="Sam",
        pseudonym="plural-wren", setting="hospital",
        discharge_on=timezone.localdate() - timedelta(days=10), needs=[], consent_given=True,
        consent_text="Agreed.",
    )  # fmt: skip
    client = client_for("supervisor")
    page = client.get(reverse("resources:hand-offs")).content.decode()
    assert "counts 1 hand-off whose 7 days are over or who was reached." in page
    assert "1 hand-offs" not in page and "HEDIS" not in page
    assert "not an official quality measure" in page
    client.cookies["django_language"] = "es"
    spanish = client.get(reverse("resources:hand-offs")).content.decode()
    assert (
        "cuenta 1 traspaso cuyos 7 días" in spanish
        and "no una medida oficial de calidad" in spanish
    )


@pytest.mark.django_db
def test_the_places_hint_reads_naturally_in_spanish(client_for):
    client = client_for("member")
    client.cookies["django_language"] = "es"
    page = client.get(reverse("resources:search")).content.decode()
    assert "¿Qué lugares puedo buscar?" in page and "puedo escribir" not in page


@pytest.mark.django_db
def test_a_name_ending_in_a_full_stop_gets_no_second_one(world, client_for):
    world.program.name = "Harbor Peers Inc."
    world.program.save()
    page = client_for("clinician").get(reverse("resources:hand-off-new")).content.decode()
    assert "from Harbor Peers Inc. We will" in page and "Inc.." not in page
