"""Journeys in Chromium: a report hidden from the queue, and a block that stops messages."""

import pytest
from playwright.sync_api import expect

from alongside.common.testing.browser import call_in_thread, check_axe, sign_in_context
from alongside.conversations.services import start_conversation
from alongside.conversations.tests.factories import say_anyway

pytestmark = pytest.mark.browser


@pytest.fixture
def talk(world):
    conversation = call_in_thread(
        start_conversation, member=world["member"], supporter=world["supporter"]
    )
    call_in_thread(
        say_anyway, conversation, world["supporter"], "Text me on my own number instead."
    )
    return conversation


def test_a_member_reports_a_message_and_the_supervisor_hides_it(live_url, world, new_context, talk):
    member = sign_in_context(new_context(), live_url, world["member"]).new_page()
    member.goto(f"{live_url}{talk.get_absolute_url()}")
    member.get_by_role("link", name="Report this message").click()
    member.get_by_label("Sharing contact details").check()
    member.get_by_label("Anything else the moderators should know (optional)").fill(
        "It made me uneasy."
    )
    check_axe(member)
    member.get_by_role("button", name="Send the report").click()
    expect(member.get_by_role("heading", level=1)).to_have_text("Thank you for telling us")

    supervisor = sign_in_context(new_context(), live_url, world["supervisor"]).new_page()
    supervisor.goto(live_url)
    supervisor.get_by_role("link", name="Moderation").click()
    expect(supervisor.locator(".moderation-item")).to_contain_text("Text me on my own number")
    check_axe(supervisor)
    # The member has the conversation open on another device while the moderator decides.
    other_device = sign_in_context(new_context(), live_url, world["member"]).new_page()
    other_device.goto(f"{live_url}{talk.get_absolute_url()}")
    expect(other_device.get_by_text("Text me on my own number")).to_have_count(1)
    expect(other_device.locator("[data-connection]")).to_have_attribute("data-state", "live")
    supervisor.get_by_role("link", name="Look and decide").click()
    supervisor.get_by_label("Hide the content").check()
    supervisor.get_by_label("The reason the person will read").fill(
        "Please keep contact details off Alongside; it keeps everyone safe."
    )
    supervisor.get_by_role("button", name="Save the decision").click()
    expect(supervisor.get_by_text("No open reports.")).to_be_visible()
    # ...and it turns hidden there without a reload.
    expect(other_device.get_by_text("This message was hidden by a moderator.")).to_have_count(1)
    expect(other_device.get_by_text("Text me on my own number")).to_have_count(0)

    member.goto(f"{live_url}{talk.get_absolute_url()}")
    expect(member.locator(".message").first).to_contain_text(
        "This message was hidden by a moderator."
    )
    expect(member.get_by_text("Text me on my own number")).to_have_count(0)


def test_a_member_blocks_their_supporter_and_can_no_longer_write_to_them(
    live_url, world, new_context, talk
):
    member = sign_in_context(new_context(), live_url, world["member"]).new_page()
    member.goto(f"{live_url}/blocked/")
    check_axe(member)
    member.get_by_role("link", name=f"Block {world['supporter']}").click()
    member.get_by_role("button", name=f"Block {world['supporter']}").click()
    expect(member.get_by_role("button", name=f"Unblock {world['supporter']}")).to_be_visible()

    member.goto(f"{live_url}{talk.get_absolute_url()}")
    expect(member.locator("[data-connection]")).to_have_attribute("data-state", "live")
    box = member.get_by_label("Your message")
    box.fill("Are you there?")
    box.press("Enter")
    expect(member.locator(".message.mine")).to_contain_text("one of you has blocked the other")
