"""The moderation Spanish catalogue is complete and compiled, and the pages use it."""

from pathlib import Path

import pytest
from django.urls import reverse

from alongside.common.testing.translations import check_catalogue, uncatalogued
from alongside.conversations.services import start_conversation
from alongside.conversations.tests.factories import say_anyway

LC_MESSAGES = Path(__file__).resolve().parents[1] / "locale" / "es" / "LC_MESSAGES"


def test_the_spanish_catalogue_is_complete_and_compiled():
    check_catalogue(LC_MESSAGES)


def test_every_message_in_the_app_is_in_its_catalogue():
    assert uncatalogued(LC_MESSAGES.parents[2]) == [], (
        "run makemessages -l es in the app and translate"
    )


@pytest.mark.django_db
def test_reporting_reads_in_spanish_and_so_does_the_report_link(client_for, world):
    talk = start_conversation(member=world["member"], supporter=world["supporter"])
    message = say_anyway(talk, world["supporter"])
    client = client_for("member")
    client.cookies["django_language"] = "es"
    conversation = client.get(talk.get_absolute_url()).content.decode()
    assert "Reportar" in conversation and "Denunciar" not in conversation  # not the police's word
    page = client.get(reverse("moderation:report", args=["message", message.pk])).content.decode()
    assert "Cuéntanos qué pasa" in page and "Compartir datos de contacto" in page
    assert "Enviar el reporte" in page and "denunc" not in page.lower()


@pytest.mark.django_db
def test_the_moderators_link_and_queue_are_in_spanish(client_for):
    client = client_for("supervisor")
    client.cookies["django_language"] = "es"
    page = client.get(reverse("moderation:queue")).content.decode()
    assert "Reportes abiertos" in page and "Moderación" in page and "denunc" not in page.lower()


@pytest.mark.django_db
def test_a_name_ending_in_a_full_stop_gets_no_second_one(client_for, world):
    from alongside.safety.moderation import services

    world["member"].display_name = "Tomás T."
    world["member"].save()
    world["supporter"].display_name = "Ana R."
    world["supporter"].save()
    talk = start_conversation(member=world["member"], supporter=world["supporter"])
    message = say_anyway(talk, world["supporter"])
    services.report(
        reporter=world["member"], target_kind="message", target_id=message.pk,
        reason="contact_details",
    )  # fmt: skip
    queue = client_for("supervisor").get(reverse("moderation:queue")).content.decode()
    assert "About Ana R., reported by Tomás T.</p>" in queue and "T.." not in queue
    person = (
        client_for("member")
        .get(reverse("moderation:report", args=["person", world["supporter"].pk]))
        .content.decode()
    )
    assert "You are reporting Ana R.</p>" in person and "R.." not in person
