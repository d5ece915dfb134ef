"""A conversation opens at its newest message, on a phone too; new messages keep the reader there,
unless they scrolled up to read, when a "New messages" button takes them down (Chromium)."""

from uuid import uuid4

import pytest
from playwright.sync_api import expect

from alongside.common.testing.browser import call_in_thread, check_axe, sign_in_context
from alongside.conversations.services import send_message, start_conversation

pytestmark = pytest.mark.browser


def _history(conversation, member, supporter, count):
    for n in range(1, count + 1):
        send_message(
            conversation=conversation,
            sender=member if n % 2 else supporter,
            client_id=uuid4(),
            body=f"Earlier message number {n}.",
        )


def _write(conversation, sender, words):
    call_in_thread(
        send_message, conversation=conversation, sender=sender, client_id=uuid4(), body=words
    )


def _open_on_a_phone(new_context, live_url, user, conversation):
    page = sign_in_context(new_context(phone=True), live_url, user).new_page()
    page.goto(f"{live_url}/conversations/{conversation.pk}/")
    expect(page.locator("[data-connection]")).to_have_attribute("data-state", "live")
    return page


@pytest.fixture
def long_talk(world):
    conversation = call_in_thread(
        start_conversation, member=world["member"], supporter=world["supporter"]
    )
    call_in_thread(_history, conversation, world["member"], world["supporter"], 30)
    return conversation


def test_a_conversation_opens_at_its_newest_message_on_a_phone(
    long_talk, world, live_url, new_context
):
    page = _open_on_a_phone(new_context, live_url, world["member"], long_talk)
    expect(page.locator(".message", has_text="number 30.")).to_be_in_viewport()
    expect(page.get_by_label("Your message")).to_be_in_viewport()
    expect(page.locator(".message", has_text="number 1.")).not_to_be_in_viewport()
    assert page.evaluate("window.scrollY") > 0  # older history is above

    # At the newest message, a new one keeps the view with it, and no button is needed.
    _write(long_talk, world["supporter"], "Still here with you.")
    expect(page.locator(".message", has_text="Still here with you.")).to_be_in_viewport()
    expect(page.get_by_role("button", name="New messages")).to_be_hidden()
    check_axe(page)


def test_a_reader_who_scrolled_up_gets_a_new_messages_button_that_takes_them_down(
    long_talk, world, live_url, new_context
):
    page = _open_on_a_phone(new_context, live_url, world["member"], long_talk)
    page.evaluate("window.scrollTo(0, 0)")
    _write(long_talk, world["supporter"], "Are you there?")

    news = page.get_by_role("button", name="New messages")
    expect(news).to_be_visible()
    expect(news).to_be_in_viewport()
    newest = page.locator(".message", has_text="Are you there?")
    expect(newest).not_to_be_in_viewport()  # the reader's place is kept
    assert page.evaluate("window.scrollY") == 0
    check_axe(page)

    news.focus()
    page.keyboard.press("Enter")
    expect(newest).to_be_in_viewport()
    expect(newest).to_be_focused()  # the keyboard lands on what came meanwhile
    expect(news).to_be_hidden()
