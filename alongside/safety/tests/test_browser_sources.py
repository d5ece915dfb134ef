"""In Chromium, against the live ASGI server (issue 14): a crisis forum post's escalation page shows
the post's words, the posts before it and the reasons, in Spanish too, and its link opens the held post
in the moderation queue; a check-in the supporter agreed reaches their open page when it comes due,
without a reload. Every name and word is synthetic."""

import re
from datetime import timedelta
from uuid import uuid4

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from alongside.common.testing.browser import call_in_thread, check_axe, sign_in_context
from alongside.conversations.services import send_message, start_conversation
from alongside.forums.tests.factories import reply_by, thread_by
from alongside.safety import services as safety
from alongside.safety.models import Escalation
from alongside.safety.moderation.models import Hold
from alongside.safety.tests.factories import CRISIS_WORDS

pytestmark = pytest.mark.browser

EARLIER = "The evenings are the hardest part for me."


def _forum_crisis(world):
    thread = thread_by(world["supporter"], world.program, body="How do you get through evenings?")
    reply_by(world["member"], thread, body=EARLIER)
    crisis = reply_by(world["member"], thread, body=CRISIS_WORDS)
    hold = Hold.objects.get(target_kind="forum_post", target_id=crisis.pk)
    return Escalation.objects.get(source_kind="forum_post"), hold


def test_a_forum_posts_escalation_page_shows_the_words_and_opens_the_held_post(
    live_url, world, new_context
):
    escalation, hold = call_in_thread(_forum_crisis, world)
    page = sign_in_context(new_context(axe=True), live_url, world["supervisor"]).new_page()
    page.goto(f"{live_url}{escalation.get_absolute_url()}")
    expect(page.locator("[data-words]")).to_contain_text(CRISIS_WORDS)
    expect(page.locator("[data-before]")).to_contain_text(EARLIER)
    expect(page.locator("[data-reasons]")).to_contain_text("thoughts of suicide")
    expect(page.get_by_role("button", name="This was not a crisis")).to_be_visible()
    check_axe(page)
    page.locator("[data-source-link]").click()
    expect(page).to_have_url(re.compile(rf"/moderation/#hold-{hold.pk}$"))
    held = page.locator(f"#hold-{hold.pk}")
    expect(held).to_contain_text(CRISIS_WORDS)
    expect(held.get_by_role("radio", name="Publish")).to_be_visible()
    check_axe(page)


def test_the_reasons_are_in_spanish_for_a_spanish_reader(live_url, world, new_context):
    escalation, _hold = call_in_thread(_forum_crisis, world)
    context = new_context()
    page = sign_in_context(context, live_url, world["supervisor"]).new_page()
    context.add_cookies([{"name": "django_language", "value": "es", "url": live_url}])
    page.goto(f"{live_url}{escalation.get_absolute_url()}")
    expect(page.locator("[data-reasons]")).to_contain_text("Pensamientos actuales de suicidio")


def _agreed(world):
    talk = start_conversation(member=world["member"], supporter=world["supporter"])
    message = send_message(
        conversation=talk, sender=world["member"], client_id=uuid4(), body=CRISIS_WORDS
    )
    escalation = safety.escalate_message(message.pk)
    safety.mark_alert_seen(escalation=escalation, by=world["supporter"])
    return safety.agree_follow_up(
        escalation=escalation,
        conversation_id=talk.pk,
        by=world["supporter"],
        kind="check_in",
        check_in_at=timezone.now() + timedelta(hours=1),
    )


def test_a_check_in_that_comes_due_reaches_the_supporters_open_page(live_url, world, new_context):
    follow_up = call_in_thread(_agreed, world)
    page = sign_in_context(new_context(axe=True), live_url, world["supporter"]).new_page()
    page.goto(f"{live_url}/groups/")
    expect(page.locator("html")).to_have_attribute("data-safety-live", "true")
    expect(page.locator("[data-alert-region]")).to_be_empty()
    # The time comes (the clock is passed in): the reminder arrives on the open page, no reload.
    call_in_thread(
        safety.remind_follow_up,
        follow_up_id=follow_up.pk,
        now=follow_up.check_in_at + timedelta(seconds=1),
    )
    region = page.get_by_role("alert")
    expect(region).to_contain_text(f"It is time to check in with {world['member']}, as you agreed.")
    check_axe(page)
    page.get_by_role("button", name=re.compile("^I have seen this")).click()
    expect(page.locator("[data-alert-region]")).to_be_empty()
