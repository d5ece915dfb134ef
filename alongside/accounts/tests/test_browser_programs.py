"""The Program switch in Chromium: found in the menu, used with the keyboard alone, axe-clean, phone-sized."""

import pytest
from playwright.sync_api import expect

from alongside.accounts.choices import Role
from alongside.accounts.models import Membership
from alongside.accounts.services import link_care_team
from alongside.accounts.tests.factories import person
from alongside.common.testing.browser import check_axe, sign_in_context

pytestmark = pytest.mark.browser


def test_a_person_in_two_programs_switches_with_the_keyboard_on_a_phone(
    new_context, live_url, world
):
    river = person(world.program, Role.MEMBER, username="river", display_name="River Both")
    Membership.objects.create(user=river, program=world.foreign_program, role=Role.SUPPORTER)
    birch = person(world.foreign_program, Role.MEMBER, display_name="Birch Elsewhere")
    link_care_team(program=world.foreign_program, member=birch, staff=river, role=Role.SUPPORTER)

    page = sign_in_context(new_context(phone=True), live_url, river).new_page()
    page.goto(f"{live_url}/")
    expect(page.get_by_role("heading", name="People you support")).to_have_count(0)

    menu = page.get_by_role("button", name="Menu")
    menu.focus()
    page.keyboard.press("Enter")  # the phone's menu opens
    choice = page.get_by_label("Program")
    expect(choice).to_be_visible()
    expect(choice).to_have_value(str(world.program.pk))
    check_axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, "no sideways scrolling"

    choice.focus()
    page.keyboard.press("ArrowDown")  # a native select: the arrow keys pick Elsewhere Peers
    expect(choice).to_have_value(str(world.foreign_program.pk))
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Switch program")).to_be_focused()
    page.keyboard.press("Enter")

    page.wait_for_url(f"{live_url}/")
    expect(page.locator(".messages")).to_contain_text("You are now in Elsewhere Peers.")
    expect(page.get_by_role("heading", name="People you support")).to_be_visible()
    expect(page.get_by_role("link", name="Birch Elsewhere")).to_be_visible()
    check_axe(page)
