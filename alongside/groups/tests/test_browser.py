"""The group journey in Chromium against the live ASGI server: a member finds a Spanish-language group,
joins, takes the calendar feed, opens the meeting's live room and is marked present; the facilitator
sees them, locks the room, pauses and then removes them, all enforced by the server."""

import re

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from alongside.accounts.tests.factories import PASSWORD
from alongside.common.testing.browser import (
    call_in_thread,
    check_axe,
    sign_in_context,
    sign_in_page,
)
from alongside.groups.models import Attendance, AttendanceHow, Meeting

from .factories import group_of, meeting_now

pytestmark = pytest.mark.browser


def test_a_member_joins_a_spanish_group_and_the_facilitator_runs_the_room(
    new_context, live_url, world
):
    group = group_of(
        world.program,
        name="Círculo de los martes",
        language="es",
        facilitators=[world["supporter"]],
    )
    group_of(world.program, name="English grief circle")
    meeting = meeting_now(group)
    member = world["member"]

    page = new_context().new_page()
    sign_in_page(page, live_url, member.username, PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Groups").click()
    # The footer's language menu is labelled "Language" too: be on the groups page before choosing.
    expect(page.get_by_role("heading", level=1)).to_have_text("Support groups")
    page.get_by_label("Language").first.select_option("es")
    page.get_by_role("button", name="Find groups").click()
    cards = page.locator(".group-cards > .card")
    expect(cards).to_have_count(1)
    check_axe(page)
    cards.get_by_role("link", name="Círculo de los martes").click()
    page.get_by_role("button", name="Join this group").click()
    expect(page.get_by_role("main")).to_contain_text("You have joined the group.")

    # The calendar feed: a secret address that parses back and lists the meetings.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Groups").click()
    page.get_by_role("link", name="Add your meetings to your calendar").click()
    page.get_by_role("button", name="Make my calendar address").click()
    feed_url = page.get_by_label("Your calendar address").input_value()
    calendar = Calendar.from_ical(page.request.get(feed_url).body())
    assert "Círculo de los martes" in {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}

    page.goto(f"{live_url}{group.get_absolute_url()}")
    page.get_by_role("link", name=re.compile(r"\d{2}:\d{2}")).first.click()
    page.get_by_role("button", name="Open the live room").click()
    expect(page).to_have_url(re.compile(r"/conversations/\d+/"))
    expect(page.locator("[data-connection]")).to_have_attribute("data-state", "live")
    attendance = call_in_thread(lambda: Attendance.objects.get(meeting=meeting, user=member))
    assert attendance.how == AttendanceHow.ROOM

    facilitator = sign_in_context(new_context(), live_url, world["supporter"]).new_page()
    facilitator.goto(f"{live_url}{meeting.get_absolute_url()}")
    in_room = facilitator.locator(".in-room")
    expect(in_room).to_contain_text(member.display_name)
    check_axe(facilitator)
    facilitator.get_by_role("button", name="Lock the room").click()
    expect(facilitator.get_by_role("button", name="Open the room to newcomers")).to_be_visible()
    # Heard live, in the group's language: the room's notices speak Spanish in a Spanish group.
    expect(page.locator(".message", has_text="nuevas llegadas")).to_have_count(1)
    assert call_in_thread(lambda: Meeting.objects.get(pk=meeting.pk).is_locked)

    facilitator.get_by_role("button", name=f"Pause {member.display_name} for 10 minutes").click()
    expect(in_room).to_contain_text("Paused")  # stored before the member tries to write
    page.get_by_label("Your message").fill("¿Puedo hablar?")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".message.is-failed")).to_contain_text("paused your messages")

    facilitator.get_by_role("button", name=f"Ask {member.display_name} to leave").click()
    expect(facilitator.locator(".in-room")).to_contain_text("Asked to leave")
    response = page.reload()
    assert response is not None and response.status == 404  # the room is gone for them
    left = call_in_thread(lambda: Attendance.objects.get(meeting=meeting, user=member))
    assert left.left_at is not None
