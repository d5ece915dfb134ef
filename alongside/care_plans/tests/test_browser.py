"""Journeys through plans as people meet them: in Chromium, against the live ASGI server."""

import re
import time

import pytest
from playwright.sync_api import expect

from alongside.accounts.tests.factories import PASSWORD
from alongside.care_plans.models import Plan
from alongside.common.testing.browser import check_axe, sign_in_context, sign_in_page

pytestmark = pytest.mark.browser

TOOLBOX = "A walk by the river"
WHEN_WELL = "I laugh easily and cook for my friends"
SUPPORTERS = "Sam (sister) 555-0134"


def _saved(page):
    # Autosave waits for a pause in typing (700 ms), then posts; a loaded CI machine may need a while.
    expect(page.locator("#save-status")).to_contain_text("Saved at", timeout=15_000)


def test_a_member_builds_a_wrap_over_two_sessions_prints_it_and_shares_only_the_crisis_plan(
    new_context, live_url, world
):
    member, supporter = world["member"], world["supporter"]

    # First session: type into two sections; reload while still typing the second.
    first = new_context().new_page()
    sign_in_page(first, live_url, member.username, PASSWORD)
    first.get_by_role("link", name="My plans").click()
    first.get_by_role("link", name=re.compile("Wellness and recovery plan")).click()
    # Type only once the page has loaded: htmx and autosave.js (deferred scripts) listen for `input` from
    # DOMContentLoaded on, and a field filled before that, which a slow machine allows, is never saved.
    first.wait_for_url(f"{live_url}/plans/wrap/")  # waits for the load event
    first.get_by_label("Things that help me").fill(TOOLBOX)
    _saved(first)
    first.get_by_label("1. What I am like when I am well").press_sequentially(WHEN_WELL, delay=5)
    first.reload()  # mid-typing: the autosave pause has not passed yet
    expect(first.get_by_label("1. What I am like when I am well")).to_have_value(WHEN_WELL)
    expect(first.get_by_label("Things that help me")).to_have_value(TOOLBOX)
    check_axe(first)
    first.context.close()

    # Second session, another device: everything is there; add the people who help.
    second = new_context(phone=True).new_page()
    sign_in_page(second, live_url, member.username, PASSWORD)
    second.goto(f"{live_url}/plans/wrap/")
    expect(second.get_by_label("1. What I am like when I am well")).to_have_value(WHEN_WELL)
    second.get_by_label("3. People who I want to help me").fill(SUPPORTERS)
    _saved(second)
    plan = Plan.objects.get(member=member, kind="wrap")
    assert plan.value("crisis.when_well") == WHEN_WELL
    assert plan.value("crisis.supporters") == SUPPORTERS

    # Print: a clean page with the plan and nothing of the site around it.
    second.get_by_role("link", name="Print").click()
    second.emulate_media(media="print")
    expect(second.get_by_text(WHEN_WELL)).to_be_visible()
    expect(second.get_by_role("link", name=SUPPORTERS)).to_have_attribute("href", "tel:5550134")
    expect(second.locator(".site-header")).to_be_hidden()
    second.emulate_media(media="screen")

    # Share only the crisis plan with the peer supporter.
    second.goto(f"{live_url}/account/sharing/")
    second.get_by_label("Who may see it").select_option(label=str(supporter))
    second.get_by_label("What they may see").select_option("crisis_plan")
    second.get_by_role("button", name="Share", exact=True).click()
    expect(second.locator(".messages")).to_contain_text("Shared.")

    reader = sign_in_context(new_context(), live_url, supporter).new_page()
    reader.goto(f"{live_url}/plans/shared/")
    reader.get_by_role("link", name=str(member)).click()
    reader.get_by_role("link", name="Crisis plan").click()
    expect(reader.get_by_role("heading", level=1)).to_contain_text("Crisis plan")
    expect(reader.get_by_text(WHEN_WELL)).to_be_visible()
    expect(reader.get_by_text(TOOLBOX)).to_have_count(0)
    check_axe(reader)
    shared_url = reader.url

    # The member stops sharing; the supporter's next look finds nothing.
    second.get_by_role("button", name=re.compile("Stop sharing")).click()
    expect(second.locator(".messages")).to_contain_text("Stopped.")
    response = reader.goto(shared_url)
    assert response is not None and response.status == 404
    expect(reader.get_by_text(WHEN_WELL)).to_have_count(0)


def test_the_safety_plan_is_two_taps_away_with_one_tap_calls_on_a_phone(
    new_context, live_url, world
):
    member = world["member"]
    page = sign_in_context(new_context(phone=True), live_url, member).new_page()
    page.goto(f"{live_url}/plans/safety/")
    page.get_by_label("4. People I can ask for help").fill("Sam 555-0134")
    page.get_by_label("The one thing most worth living for").fill("My daughter Mia")
    _saved(page)

    page.goto(f"{live_url}/conversations/")  # anywhere
    page.get_by_role("link", name="My plans").click()  # one tap
    expect(page.get_by_text("My daughter Mia")).to_be_visible()
    expect(page.get_by_role("link", name="Call Sam")).to_have_attribute("href", "tel:5550134")
    expect(page.get_by_role("link", name=re.compile(r"^Call 988"))).to_have_attribute(
        "href", "tel:988"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, "no sideways scrolling"
    check_axe(page)


def _stored(member, key):
    plan = Plan.objects.filter(member=member, kind="wrap").first()
    return plan.value(key) if plan else ""


def test_words_typed_just_before_leaving_the_page_are_still_saved(new_context, live_url, world):
    member = world["member"]
    page = sign_in_context(new_context(), live_url, member).new_page()
    page.goto(f"{live_url}/plans/wrap/")
    page.get_by_label("My early warning signs").press_sequentially("Skipping breakfast", delay=5)
    page.goto(f"{live_url}/plans/")  # before the autosave pause: the page-close beacon carries it
    expect(page.get_by_role("heading", level=1)).to_have_text("My plans")
    # A beacon has no response the page can wait for: check the database, for five seconds at most.
    deadline = time.monotonic() + 5
    while (
        _stored(member, "warning_signs.list") != "Skipping breakfast"
        and time.monotonic() < deadline
    ):
        page.wait_for_timeout(50)
    assert _stored(member, "warning_signs.list") == "Skipping breakfast"


def test_words_typed_while_offline_are_kept_and_saved_when_back_online(
    new_context, live_url, world
):
    member = world["member"]
    page = sign_in_context(new_context(), live_url, member).new_page()
    page.goto(f"{live_url}/plans/wrap/")
    page.context.set_offline(True)
    page.get_by_label("Things I need to do every day").fill("Water the plants")
    expect(page.locator("#save-status")).to_contain_text("you seem to be offline")
    assert _stored(member, "daily.every_day") == ""
    page.context.set_offline(False)
    _saved(page)
    assert _stored(member, "daily.every_day") == "Water the plants"
