"""Forums in Chromium against the live ASGI server: a member posts with a content warning, another reads
it behind the warning, reacts and replies, and the reply appears live on the first reader's page."""

import re

import pytest
from playwright.sync_api import expect

from alongside.common.testing.browser import call_in_thread, check_axe, sign_in_context
from alongside.forums.models import Post, Reaction
from alongside.forums.tests.factories import board_in, reply_by, thread_by

pytestmark = pytest.mark.browser


def _open(new_context, live_url, user, path):
    page = sign_in_context(new_context(), live_url, user).new_page()
    page.goto(f"{live_url}{path}")
    return page


def test_a_warned_post_a_reaction_and_a_live_reply(live_url, world, new_context):
    board = board_in(world.program)
    author = _open(new_context, live_url, world["member"], f"/forums/boards/{board.pk}/new/")
    author.get_by_label("Title").fill("A hard anniversary")
    author.get_by_label("Your words").fill("It has been a year since my brother died.")
    author.get_by_label("Death and grief").check()
    author.get_by_role("button", name="Post").click()
    expect(author.get_by_role("heading", level=1)).to_have_text("A hard anniversary")
    expect(author.locator("#posts[data-connected=true]")).to_have_count(1)
    thread_path = author.url.removeprefix(live_url)

    reader = _open(new_context, live_url, world.other_member, thread_path)
    opening = reader.locator("article.post").first
    words = opening.get_by_text("It has been a year")
    expect(words).to_be_hidden()  # behind the warning until the reader chooses
    opening.get_by_text("Content warning: Death and grief. Show the post").click()
    expect(words).to_be_visible()
    opening.get_by_role("button", name="Sending strength").click()
    expect(opening.get_by_role("button", name="Sending strength")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert Reaction.objects.filter(person=world.other_member, kind="strength").count() == 1

    reader.get_by_label("Your words").fill("I remember mine too. Thinking of you today.")
    reader.get_by_role("button", name="Post reply").click()
    # The reply shows on the reader's page, and on the author's without a reload.
    expect(reader.locator("article.post", has_text="I remember mine too")).to_have_count(1)
    expect(author.locator("article.post", has_text="I remember mine too")).to_have_count(1)
    expect(reader.get_by_label("Your words")).to_have_value("")

    # A reply from elsewhere (the API, another server process) arrives live too.
    thread = Post.objects.get(body__startswith="It has been a year").thread
    call_in_thread(reply_by, world["supporter"], thread, body="Sending you warmth from here.")
    expect(author.locator("article.post", has_text="Sending you warmth")).to_have_count(1)
    expect(reader.locator("article.post", has_text="Sending you warmth")).to_have_count(1)
    check_axe(author)
    check_axe(reader)


def test_a_crisis_reply_is_held_and_its_writer_sees_the_crisis_panel(live_url, world, new_context):
    from alongside.safety.models import Escalation

    thread = call_in_thread(thread_by, world["member"], world.program)
    page = _open(new_context, live_url, world.other_member, f"/forums/threads/{thread.pk}/")
    expect(page.locator("#posts[data-connected=true]")).to_have_count(1)
    page.get_by_label("Your words").fill(
        "I am going to kill myself tonight, I have the pills ready."
    )
    page.get_by_role("button", name="Post reply").click()
    # The writer gets the conversation's crisis panel at once, and sees their post as held, with why.
    panel = page.get_by_role("complementary", name="You don't have to go through this alone")
    expect(panel).to_be_visible()
    expect(panel.get_by_role("link", name="Call 988")).to_have_attribute("href", "tel:988")
    expect(panel.get_by_role("link", name="Text 988")).to_be_visible()
    expect(page.locator("#composer [role=status]")).to_contain_text("waiting for a moderator")
    held = page.locator("article.post", has_text="the pills ready")
    expect(held).to_contain_text("Only you can see this post for now.")
    assert Escalation.objects.filter(person=world.other_member, source_kind="forum_post").exists()
    check_axe(page)

    # Held, not published: another reader's open page never gets it, even after a reload.
    reader = _open(new_context, live_url, world["member"], f"/forums/threads/{thread.pk}/")
    expect(reader.locator("#posts[data-connected=true]")).to_have_count(1)  # live before the reply
    call_in_thread(reply_by, world["supporter"], thread, body="Sending good thoughts for the week.")
    expect(reader.locator("article.post", has_text="Sending good thoughts")).to_have_count(1)
    expect(reader.locator("article.post", has_text="the pills ready")).to_have_count(0)
    expect(
        reader.get_by_role("complementary", name=re.compile("go through this alone"))
    ).to_be_hidden()


def test_search_finds_a_thread_by_words_in_its_replies(live_url, world, new_context):
    """Full-text search through the page, on whichever database the run uses (FTS5 or PostgreSQL)."""
    thread = call_in_thread(
        thread_by, world["supporter"], world.program, title="Evening walks by the sea"
    )
    call_in_thread(
        reply_by, world.other_member, thread, body="The lighthouse path was lovely at sunset."
    )
    call_in_thread(thread_by, world["supporter"], world.program, title="Cooking for one")
    page = _open(new_context, live_url, world["member"], "/forums/")
    page.get_by_label("Search the boards").first.fill("lighthouse path")
    page.get_by_role("button", name="Search").first.click()
    results = page.locator("main")
    expect(results.get_by_role("link", name="Evening walks by the sea")).to_be_visible()
    expect(results.get_by_role("link", name="Cooking for one")).to_have_count(0)
    check_axe(page)
