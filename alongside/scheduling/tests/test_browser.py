"""Session journeys in Chromium against the live ASGI server: a member in Madrid books a video call
from free times shown in their own zone (the supporter keeps New York hours), on a phone-sized
screen; a supporter books a visit to an appointment and, afterwards, marks it held with the times
filled in from the booking, which records the encounter."""

import zoneinfo
from datetime import UTC, datetime, time, timedelta

import pytest
from playwright.sync_api import expect

from alongside.accounts.tests.factories import PASSWORD
from alongside.common.testing.browser import (
    call_in_thread,
    check_axe,
    sign_in_context,
    sign_in_page,
)
from alongside.records.models import Encounter, Modality
from alongside.scheduling.models import SchedulingSettings, Session, Status

from .factories import set_zone, started, weekday_hours

pytestmark = pytest.mark.browser

MADRID = zoneinfo.ZoneInfo("Europe/Madrid")


def test_a_member_in_madrid_books_a_video_call_from_free_times_in_their_zone(
    new_context, live_url, world
):
    weekday_hours(world.program, world["supporter"], starts=time(9), ends=time(10))
    # No notice: the page offers the next 14 days from now, so there are 14 daily hours whatever the
    # time of day (with the default 12 hours' notice the window is 13.5 days: 13 or 14 by the hour).
    SchedulingSettings.objects.create(program=world.program, notice_hours=0)
    set_zone(world["member"], "Europe/Madrid")
    page = new_context(viewport={"width": 390, "height": 844}).new_page()  # a phone
    sign_in_page(page, live_url, world["member"].username, PASSWORD)
    page.get_by_role("button", name="Menu").click()  # folded away on a narrow screen
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My sessions").click()
    page.get_by_role("link", name="Book a session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Book a session")
    expect(page.get_by_role("main")).to_contain_text("Times are in your time zone, Europe/Madrid.")
    # 9 am in New York is 3 pm in Madrid (both on winter time in the next two weeks of December
    # 2026; the page would say 2 pm in the week they change a week apart).
    times = page.locator("fieldset label.choice")
    expect(times).to_have_count(14)  # one free hour a day, for two weeks
    for text in times.all_inner_texts():
        assert text.strip() == "15:00"
    first = times.first.get_by_role("radio")
    check_axe(page)
    first.check()
    page.get_by_role("radio", name="Video").check()
    page.get_by_role("button", name="Book this time").click()
    expect(page.get_by_role("main")).to_contain_text("Your session is booked.")
    expect(page.locator("#session-when")).to_contain_text("15:00")
    check_axe(page)
    session = call_in_thread(Session.objects.get)
    assert session.modality == Modality.VIDEO
    local = session.starts_at.astimezone(MADRID)
    assert (local.hour, session.starts_at.astimezone(UTC).hour) == (15, 14)


def test_a_supporter_books_a_visit_to_an_appointment_and_marks_it_held(
    new_context, live_url, world
):
    page = sign_in_context(new_context(), live_url, world["supporter"]).new_page()
    page.goto(f"{live_url}/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My week").click()
    page.get_by_role("link", name="Book or offer a session").click()
    expect(page.get_by_label("Who with")).to_be_visible()  # the form's page has loaded
    check_axe(page)
    zone = zoneinfo.ZoneInfo("America/New_York")
    day = datetime.now(zone).date() + timedelta(days=2)
    page.get_by_label("Who with").select_option(str(world["member"].pk))
    page.get_by_label("Time:", exact=True).fill(f"{day.isoformat()}T11:00")
    page.get_by_label("Length in minutes").fill("90")
    page.get_by_role("radio", name="Going along to an appointment").check()
    page.get_by_label("Where the appointment is (going along)").fill("Riverside Clinic")
    # Left out on purpose: what the appointment is for. The form says so and keeps what was typed.
    page.get_by_label("How you will both get there").fill("The number 4 bus")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("main")).to_contain_text(
        "Say what the appointment is for, in a few words."
    )
    expect(page.get_by_label("How you will both get there")).to_have_value("The number 4 bus")
    page.get_by_label("What the appointment is for, in a few words").fill("A check-up")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("main")).to_contain_text("The session is booked.")
    expect(page.locator("#session-when")).to_contain_text("11:00")

    # The visit happens (the clock moves past it), then the supporter marks it held.
    session = call_in_thread(lambda: started(Session.objects.get(), minutes_ago=120))
    page.reload()
    begin = session.starts_at.astimezone(zone)
    expect(page.get_by_label("Started at")).to_have_value(f"{begin:%Y-%m-%dT%H:%M}")
    check_axe(page)
    page.get_by_label("Ended at").fill(f"{begin + timedelta(minutes=80):%Y-%m-%dT%H:%M}")
    page.get_by_role("button", name="Mark as held").click()
    expect(page.get_by_role("main")).to_contain_text("Marked as held.")
    encounter = call_in_thread(Encounter.objects.get)
    assert (encounter.minutes, encounter.modality) == (80, Modality.ACCOMPANIMENT)
    assert call_in_thread(lambda: Session.objects.get().status) == Status.HELD
