"""The notifications Spanish catalogue is complete and compiled."""

from pathlib import Path

from alongside.common.testing.translations import check_catalogue, uncatalogued

LC_MESSAGES = Path(__file__).resolve().parents[1] / "locale" / "es" / "LC_MESSAGES"


def test_the_spanish_catalogue_is_complete_and_compiled():
    check_catalogue(LC_MESSAGES)


def test_every_message_in_the_app_is_in_its_catalogue():
    assert uncatalogued(LC_MESSAGES.parents[2]) == [], (
        "run makemessages -l es in the app and translate"
    )
