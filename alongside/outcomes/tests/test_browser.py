"""Journeys through check-ins and questionnaires: in Chromium, against the live ASGI server."""

import re
import time
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from alongside.accounts.selectors import today_in
from alongside.care_plans import services as plan_services
from alongside.common.testing.browser import check_axe, sign_in_context
from alongside.outcomes import selectors, services
from alongside.outcomes.models import CheckIn, SafetyFlag

pytestmark = pytest.mark.browser


def test_phq9_with_item_9_above_zero_shows_the_safety_plan_and_leaves_a_flag_for_the_on_call_supervisor(
    new_context, live_url, world
):
    member = world["member"]
    plan_services.save_plan_fields(
        member=member,
        kind="safety",
        values={"safety.helpers": "Sam 555-0134", "safety.worth_living_for": "My daughter Mia"},
    )
    page = sign_in_context(new_context(), live_url, member).new_page()
    page.goto(f"{live_url}/questionnaires/")
    page.get_by_role("link", name="How your mood has been").click()
    for number in range(1, 9):
        page.get_by_role("group", name=re.compile(rf"^{number}\. ")).get_by_label(
            "Not at all"
        ).check()
    page.get_by_role("group", name=re.compile(r"^9\. Thoughts")).get_by_label(
        "Several days"
    ).check()
    check_axe(page)
    page.get_by_role("button", name="Done").click()

    expect(page).to_have_url(re.compile(r"/plans/safety/\?from=questionnaire$"))
    expect(page.get_by_role("alert")).to_contain_text("You do not have to go through this alone.")
    expect(page.get_by_text("My daughter Mia").first).to_be_visible()
    expect(page.get_by_role("link", name="Call Sam").first).to_have_attribute("href", "tel:5550134")
    expect(page.get_by_role("link", name=re.compile(r"^Call 988")).first).to_be_visible()
    check_axe(page)

    # The escalation itself is the safety work's: it opened one from this flag for the on-call supervisor.
    flag = SafetyFlag.objects.get()
    assert (flag.member, flag.source, flag.level) == (member, "phq9_item9", "high")
    assert flag.handled_at is not None and not selectors.unhandled_safety_flags(world.program)


def test_a_member_checks_in_in_seconds_and_sees_a_trend_chart(new_context, live_url, world):
    member = world["member"]
    today = today_in(world.program)
    for days_ago, mood in ((6, 2), (4, 3), (2, 3), (1, 4)):
        CheckIn.objects.create(
            program=world.program,
            member=member,
            on=today - timedelta(days=days_ago),
            mood=mood,
            sleep=3,
            energy=mood,
        )
    page = sign_in_context(new_context(phone=True), live_url, member).new_page()
    page.goto(f"{live_url}/check-in/")
    started = time.monotonic()
    page.get_by_role("group", name="How is your mood today?").get_by_text(
        "Good", exact=True
    ).click()
    page.get_by_role("group", name="How did you sleep?").get_by_text("Okay", exact=True).click()
    page.get_by_role("group", name="How is your energy?").get_by_text("Some", exact=True).click()
    page.get_by_label("Anything you want to add? (optional)").fill("Saw a friend.")
    page.get_by_role("button", name="Check in").click()
    expect(page.locator(".messages")).to_contain_text("Thank you for checking in.")
    assert time.monotonic() - started < 20
    expect(page.get_by_text("You checked in on 5 days this week.")).to_be_visible()
    check_axe(page)

    page.get_by_role("link", name="See my trends").click()
    chart = page.get_by_role("img", name=re.compile("Mood, sleep and energy"))
    expect(chart).to_be_visible()
    expect(page.locator("polyline.line-mood")).to_have_count(1)
    table = page.get_by_role("table", name=re.compile("Check-ins"))
    expect(table.locator("tbody tr")).to_have_count(5)
    expect(page.locator("figcaption").first).to_contain_text("5 check-ins.")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, "no sideways scrolling"
    check_axe(page)


@pytest.mark.parametrize(
    "path",
    [
        "/plans/",
        "/plans/safety/",
        "/plans/wrap/",
        "/check-in/",
        "/trends/",
        "/questionnaires/phq9/",
    ],
)
def test_plan_and_check_in_pages_have_no_axe_violations_on_a_dark_phone(
    new_context, live_url, world, path
):
    member = world["member"]
    plan_services.save_plan_fields(
        member=member, kind="safety", values={"safety.helpers": "Sam 555-0134"}
    )
    for mood in (2, 4):
        services.record_check_in(member=member, mood=mood, sleep=3, energy=3)
    page = sign_in_context(
        new_context(phone=True, color_scheme="dark"), live_url, member
    ).new_page()
    page.goto(live_url + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, "no sideways scrolling"
    check_axe(page)
