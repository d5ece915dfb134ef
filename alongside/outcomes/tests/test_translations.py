"""The outcomes Spanish catalogue is complete and compiled, and the pages use it."""

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
def test_the_check_in_is_in_spanish(client_for):
    client = client_for("member")
    client.cookies["django_language"] = "es"
    page = client.get(reverse("outcomes:check-in")).content.decode()
    for spanish in ("¿Cómo estás hoy?", "¿Cómo está tu ánimo hoy?", "Muy bien", "Registrar"):
        assert spanish in page, spanish
    assert "How are you today?" not in page


@pytest.mark.django_db
def test_members_see_gentle_questionnaire_names_not_clinical_titles(client_for, world):
    from alongside.outcomes import services

    services.record_response(member=world["member"], instrument="gad7", answers=[1] * 7)
    services.record_response(member=world["member"], instrument="who5", answers=[3] * 5)
    client = client_for("member")
    page = client.get(reverse("outcomes:questionnaires")).content.decode()
    for gentle in (
        "How your mood has been",
        "Worry and nerves",
        "Well-being",
        "Recovery strengths",
    ):
        assert gentle in page, gentle
    for clinical in ("Patient Health Questionnaire", "Generalized Anxiety Disorder", "GAD7", "WHO5",
                     "PHQ9", "Well-Being Index", "Recovery Capital"):  # fmt: skip
        assert clinical not in page, clinical
    client.cookies["django_language"] = "es"
    spanish = client.get(reverse("outcomes:questionnaires")).content.decode()
    for gentle in ("Cómo ha estado tu ánimo", "Preocupación y nervios", "Bienestar",
                   "Fortalezas para tu recuperación"):  # fmt: skip
        assert gentle in spanish, gentle
    for clinical in ("Trastorno de ansiedad", "Cuestionario sobre la salud del paciente", "Well-Being",
                     "Brief Assessment"):  # fmt: skip
        assert clinical not in spanish, clinical
    barc = client.get(reverse("outcomes:questionnaire", args=["barc10"])).content.decode()
    assert "<h1>Fortalezas para tu recuperación" in barc


@pytest.mark.django_db
def test_the_schedule_table_writes_codes_as_their_authors_do(client_for, world):
    from alongside.outcomes import services

    services.create_schedule(
        actor=world["admin"], instrument="who5", at_intake=True, every_days=None
    )
    page = client_for("admin").get(reverse("outcomes:schedules")).content.decode()
    assert "WHO-5" in page and "WHO5" not in page


@pytest.mark.django_db
def test_a_partly_answered_questionnaire_gets_no_score_and_a_kind_word(client_for, world):
    client = client_for("member")
    response = client.post(
        reverse("outcomes:questionnaire", args=["gad7"]),
        {"item_1": "2", "item_2": "2", "item_3": "2"},
    )
    page = client.get(response["Location"]).content.decode()
    assert "You skipped 4 questions, and that is completely fine." in page
    assert "there is no score this time" in page
    assert "score is 6" not in page and "worry score" not in page and ".." not in page
    client.cookies["django_language"] = "es"
    spanish = client.get(response["Location"]).content.decode()
    assert "Dejaste 4 preguntas sin responder, y no pasa nada." in spanish
    assert "esta vez no hay puntuación" in spanish and ".." not in spanish
