"""Sign-up when several programs take sign-ups, in Chromium against the live server: the person chooses
which program to join, by keyboard, in English and Spanish, and a missing choice is explained without
losing what was typed (issue 16, item 5)."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from alongside.accounts.models import User
from alongside.common.testing.browser import check_axe

pytestmark = pytest.mark.browser

PASSWORD_LABEL = re.compile(r"^Password:?$")  # not "Password again"


def test_a_new_member_chooses_the_program_to_join_by_keyboard(page, live_url, world):
    page.goto(f"{live_url}/account/sign-up/")
    choice = page.get_by_role("group", name="Which program would you like to join?")
    expect(choice.get_by_role("radio")).to_have_count(2)
    expect(choice.get_by_role("radio", checked=True)).to_have_count(0)
    check_axe(page)

    page.get_by_label("Pseudonym").fill("calm-wren")
    page.get_by_label(PASSWORD_LABEL).fill("lantern-over-still-water-7")
    page.get_by_label("Password again").fill("lantern-over-still-water-7")
    page.get_by_role("button", name="Join").click()

    # Refused with the reason beside the choice; what was typed stays.
    expect(choice.locator(".field-error[role=alert]")).to_have_text(
        "Please choose the program you would like to join."
    )
    expect(page.get_by_label("Pseudonym")).to_have_value("calm-wren")
    assert not User.objects.filter(username="calm-wren").exists()
    check_axe(page)

    # Keyboard only: focus the first program, arrow to the second, then submit with Enter.
    first, second = sorted([world.program, world.foreign_program], key=lambda p: p.name)
    page.get_by_label(first.name).focus()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label(second.name)).to_be_checked()
    page.get_by_label(PASSWORD_LABEL).fill("lantern-over-still-water-7")
    page.get_by_label("Password again").fill("lantern-over-still-water-7")
    page.get_by_label("Password again").press("Enter")

    expect(page).to_have_url(f"{live_url}/account/profile/")
    joined = User.objects.get(username="calm-wren")
    assert [m.program for m in joined.memberships.all()] == [second]


def test_the_choice_in_spanish(new_context, live_url, world):
    context = new_context(locale="es-ES")
    context.add_cookies([{"name": "django_language", "value": "es", "url": live_url}])
    page = context.new_page()
    page.goto(f"{live_url}/account/sign-up/")
    with translation.override("es"):
        legend = translation.gettext("Which program would you like to join?")
    assert legend != "Which program would you like to join?"
    choice = page.get_by_role("group", name=legend)
    expect(choice.get_by_role("radio")).to_have_count(2)
    page.locator("main button[type=submit]").click()
    expect(choice.locator(".field-error")).to_have_text(
        "Elige el programa al que te gustaría unirte."
    )
    check_axe(page)
