"""The matching journey in Chromium against the live ASGI server: intake, three peers with reasons,
a pick, the supporter's yes, and both in the same live conversation."""

import re

import pytest
from playwright.sync_api import expect

from alongside.accounts.tests.factories import PASSWORD
from alongside.common.testing.browser import check_axe, sign_in_page
from alongside.matching.models import SupporterProfile
from alongside.matching.tests.factories import EVENINGS, supporter

pytestmark = pytest.mark.browser


def test_a_new_member_finds_a_peer_who_accepts_and_they_land_in_a_conversation(
    new_context, live_url, world
):
    peer = world["supporter"]
    SupporterProfile.objects.create(
        user=peer,
        program=world.program,
        bio="Bipolar and twelve years well. I listen first.",
        languages=["en", "es"],
        lived_experience=["bipolar"],
        modalities=["chat"],
        availability=EVENINGS,
        time_zone="America/New_York",
        capacity=5,
    )
    for name in ("willow", "cedar", "heron", "maple"):
        supporter(world.program, name)
    member = world.other_member

    page = new_context().new_page()
    sign_in_page(page, live_url, member.username, PASSWORD)
    page.get_by_role("link", name="Find a peer").first.click()
    page.get_by_role("main").get_by_role("link", name="Find a peer").click()
    page.get_by_label("Bipolar").check()
    page.get_by_label("Spanish").check()
    page.get_by_label("Monday · Evening (5 to 9)").check()
    page.get_by_label("Tuesday · Evening (5 to 9)").check()
    page.get_by_label("Your time zone").select_option("America/New_York")
    page.get_by_role("button", name="Show me peers").click()

    cards = page.locator(".cards > .card")
    expect(cards).to_have_count(3)
    first = cards.first
    expect(first).to_contain_text(peer.display_name)
    for reason in ("speaks Spanish", "lived experience with bipolar", "free on weekday evenings"):
        expect(first).to_contain_text(reason)
    check_axe(page)
    first.get_by_role("button", name=re.compile("Choose")).click()
    expect(page.get_by_role("main")).to_contain_text(f"We have asked {peer.display_name}")

    supporter_page = new_context().new_page()
    sign_in_page(supporter_page, live_url, peer.username, PASSWORD)
    supporter_page.get_by_role("link", name="Offers").first.click()
    expect(supporter_page.get_by_role("main")).to_contain_text(member.display_name)
    check_axe(supporter_page)
    supporter_page.get_by_role("button", name="Accept").click()
    expect(supporter_page).to_have_url(re.compile(r"/conversations/\d+/"))
    conversation_url = supporter_page.url

    page.goto(conversation_url)
    for each in (page, supporter_page):
        expect(each.locator("[data-connection]")).to_have_attribute("data-state", "live")
    supporter_page.get_by_label("Your message").fill("Hola, I'm glad you reached out.")
    supporter_page.get_by_role("button", name="Send").click()
    expect(page.locator(".message", has_text="glad you reached out")).to_have_count(1)
