"""The safety Spanish catalogue (escalation, crisis options, protocol) is complete and compiled, and
the pages use it. Moderation keeps its own catalogue in its own package."""

from pathlib import Path

import pytest
from django.urls import reverse

from alongside.common.testing.translations import check_catalogue, uncatalogued

APP = Path(__file__).resolve().parents[1]
LC_MESSAGES = APP / "locale" / "es" / "LC_MESSAGES"


def test_the_spanish_catalogue_is_complete_and_compiled():
    check_catalogue(LC_MESSAGES)


def test_every_message_in_the_app_is_in_its_catalogue():
    # Left out, as before: moderation (a catalogue of its own) and the boundary guard's words.
    leave_out = ("moderation", "boundaries.py")
    assert uncatalogued(APP, leave_out=leave_out) == [], (
        "run makemessages -l es on the app and translate"
    )


@pytest.mark.django_db
def test_the_crisis_options_and_the_dashboard_are_in_spanish(client_for, world):
    from alongside.conversations.services import start_conversation

    talk = start_conversation(member=world["member"], supporter=world["supporter"])
    member = client_for("member")
    member.cookies["django_language"] = "es"
    page = member.get(reverse("conversations:conversation", args=[talk.pk])).content.decode()
    assert "No tienes que pasar por esto a solas" in page and "Llamar al 988" in page
    supervisor = client_for("supervisor")
    supervisor.cookies["django_language"] = "es"
    page = supervisor.get(reverse("safety:dashboard")).content.decode()
    assert "Alertas abiertas, las más urgentes primero" in page
