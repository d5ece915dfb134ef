"""Calls in Chromium, against the live ASGI server: a video call between two browsers with fake camera
and microphone, ended by a hang-up into an encounter; a phone call logged in two taps on a phone."""

import pytest
from playwright.sync_api import expect

from alongside.calls.models import VideoCall
from alongside.calls.tests.factories import video_session
from alongside.common.testing.browser import CHROMIUM, CHROMIUM_ARGS, check_axe, sign_in_context
from alongside.records.models import Encounter, Modality, Source

pytestmark = pytest.mark.browser

# Chromium's own stand-ins for a camera (a moving test pattern) and a microphone (a beep), and no
# permission prompt: the two browsers send each other real media without devices.
FAKE_MEDIA = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]


@pytest.fixture(scope="module")
def browser(playwright):
    """This module's Chromium, with fake media devices (the shared fixture has none)."""
    launched = playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, *FAKE_MEDIA]
    )
    yield launched
    launched.close()


def _on_the_call(page):
    stage = page.locator("[data-call-stage]")
    expect(stage).to_have_attribute("data-connection", "connected", timeout=20_000)
    expect(stage).to_have_attribute("data-remote-video", "live", timeout=20_000)
    # Frames of the other browser's camera are being drawn: the remote video has a size.
    page.wait_for_function("document.getElementById('remote-video').videoWidth > 0", timeout=20_000)
    connection_state = page.evaluate(
        "document.querySelector('[data-call-stage]').dataset.connection"
    )
    assert connection_state == "connected"


def test_a_video_call_connects_and_its_hang_up_becomes_an_encounter(live_url, world, new_context):
    session = video_session(world)
    member = sign_in_context(new_context(axe=True), live_url, world["member"]).new_page()
    member.goto(f"{live_url}/sessions/{session.pk}/", timeout=30_000)
    member.get_by_role("link", name="Join the video call").click()
    expect(member.locator("#call-status")).to_contain_text("Waiting for")

    supporter = sign_in_context(new_context(phone=True), live_url, world["supporter"]).new_page()
    supporter.goto(f"{live_url}/calls/video/{session.pk}/", timeout=30_000)
    for page in (member, supporter):
        _on_the_call(page)
    expect(member.locator("#call-status")).to_contain_text("You are connected with")
    check_axe(member)

    # Camera off by choice: the other side is told in words.
    supporter.get_by_role("button", name="Camera off").click()
    expect(supporter.get_by_role("button", name="Camera off")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(member.locator("#call-notice")).to_contain_text("turned their camera off")
    # Keyboard: Tab from Mute reaches the camera button, then Hang up.
    supporter.get_by_role("button", name="Mute").focus()
    supporter.keyboard.press("Enter")
    expect(supporter.get_by_role("button", name="Mute")).to_have_attribute("aria-pressed", "true")
    supporter.keyboard.press("Tab")
    supporter.keyboard.press("Tab")
    expect(supporter.get_by_role("button", name="Hang up")).to_be_focused()
    supporter.keyboard.press("Enter")

    for page in (supporter, member):
        expect(page.locator("#call-status")).to_have_text("The call has ended. Thank you.")
    call = VideoCall.objects.get(session=session)
    encounter = Encounter.objects.get(source=Source.SESSION, source_id=str(session.pk))
    assert encounter.modality == Modality.VIDEO
    assert call.started_at is not None and call.ended_by == world["supporter"]
    assert (encounter.started_at, encounter.ended_at) == (call.started_at, call.ended_at)
    assert encounter.ended_at > encounter.started_at
    assert list(encounter.participants.all()) == [world["member"]]


def test_a_phone_call_logged_in_two_taps_on_a_phone(live_url, world, new_context):
    page = sign_in_context(
        new_context(phone=True, axe=True), live_url, world["supporter"]
    ).new_page()
    page.goto(f"{live_url}/people/{world['member'].pk}/")
    page.get_by_role("button", name="Call started: they called me").click()
    expect(page.get_by_role("button", name="Call ended")).to_be_visible()
    check_axe(page)
    page.get_by_role("button", name="Call ended").click()
    expect(page.get_by_text("It is in your record of contacts.")).to_be_visible()
    encounter = Encounter.objects.get(source=Source.CALL)
    assert encounter.modality == Modality.PHONE and encounter.ended_at > encounter.started_at
    assert list(encounter.participants.all()) == [world["member"]]
