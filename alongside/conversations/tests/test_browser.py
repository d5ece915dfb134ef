"""Two people talking live, in Chromium, against the live ASGI server (HTTP and WebSocket)."""

import re

import pytest
from django.db import DatabaseError
from playwright.sync_api import expect

from alongside.common.testing.browser import call_in_thread, check_axe, sign_in_context
from alongside.conversations import services
from alongside.conversations.models import Message
from alongside.conversations.services import start_conversation

pytestmark = pytest.mark.browser


@pytest.fixture
def talk(live_url, world, new_context):
    """The world's member and supporter, each in their own browser, on their conversation's page."""
    conversation = call_in_thread(
        start_conversation, member=world["member"], supporter=world["supporter"]
    )
    url = f"{live_url}/conversations/{conversation.pk}/"
    pages = {}
    for role in ("member", "supporter"):
        context = sign_in_context(new_context(), live_url, world[role])
        page = context.new_page()
        page.goto(url)
        expect(page.locator("[data-connection]")).to_have_attribute("data-state", "live")
        pages[role] = page
    return conversation, pages["member"], pages["supporter"]


def _say(page, words):
    box = page.get_by_label("Your message")
    box.fill(words)
    box.press("Enter")


def _message(page, words):
    return page.locator(".message", has_text=words)


def test_two_people_talk_live(talk, world):
    conversation, member, supporter = talk
    _say(member, "Hi Jordan, today was a hard day.")
    expect(_message(supporter, "today was a hard day")).to_have_count(1)
    # The supporter's page is open and visible, so it reads the message and the member sees that.
    expect(_message(member, "today was a hard day").locator("[data-state]")).to_have_text("Read")
    expect(member.get_by_label("Your message")).to_be_focused()  # ready for the next words
    mine = _message(member, "today was a hard day")
    expect(mine.get_by_role("link", name="Edit this message")).to_have_attribute(
        "href", f"/conversations/{conversation.pk}/messages/1/edit/"
    )

    supporter.get_by_label("Your message").press_sequentially("I'm here")
    expect(member.locator("[data-typing]")).to_contain_text(f"{world['supporter']} is writing")
    supporter.get_by_label("Your message").fill("I'm here. What happened today?")
    supporter.get_by_role("button", name="Send").click()
    expect(_message(member, "What happened today?")).to_have_count(1)
    # Announced politely to screen readers, with who wrote it.
    expect(member.locator("[data-announcer]")).to_contain_text(
        f"{world['supporter']} wrote: I'm here. What happened today?"
    )
    expect(member.locator("[data-typing]")).to_have_text("")

    assert list(
        Message.objects.filter(conversation=conversation).values_list("seq", flat=True)
    ) == [1, 2]
    check_axe(member)
    check_axe(supporter)


def test_a_reconnect_loses_nothing(talk):
    conversation, member, supporter = talk
    _say(member, "Before the tunnel.")
    expect(_message(supporter, "Before the tunnel.")).to_have_count(1)

    member.context.set_offline(True)
    expect(member.locator("[data-connection]")).to_have_attribute("data-state", "offline")
    for n in (1, 2, 3):
        _say(supporter, f"While you were away, number {n}.")
        expect(_message(supporter, f"number {n}.").locator("[data-state]")).to_have_text("Sent")
    member.context.set_offline(False)

    expect(member.locator("[data-connection]")).to_have_attribute("data-state", "live")
    for n in (1, 2, 3):
        expect(_message(member, f"While you were away, number {n}.")).to_have_count(1)
    seqs = member.locator(".message[data-seq]").evaluate_all(
        "nodes => nodes.map(n => Number(n.dataset.seq))"
    )
    assert seqs == [1, 2, 3, 4]  # each once, in order
    expect(member.locator("[data-announcer]")).to_contain_text("You are back online.")


def test_a_message_written_offline_is_sent_on_return(talk):
    conversation, member, supporter = talk
    member.context.set_offline(True)
    expect(member.locator("[data-connection]")).to_have_attribute("data-state", "offline")
    _say(member, "Written on the train with no signal.")
    written = _message(member, "Written on the train")
    expect(written).to_have_count(1)
    expect(written.locator("[data-state]")).to_have_text(re.compile("Sending|Not sent yet"))
    assert not Message.objects.exists()

    member.context.set_offline(False)
    expect(written.locator("[data-state]")).to_have_text(re.compile("Sent|Read"))
    expect(_message(supporter, "Written on the train")).to_have_count(1)
    assert Message.objects.filter(body="Written on the train with no signal.").count() == 1


def test_a_failed_message_stays_with_a_way_to_try_again(talk, monkeypatch):
    conversation, member, supporter = talk
    real_send = services.send_message
    failures = [DatabaseError("the disk is having a moment")]

    real_asend = services.asend_message

    def flaky_send(**kwargs):
        if failures:
            raise failures.pop()
        return real_send(**kwargs)

    async def flaky_asend(**kwargs):  # on PostgreSQL a plain message is stored on the event loop
        if failures:
            raise failures.pop()
        return await real_asend(**kwargs)

    # The live server runs in this process.
    monkeypatch.setattr(services, "send_message", flaky_send)
    monkeypatch.setattr(services, "asend_message", flaky_asend)
    _say(member, "Please keep this one.")
    failed = _message(member, "Please keep this one.")
    expect(failed.locator("[data-state]")).to_have_text("Not sent yet.")
    failed.get_by_role("button", name="Try again").click()
    expect(failed.locator("[data-state]")).to_have_text(re.compile("Sent|Read"))
    expect(_message(supporter, "Please keep this one.")).to_have_count(1)


def test_the_composer_works_without_javascript(live_url, world, new_context):
    conversation = call_in_thread(
        start_conversation, member=world["member"], supporter=world["supporter"]
    )
    context = sign_in_context(new_context(java_script_enabled=False), live_url, world["member"])
    page = context.new_page()
    page.goto(f"{live_url}/conversations/{conversation.pk}/")
    page.get_by_label("Your message").fill("Sent by a plain form.")
    page.get_by_role("button", name="Send").click()
    expect(_message(page, "Sent by a plain form.")).to_have_count(1)
    expect(page.get_by_label("Your message")).to_have_value("")


def test_the_list_and_the_notification_centre_after_a_conversation(talk, world, live_url):
    conversation, member, supporter = talk
    member.close()  # the member goes away; the supporter writes
    _say(supporter, "Thinking of you today.")
    expect(_message(supporter, "Thinking of you today.").locator("[data-state]")).to_have_text(
        "Sent"
    )
    page = supporter.context.browser.new_context()
    sign_in_context(page, live_url, world["member"])
    tab = page.new_page()
    tab.goto(f"{live_url}/conversations/")
    expect(tab.locator(".conversation-row")).to_contain_text("1 new message")
    check_axe(tab)
    tab.get_by_role("link", name="Notifications (one new)").click()
    expect(tab.locator(".notification")).to_contain_text(f"{world['supporter']} wrote to you.")
    check_axe(tab)
    page.close()


def test_the_boundary_guard_warns_and_send_anyway_goes_through(talk):
    conversation, member, supporter = talk
    _say(member, "My number is 555-123-4567, text me")
    warning = member.locator("[data-boundary]")
    expect(warning).to_contain_text("This looks like a phone number")
    expect(warning).to_contain_text("plan to meet or talk outside Alongside")
    # Nothing was sent: the words are back in the box, and the other side has heard nothing.
    expect(member.get_by_label("Your message")).to_have_value("My number is 555-123-4567, text me")
    expect(_message(member, "555-123-4567")).to_have_count(0)
    check_axe(member)
    warning.get_by_role("button", name="Send anyway").click()
    expect(_message(supporter, "My number is 555-123-4567")).to_have_count(1)
    expect(_message(member, "My number is 555-123-4567").locator("[data-state]")).to_have_text(
        re.compile("Sent|Read")
    )
    expect(member.locator("[data-boundary]")).to_have_count(0)
    message = Message.objects.get(conversation=conversation)
    assert message.boundary == ["phone", "meeting"] and not message.is_held


def test_a_held_message_waits_for_a_supervisor_then_arrives(talk, world, live_url, new_context):
    from alongside.conversations.models import BoundaryPolicy, ConversationSettings

    conversation, member, supporter = talk
    call_in_thread(
        ConversationSettings.objects.create,
        program=world.program,
        boundary_policy=BoundaryPolicy.HOLD,
    )
    _say(member, "Venmo me 20 dollars please")
    mine = _message(member, "Venmo me 20 dollars")
    expect(mine.locator("[data-state]")).to_contain_text("Held for a quick review")
    _say(member, "Anyway, thank you for today.")
    expect(_message(supporter, "thank you for today")).to_have_count(1)
    expect(_message(supporter, "Venmo me")).to_have_count(0)  # held: not on the other side

    supervisor = sign_in_context(new_context(), live_url, world["supervisor"]).new_page()
    supervisor.goto(f"{live_url}/conversations/held/")
    expect(supervisor.locator(".held-message")).to_contain_text("Venmo me 20 dollars please")
    check_axe(supervisor)
    supervisor.get_by_role("button", name="Release this message").click()
    expect(supervisor.locator(".held-message")).to_have_count(0)
    # Released: it arrives live, in its place before the later message.
    expect(_message(supporter, "Venmo me 20 dollars please")).to_have_count(1)
    assert supporter.locator(".message .message-body").all_text_contents()[-2:] == [
        "Venmo me 20 dollars please",
        "Anyway, thank you for today.",
    ]
