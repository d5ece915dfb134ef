"""The staff side of a crisis in Chromium, against the live ASGI server (issue 14): the supporter's
open pages (the conversation, and another page of the app) are alerted live without a reload; the
supervisor's escalation page shows the words and the messages before them, and its link opens; the
dashboard lists `imminent` first; ending after an escalation asks for the follow-up. With Redis, the
supporter on a second server process is alerted too. Every name and word is synthetic."""

import os
import re
from datetime import timedelta
from uuid import uuid4

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from alongside.common.testing.browser import (
    ContextMaker,
    call_in_thread,
    check_axe,
    sign_in_context,
)
from alongside.common.testing.processes import Server
from alongside.conversations.services import send_message, start_conversation
from alongside.safety import services as safety
from alongside.safety.models import Escalation, FollowUp
from alongside.safety.tests.factories import CRISIS_WORDS

pytestmark = pytest.mark.browser

BEFORE = "It was a long week and I am so tired."
ALERT = re.compile(r"may need help now\.")


def _member_writes_a_crisis_message(page, live_url, conversation):
    page.goto(f"{live_url}/conversations/{conversation.pk}/")
    expect(page.locator("[data-connection]")).to_have_attribute("data-state", "live")
    box = page.get_by_label("Your message")
    box.fill(CRISIS_WORDS)
    box.press("Enter")
    expect(page.locator("[data-crisis-panel]")).to_be_visible()


def _live(page):
    """Wait until the page's safety socket is connected (safety/alerts.js)."""
    expect(page.locator("html")).to_have_attribute("data-safety-live", "true")


def test_a_crisis_message_alerts_the_supporters_open_pages_without_a_reload(
    live_url, world, new_context
):
    member, supporter = world["member"], world["supporter"]
    conversation = call_in_thread(start_conversation, member=member, supporter=supporter)
    staff = sign_in_context(new_context(axe=True), live_url, supporter)
    in_conversation = staff.new_page()
    in_conversation.goto(f"{live_url}/conversations/{conversation.pk}/")
    elsewhere = staff.new_page()  # another tab, on another page of the app
    elsewhere.goto(f"{live_url}/groups/")
    for page in (in_conversation, elsewhere):
        _live(page)
        expect(page.locator("[data-alert-region]")).to_be_empty()
    expect(in_conversation.locator("[data-protocol]")).to_be_hidden()
    title = elsewhere.title()

    writer = sign_in_context(new_context(), live_url, member).new_page()
    _member_writes_a_crisis_message(writer, live_url, conversation)

    # Both tabs: the alert region (role=alert) fills, the tab title counts it; no reload happened.
    for page in (in_conversation, elsewhere):
        region = page.get_by_role("alert").filter(has_text=ALERT)
        expect(region).to_contain_text(str(member))
        expect(region).to_contain_text("Danger now")
    expect(elsewhere).to_have_title(f"(1) Crisis alert — {title}")
    # Beside the conversation: the program's protocol, linked to the escalation.
    protocol = in_conversation.locator("[data-protocol]")
    expect(protocol).to_be_visible()
    escalation = Escalation.objects.get()
    expect(protocol.get_by_role("link", name="Open the escalation")).to_have_attribute(
        "href", escalation.get_absolute_url()
    )
    check_axe(elsewhere)

    # They say they have seen it, from the alert itself; the supervisor's timeline shows it.
    elsewhere.get_by_role("button", name=re.compile("^I have seen this")).click()
    expect(elsewhere.get_by_text("The supervisor can see that you are on it.")).to_be_visible()
    expect(elsewhere.locator("[data-alert-region]")).to_be_empty()
    assert escalation.events.filter(kind="seen", actor=supporter).exists()


def test_an_alert_that_was_not_delivered_live_is_on_the_next_page(live_url, world, new_context):
    member, supporter = world["member"], world["supporter"]
    conversation = call_in_thread(start_conversation, member=member, supporter=supporter)
    message = call_in_thread(
        send_message,
        conversation=conversation,
        sender=member,
        client_id=uuid4(),
        body=CRISIS_WORDS,
    )
    call_in_thread(safety.escalate_message, message.pk)  # nobody was connected
    context = sign_in_context(new_context(java_script_enabled=False), live_url, supporter)
    page = context.new_page()
    page.goto(f"{live_url}/account/")
    expect(page.get_by_role("alert")).to_contain_text(str(member))
    assert page.title().startswith("(1) Crisis alert — ")


def _crisis_with_history(world):
    member, supporter = world["member"], world["supporter"]
    conversation = start_conversation(member=member, supporter=supporter)
    send_message(conversation=conversation, sender=member, client_id=uuid4(), body=BEFORE)
    message = send_message(
        conversation=conversation, sender=member, client_id=uuid4(), body=CRISIS_WORDS
    )
    return safety.escalate_message(message.pk)


def test_the_supervisors_escalation_page_shows_the_words_and_its_link_opens(
    live_url, world, new_context
):
    escalation = call_in_thread(_crisis_with_history, world)
    page = sign_in_context(new_context(axe=True), live_url, world["supervisor"]).new_page()
    page.goto(f"{live_url}{escalation.get_absolute_url()}")
    expect(page.locator("[data-words]")).to_contain_text(CRISIS_WORDS)
    expect(page.locator("[data-before]")).to_contain_text(BEFORE)
    expect(page.locator("[data-reasons]")).not_to_be_empty()
    check_axe(page)
    page.locator("[data-source-link]").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Conversation with")
    expect(page.locator(".message.raised")).to_contain_text(CRISIS_WORDS)
    expect(page.get_by_text("You are reading this conversation because of")).to_be_visible()
    check_axe(page)


def _three_escalations(world):
    now = timezone.now()
    for person, source_id, level, minutes in (
        (world.other_member, 801, "high", 30),
        (world["member"], 802, "imminent", 1),
    ):
        safety.open_escalation(
            program=world.program,
            person=person,
            source_kind="conversation",
            source_id=source_id,
            level=level,
            reasons=["Current thoughts of suicide or of wanting to die."],
            now=now - timedelta(minutes=minutes),
        )


def test_the_dashboard_lists_imminent_first(live_url, world, new_context):
    call_in_thread(_three_escalations, world)
    page = sign_in_context(
        new_context(axe=True, phone=True), live_url, world["supervisor"]
    ).new_page()
    page.goto(f"{live_url}/safety/")
    cards = page.locator("[data-escalation]")
    expect(cards).to_have_count(2)
    expect(cards.first).to_contain_text("Danger now")
    expect(cards.nth(1)).to_contain_text("At risk")
    expect(page.get_by_role("navigation", name="Main")).to_contain_text("2 open escalations")
    check_axe(page)


def test_ending_after_an_escalation_asks_for_the_follow_up(live_url, world, new_context):
    escalation = call_in_thread(_crisis_with_history, world)
    page = sign_in_context(new_context(), live_url, world["supporter"]).new_page()
    page.goto(f"{live_url}/conversations/{escalation.source_id}/end/")
    expect(
        page.get_by_role("group", name="Before you end: how will you follow up?")
    ).to_be_visible()
    page.get_by_label("A closing note").fill("Take care of yourself this week.")
    page.get_by_role("button", name="Send the note and end the conversation").click()
    expect(page.locator(".form-errors")).to_contain_text("please agree how you will follow up")
    expect(page.get_by_label("A closing note")).to_have_value("Take care of yourself this week.")
    check_axe(page)
    page.get_by_label("I hand their care over to the supervisor").check()
    page.get_by_role("button", name="Send the note and end the conversation").click()
    # The end writes the note, the follow-up and an alert to the supervisor: slower on a busy machine.
    expect(page.get_by_text("The conversation has ended")).to_be_visible(timeout=15_000)
    assert FollowUp.objects.get().kind == "hand_over"


# --- the supporter on another server process (Redis) ------------------------------------------------------


@pytest.fixture
def second_server(live_url, tmp_path):
    """`alongside serve` in another process, on the same database and Redis as the live server."""
    server = Server(tmp_path, "second")
    try:
        server.wait_until_serving()
        yield server.url
    finally:
        server.stop()


@pytest.mark.skipif(
    not os.environ.get("ALONGSIDE_REDIS_URL"), reason="needs ALONGSIDE_REDIS_URL (Redis)"
)
def test_the_supporter_on_another_server_process_is_alerted_live(
    live_url, world, new_context, browser, second_server
):
    member, supporter = world["member"], world["supporter"]
    conversation = call_in_thread(start_conversation, member=member, supporter=supporter)
    # A context whose own origin is the second server (new_context's answers only the live server).
    elsewhere = ContextMaker(browser=browser, base_url=second_server)
    try:
        staff = sign_in_context(elsewhere(), second_server, supporter).new_page()
        staff.goto(f"{second_server}/groups/")
        _live(staff)
        writer = sign_in_context(new_context(), live_url, member).new_page()
        _member_writes_a_crisis_message(writer, live_url, conversation)
        expect(staff.get_by_role("alert").filter(has_text=ALERT)).to_contain_text(str(member))
    finally:
        elsewhere.close_all()
