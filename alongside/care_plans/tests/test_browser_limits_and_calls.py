"""Plans never drop words and never show markup in a call button (issue 22), in Chromium."""

import pytest
from playwright.sync_api import expect

from alongside.care_plans.models import MAX_FIELD, Plan
from alongside.care_plans.services import save_plan_fields
from alongside.common.testing.browser import check_axe, sign_in_context

pytestmark = pytest.mark.browser


def test_a_long_wrap_answer_is_never_cut_and_says_why_it_is_not_saved(live_url, world, new_context):
    member = world["member"]
    page = sign_in_context(new_context(phone=True), live_url, member).new_page()
    page.goto(f"{live_url}/plans/wrap/")
    box = page.locator("#f-triggers-must-do")
    note = page.locator("#f-triggers-must-do-limit")
    expect(note).to_have_text("Up to 5,000 characters.")

    words = "Call my sister and go for a walk. " * 150  # 5,100 characters, pasted at once
    box.fill(words)
    expect(box).to_have_value(words)  # the browser's own limit would have kept the first 5,000
    expect(note).to_have_text(
        f"{len(words) - MAX_FIELD} characters too many. Please shorten it to save."
    )
    expect(page.locator("#save-status")).to_contain_text("too long")
    plan = Plan.objects.filter(member=member, kind="wrap").first()
    assert plan is None or not plan.value("triggers.must_do")  # nothing half-saved

    box.fill(words[: MAX_FIELD - 10])
    expect(note).to_have_text("10 characters left.")
    check_axe(page)


def test_a_contact_written_with_markup_calls_by_its_name(live_url, world, new_context):
    member = world["member"]
    save_plan_fields(
        member=member,
        kind="safety",
        values={"safety.helpers": "Aunt Rosa <b>555-0199</b>\nSam 555-0134"},
    )
    page = sign_in_context(new_context(phone=True), live_url, member).new_page()
    page.goto(f"{live_url}/plans/safety/")
    call = page.locator(".safety-card a.call[href='tel:5550199']")
    expect(call).to_have_text("Call Aunt Rosa")
    expect(page.locator(".safety-card")).not_to_contain_text("<b>")
    expect(page.locator(".safety-card a.call[href='tel:5550134']")).to_have_text("Call Sam")
