"""Supervision in Chromium, against the live ASGI server: a supervisor logs a session that counts
toward the supporter's hours and only the two of them read its notes; an escalation the supporter
helped with is resolved on safety's page, the supporter (on a phone) is offered a debrief and accepts
it, and it stands first in the supervisor's case-review queue. Every name and word is synthetic."""

import pytest
from playwright.sync_api import expect

from alongside.common.testing.browser import call_in_thread, check_axe, sign_in_context
from alongside.safety.tests.factories import escalation_for
from alongside.supervision.models import ReviewItem, SupervisionSession

pytestmark = pytest.mark.browser

NOTES = "We talked about resting after long evenings on the warmline."


def test_a_session_counts_toward_hours_and_a_debrief_follows_a_resolved_escalation(
    live_url, world, new_context
):
    supporter = world["supporter"]
    supervisor_page = sign_in_context(
        new_context(axe=True), live_url, world["supervisor"]
    ).new_page()
    supporter_page = sign_in_context(
        new_context(axe=True, phone=True), live_url, supporter
    ).new_page()

    # The supervisor logs a one-to-one session from the menu.
    supervisor_page.goto(f"{live_url}/supervision/review/")
    supervisor_page.get_by_role("link", name="Supervision", exact=True).first.click()  # the menu
    expect(supervisor_page.get_by_role("heading", level=1)).to_have_text("Supervision")
    check_axe(supervisor_page)
    supervisor_page.get_by_role("link", name="Log a supervision session").click()
    expect(supervisor_page.get_by_role("heading", level=1)).to_have_text(
        "Log a supervision session"
    )
    supervisor_page.get_by_label(str(supporter)).check()
    supervisor_page.get_by_label("Length in minutes").fill("90")
    supervisor_page.get_by_label("Helps peers to manage crises").check()
    supervisor_page.get_by_label("Private reflective notes").fill(NOTES)
    check_axe(supervisor_page)
    supervisor_page.get_by_role("button", name="Log the session").click()
    expect(supervisor_page.get_by_text("counts toward their hours")).to_be_visible()
    logged = SupervisionSession.objects.get()
    assert (logged.minutes, logged.competencies) == (90, ["crises"])

    # The supporter sees the hours and reads the notes, on a phone.
    supporter_page.goto(f"{live_url}/supervision/")
    expect(supporter_page.locator("#supervised-hours")).to_have_text("1.50")
    supporter_page.get_by_role("link", name="One-to-one, 90 minutes").click()
    expect(supporter_page.get_by_role("heading", level=1)).to_have_text("Supervision session")
    expect(supporter_page.locator("#reflective-notes")).to_contain_text(NOTES)
    check_axe(supporter_page)

    # An escalation the supporter helped with is resolved on safety's page.
    escalation = call_in_thread(escalation_for, world["member"], world.program, supporter=supporter)
    supervisor_page.goto(f"{live_url}/safety/escalations/{escalation.pk}/")
    supervisor_page.get_by_label("Asked directly about suicide").check()
    supervisor_page.get_by_label("What happened, in a few words").fill("They are safe at home.")
    supervisor_page.get_by_role("button", name="Resolve the escalation").click()
    expect(supervisor_page.locator("[data-state]")).to_have_text("Resolved")

    # The supporter is offered a debrief and accepts it.
    supporter_page.goto(f"{live_url}/supervision/")
    offer = supporter_page.locator(f"#debrief-{ReviewItem.objects.get().pk}")
    expect(offer).to_contain_text("Would you like to talk it through with your supervisor?")
    check_axe(supporter_page)
    offer.get_by_role("button", name="Yes, let's talk it through").click()
    expect(supporter_page.get_by_text("Your supervisor will find a time")).to_be_visible()
    expect(supporter_page.locator("[id^=debrief-]")).to_have_count(0)

    # It waits first in the supervisor's case-review queue.
    supervisor_page.goto(f"{live_url}/supervision/review/")
    first = supervisor_page.locator("li[id^=review-]").first
    expect(first).to_contain_text(str(supporter))
    expect(first).to_contain_text("Asked for a debrief")
    check_axe(supervisor_page)
    assert ReviewItem.objects.get().debrief == "accepted"
