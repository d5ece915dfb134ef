"""The small things people trip on in a conversation (issue 22), in Chromium against the live server:
the end seen live, live messages that can be reported, and a draft kept per conversation on the device."""

import re

import pytest
from playwright.sync_api import expect

from alongside.accounts.choices import Role
from alongside.accounts.services import link_care_team
from alongside.accounts.tests.factories import person
from alongside.common.testing.browser import call_in_thread, sign_in_context
from alongside.conversations.models import Message
from alongside.conversations.services import start_conversation

pytestmark = pytest.mark.browser

ENDED = "This conversation has ended. You can still read it."


@pytest.fixture
def talk(live_url, world, new_context):
    """The world's member and supporter, each in their own browser, on their conversation's page."""
    link_care_team(
        program=world.program, member=world["member"], staff=world["supporter"], role=Role.SUPPORTER
    )
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


def test_the_member_sees_the_end_live_once_and_home_moves_on(talk, world, live_url, new_context):
    conversation, member, supporter = talk
    member_name = world["member"].display_name

    # The supporter's end page names the member in a whole sentence, in English and in Spanish.
    supporter.get_by_role("link", name="End this conversation").click()
    expect(supporter.locator("main")).to_contain_text(
        f"Your closing note will be the last message here for {member_name}. "
        "The whole conversation stays readable afterwards."
    )
    spanish = sign_in_context(new_context(locale="es-ES"), live_url, world["supporter"])
    spanish.add_cookies([{"name": "django_language", "value": "es", "url": live_url}])
    spanish_page = spanish.new_page()
    spanish_page.goto(supporter.url)
    expect(spanish_page.locator("main")).to_contain_text(
        f"Tu nota de despedida será el último mensaje aquí para {member_name}."
    )

    supporter.get_by_label("A closing note").fill("It was good to talk. Take care.")
    supporter.get_by_role("button", name="Send the note and end the conversation").click()

    # The member's open page: the note, the end said once, and no link to leave what has ended.
    expect(member.locator(".message", has_text="It was good to talk.")).to_be_visible()
    expect(member.locator("main .notice")).to_have_text(ENDED)
    expect(member.locator("main .notice", has_text="This conversation has ended")).to_have_count(1)
    visible_text = member.locator("main").inner_text()
    assert visible_text.count("This conversation has ended") == 1, visible_text
    expect(member.get_by_role("link", name=re.compile("Leave or ask"))).to_have_count(0)
    expect(member.get_by_label("Your message")).to_have_count(0)

    # The member's home no longer names the supporter as their peer.
    member.goto(f"{live_url}/")
    care_team = member.locator("section[aria-labelledby=care-team-heading]")
    expect(care_team).to_contain_text(world["clinician"].display_name)  # the rest of the team stays
    expect(care_team).not_to_contain_text(world["supporter"].display_name)


def test_a_message_that_arrives_live_can_be_reported(talk, world):
    conversation, member, supporter = talk
    _say(supporter, "How has your week been?")
    arrived = member.locator(".message", has_text="How has your week been?")
    expect(arrived).to_be_visible()
    message = Message.objects.get(conversation=conversation, body="How has your week been?")
    report = arrived.get_by_role("link", name="Report this message")
    expect(report).to_have_attribute("href", f"/report/message/{message.pk}/")

    _say(member, "Long, honestly.")
    live_for_staff = supporter.locator(".message", has_text="Long, honestly.")
    expect(live_for_staff.get_by_role("link", name="Report this message")).to_be_visible()
    reply = Message.objects.get(conversation=conversation, body="Long, honestly.")
    expect(live_for_staff.get_by_role("link", name=re.compile(r"^Crisis\?"))).to_have_attribute(
        "href", f"/conversations/{conversation.pk}/messages/{reply.seq}/assessment/"
    )
    # The same links the page itself writes after a reload.
    member.reload()
    expect(
        member.locator(".message", has_text="How has your week been?").get_by_role(
            "link", name="Report this message"
        )
    ).to_have_attribute("href", f"/report/message/{message.pk}/")


def _drafts(page):
    return page.evaluate(
        "Object.keys(localStorage).filter((k) => k.startsWith('alongside.draft.'))"
    )


def test_a_draft_is_kept_per_conversation_until_sent_or_signed_out(talk, world, live_url):
    conversation, member, supporter = talk
    box = member.get_by_label("Your message")
    box.press_sequentially("I wanted to say")
    member.reload()
    expect(member.get_by_label("Your message")).to_have_value("I wanted to say")

    # Another conversation of the same person starts with an empty box.
    other = call_in_thread(
        start_conversation,
        member=world["member"],
        supporter=person(world.program, Role.SUPPORTER),
    )
    member.goto(f"{live_url}/conversations/{other.pk}/")
    expect(member.get_by_label("Your message")).to_have_value("")

    # Sending it clears it.
    member.goto(f"{live_url}/conversations/{conversation.pk}/")
    expect(member.get_by_label("Your message")).to_have_value("I wanted to say")
    member.get_by_label("Your message").press("Enter")
    expect(supporter.locator(".message", has_text="I wanted to say")).to_be_visible()
    member.reload()
    expect(member.get_by_label("Your message")).to_have_value("")
    assert _drafts(member) == []

    # Signing out takes the draft with the person: the device may be shared.
    member.get_by_label("Your message").press_sequentially("Something private")
    assert len(_drafts(member)) == 1
    member.get_by_role("button", name="Sign out").click()
    expect(member).to_have_url(f"{live_url}/account/sign-in/")
    assert _drafts(member) == []


def test_quick_exit_takes_the_draft_too(talk, live_url):
    conversation, member, supporter = talk
    member.get_by_label("Your message").press_sequentially("Something private")
    assert len(_drafts(member)) == 1
    member.get_by_role("button", name="Quick exit").click()
    member.wait_for_url(lambda url: not url.startswith(live_url))
    member.goto(f"{live_url}/account/sign-in/")
    assert _drafts(member) == []
