"""Trend chart labels stay readable on a phone and with larger text (issue 22), in Chromium."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from alongside.accounts.selectors import today_in
from alongside.common.testing.browser import check_axe, sign_in_context
from alongside.outcomes.models import CheckIn

pytestmark = pytest.mark.browser


def _smallest_label_px(page):
    """The height, as drawn on the screen, of the smallest axis label of the first chart."""
    return page.evaluate(
        """() => Math.min(...[...document.querySelectorAll('.chart .tick')].map(
            (label) => parseFloat(getComputedStyle(label).fontSize)
                * label.ownerSVGElement.getBoundingClientRect().width
                / label.ownerSVGElement.viewBox.baseVal.width))"""
    )


@pytest.mark.parametrize(("larger_text", "at_least"), [(False, 11.5), (True, 14.5)])
def test_axis_labels_are_readable_on_a_phone(live_url, world, new_context, larger_text, at_least):
    member = world["member"]
    member.profile.larger_text = larger_text
    member.profile.save(update_fields=["larger_text"])
    today = today_in(world.program)
    for days_ago, mood in ((20, 2), (10, 3), (1, 4)):
        CheckIn.objects.create(
            program=world.program,
            member=member,
            on=today - timedelta(days=days_ago),
            mood=mood,
            sleep=3,
            energy=mood,
        )
    page = sign_in_context(new_context(phone=True), live_url, member).new_page()
    page.goto(f"{live_url}/trends/")
    expect(page.locator(".chart .tick").first).to_be_visible()
    assert _smallest_label_px(page) >= at_least
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # The labels stay inside the chart: none is cut at its edges.
    inside = page.evaluate(
        """() => [...document.querySelectorAll('.chart .tick')].every((label) => {
            const box = label.getBoundingClientRect(), chart = label.ownerSVGElement.getBoundingClientRect();
            return box.left >= chart.left - 1 && box.right <= chart.right + 1
                && box.top >= chart.top - 1 && box.bottom <= chart.bottom + 1; })"""
    )
    assert inside
    check_axe(page)
