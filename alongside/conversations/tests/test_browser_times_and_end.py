"""What the reviewer saw in Chromium: a message's time reads the same live and after a reload (the
person's own zone, Django's format for their language), and an ended conversation never says it is
connected."""

from datetime import UTC, datetime

import pytest
from django.utils import formats, translation
from django.utils.timezone import localtime
from playwright.sync_api import expect

from alongside.accounts.models import Profile
from alongside.common.testing.browser import call_in_thread, sign_in_context
from alongside.conversations import services
from alongside.conversations.services import start_conversation
from alongside.conversations.views import chat_strings

pytestmark = pytest.mark.browser

ZONE = (
    "Asia/Kolkata"  # half an hour off the hour, and far from the browser's zone and the program's
)


def _zone(user, name):
    Profile.objects.update_or_create(user=user, defaults={"time_zone": name})


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_live_message_shows_the_same_time_as_after_a_reload(
    live_url, world, new_context, language
):
    _zone(world["supporter"], ZONE)
    conversation = call_in_thread(
        start_conversation, member=world["member"], supporter=world["supporter"]
    )
    url = f"{live_url}/conversations/{conversation.pk}/"
    pages = {}
    for role in ("member", "supporter"):
        context = sign_in_context(
            new_context(timezone_id="America/Los_Angeles", locale="en-GB"), live_url, world[role]
        )
        context.add_cookies([{"name": "django_language", "value": language, "url": live_url}])
        page = context.new_page()
        page.goto(url)
        expect(page.locator("[data-connection]")).to_have_attribute("data-state", "live")
        pages[role] = page
    box = pages["member"].locator("textarea")
    box.fill("What time is it where you are?")
    box.press("Enter")
    live = pages["supporter"].locator(".message", has_text="What time is it").locator("time")
    expect(live).to_have_count(1)
    live_text = live.inner_text()
    message = conversation.messages.get()
    with translation.override(language):
        expected = formats.date_format(
            localtime(message.created_at, _tz(ZONE)), "SHORT_DATETIME_FORMAT"
        )
    assert live_text == expected
    pages["supporter"].reload()
    reloaded = pages["supporter"].locator(".message", has_text="What time is it").locator("time")
    expect(reloaded).to_have_text(live_text)


def _tz(name):
    import zoneinfo

    return zoneinfo.ZoneInfo(name)


@pytest.mark.parametrize("language", ["en", "es"])
def test_chat_js_writes_times_exactly_as_django_does(live_url, world, new_context, language):
    """The script's formatter against Django's own, at the awkward moments: midnight, noon, on the
    hour, a minute to midnight, across a date line."""
    moments = [
        datetime(2026, 11, 22, h, m, tzinfo=UTC)
        for h, m in [(18, 30), (6, 30), (18, 35), (3, 30), (4, 0), (23, 59), (0, 0), (12, 5)]
    ]
    with translation.override(language):
        strings = chat_strings()
        expected = [
            formats.date_format(localtime(moment, _tz(ZONE)), "SHORT_DATETIME_FORMAT")
            for moment in moments
        ]
    context = sign_in_context(
        new_context(timezone_id="America/Los_Angeles"), live_url, world["member"]
    )
    page = context.new_page()
    page.goto(f"{live_url}/conversations/")
    written = page.evaluate(
        """async ([moments, zone, strings]) => {
            const { djangoDate } = await import("/static/conversations/chat.js");
            return moments.map((m) => djangoDate(new Date(m), strings.time_format, zone, strings));
        }""",
        [[m.isoformat() for m in moments], ZONE, strings],
    )
    assert written == expected
    # The moments include midnight and noon in that zone.
    if language == "en":
        assert "midnight" in " ".join(written) and "noon" in " ".join(written)


def test_an_ended_conversation_says_it_has_ended_not_connected(live_url, world, new_context):
    conversation = call_in_thread(
        start_conversation, member=world["member"], supporter=world["supporter"]
    )
    url = f"{live_url}/conversations/{conversation.pk}/"
    page = sign_in_context(new_context(), live_url, world["member"]).new_page()
    page.goto(url)
    connection = page.locator("[data-connection]")
    expect(connection).to_have_attribute("data-state", "live")
    call_in_thread(
        services.end_conversation,
        conversation=conversation,
        supporter=world["supporter"],
        closing_note="Take care.",
    )
    expect(page.locator(".notice", has_text="This conversation has ended.")).to_be_visible()
    expect(connection).to_be_hidden()
    # After a reload: the same, and no connection is opened.
    sockets = []
    page.on("websocket", lambda socket: sockets.append(socket.url))
    page.reload(wait_until="load")  # chat.js, a module, has run by then
    expect(page.locator(".notice", has_text="This conversation has ended.")).to_be_visible()
    expect(page.locator("[data-chat]")).to_have_attribute("data-ended", "")
    expect(connection).to_be_hidden()
    assert sockets == []
