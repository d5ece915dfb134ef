"""The crisis flow in Chromium, against the live ASGI server: a member writes a crisis message, the
supervisor's dashboard (another browser) shows it without a reload, the member sees crisis options,
the supervisor acknowledges and resolves it, and the access log shows each step. And a PHQ-9 with
item 9 above zero reaching the supervisor the same way."""

import re

import pytest
from playwright.sync_api import expect

from alongside.audit.models import AccessLog
from alongside.common.testing.browser import call_in_thread, check_axe, sign_in_context
from alongside.conversations.services import start_conversation
from alongside.safety import services as safety
from alongside.safety.models import Escalation, EventKind, SourceKind, State
from alongside.safety.tests.factories import CRISIS_WORDS

pytestmark = pytest.mark.browser


@pytest.fixture
def dashboard(live_url, world, new_context):
    """The world's supervisor, on call, with the safety dashboard open and live."""
    safety.set_on_call(
        program=world.program, by=world["admin"], supervisor=world["supervisor"], backup=None
    )
    page = sign_in_context(new_context(), live_url, world["supervisor"]).new_page()
    page.goto(f"{live_url}/safety/")
    expect(page.locator("[data-escalations]")).to_have_attribute("data-live", "true")
    expect(page.get_by_text("No open escalations.")).to_be_visible()
    return page


def test_a_crisis_message_reaches_the_supervisor_live_and_is_worked_to_resolution(
    dashboard, live_url, world, new_context
):
    member = world["member"]
    conversation = call_in_thread(start_conversation, member=member, supporter=world["supporter"])
    page = sign_in_context(new_context(), live_url, member).new_page()
    page.goto(f"{live_url}/conversations/{conversation.pk}/")
    expect(page.locator("[data-connection]")).to_have_attribute("data-state", "live")
    panel = page.locator("[data-crisis-panel]")
    expect(panel).to_be_hidden()

    box = page.get_by_label("Your message")
    box.fill(CRISIS_WORDS)
    box.press("Enter")

    # The member sees crisis options at once, and keeps the conversation.
    expect(panel).to_be_visible()
    expect(panel.get_by_role("link", name="Call 988")).to_have_attribute("href", "tel:988")
    expect(panel.get_by_role("link", name="Text 988")).to_have_attribute("href", "sms:988")
    expect(panel.get_by_role("link", name="Chat online")).to_have_attribute(
        "href", "https://988lifeline.org/chat/"
    )
    expect(panel.get_by_role("button", name="Talk to a person now")).to_be_visible()
    expect(page.locator(".message", has_text=CRISIS_WORDS).locator("[data-state]")).to_have_text(
        re.compile("Sent|Read")
    )
    expect(page.get_by_label("Your message")).to_be_editable()
    check_axe(page)

    # The supervisor's dashboard shows it without a reload.
    card = dashboard.locator("[data-escalation]")
    expect(card).to_have_count(1)
    expect(card).to_contain_text(str(member))
    expect(card).to_contain_text("Conversation message")
    check_axe(dashboard)

    card.get_by_role("button", name=re.compile("^Acknowledge")).click()
    expect(dashboard.locator("[data-state]")).to_have_text("Acknowledged")
    dashboard.get_by_label("Asked directly about suicide").check()
    dashboard.get_by_label("Connected them to 988").check()
    dashboard.get_by_label("What happened, in a few words").fill("They called 988 with us.")
    dashboard.get_by_role("button", name="Resolve the escalation").click()
    expect(dashboard.locator("[data-state]")).to_have_text("Resolved")
    expect(dashboard.locator(".timeline")).to_contain_text("Connected them to 988")
    check_axe(dashboard)

    escalation = Escalation.objects.get()
    assert (escalation.person, escalation.source_kind, escalation.state) == (
        member,
        SourceKind.CONVERSATION,
        State.RESOLVED,
    )
    assert list(escalation.events.values_list("kind", flat=True)) == [
        EventKind.OPENED,
        EventKind.ALERTED,
        EventKind.ACKNOWLEDGED,
        EventKind.RESOLVED,
    ]
    # The access log shows each step, with who took it.
    steps = list(
        AccessLog.objects.filter(
            record_type="safety.escalation", record_id=str(escalation.pk), action="write"
        )
        .order_by("pk")
        .values_list("purpose", "actor")
    )
    assert [purpose.split(": ")[1].split(" ")[0] for purpose, _ in steps] == [
        "opened",
        "acknowledged",
        "resolved",
    ]
    assert [actor for _, actor in steps] == [None, world["supervisor"].pk, world["supervisor"].pk]
    log = sign_in_context(new_context(), live_url, world["admin"]).new_page()
    log.goto(f"{live_url}/audit/")
    expect(log.get_by_text("Safety escalation: acknowledged")).to_be_visible()


def test_a_phq9_with_item_9_above_zero_reaches_the_supervisor_live(
    dashboard, live_url, world, new_context
):
    page = sign_in_context(new_context(), live_url, world["member"]).new_page()
    page.goto(f"{live_url}/questionnaires/")
    page.get_by_role("link", name="How your mood has been").first.click()
    for number in range(1, 9):
        page.get_by_role("group", name=re.compile(rf"^{number}\. ")).get_by_label(
            "Not at all"
        ).check()
    page.get_by_role("group", name=re.compile(r"^9\. Thoughts")).get_by_label(
        "Several days"
    ).check()
    page.get_by_role("button", name="Done").click()
    expect(page).to_have_url(re.compile(r"/plans/safety/\?from=questionnaire$"))

    card = dashboard.locator("[data-escalation]")
    expect(card).to_have_count(1)
    expect(card).to_contain_text(str(world["member"]))
    expect(card).to_contain_text("Questionnaire")
    escalation = Escalation.objects.get()
    assert (escalation.source_kind, escalation.level) == (SourceKind.QUESTIONNAIRE, "high")
    assert escalation.assigned_supporter == world["supporter"]


def _long_conversation(world, count=30):
    """A conversation long enough that its top is far above the composer on any screen."""
    from uuid import uuid4

    from alongside.conversations.services import send_message

    conversation = start_conversation(member=world["member"], supporter=world["supporter"])
    for i in range(count):
        sender = world["member"] if i % 2 else world["supporter"]
        send_message(
            conversation=conversation,
            sender=sender,
            client_id=uuid4(),
            body=f"An ordinary message, number {i}, about the week and how it went.",
        )
    return conversation


def test_on_a_phone_the_crisis_options_appear_beside_the_composer_without_taking_focus(
    live_url, world, new_context
):
    conversation = call_in_thread(_long_conversation, world)
    page = sign_in_context(new_context(phone=True), live_url, world["member"]).new_page()
    page.goto(f"{live_url}/conversations/{conversation.pk}/")
    expect(page.locator("[data-connection]")).to_have_attribute("data-state", "live")
    panel = page.locator("[data-crisis-panel]")
    expect(panel).to_be_hidden()

    box = page.get_by_label("Your message")
    box.fill(CRISIS_WORDS)
    box.press("Enter")

    call = panel.get_by_role("link", name="Call 988")
    expect(call).to_be_in_viewport()
    expect(panel.get_by_role("button", name="Talk to a person now")).to_be_visible()
    expect(box).to_be_focused()  # they keep typing; nothing took the focus
    expect(box).to_be_in_viewport()
    expect(page.locator("[data-announcer]")).to_contain_text(
        "You don't have to go through this alone"
    )
    # It sits just above the composer, after the messages.
    assert page.evaluate(
        "() => { const p = document.querySelector('[data-crisis-panel]');"
        " return p.nextElementSibling === document.querySelector('[data-composer]'); }"
    )
    check_axe(page)

    # It can be put away, and the next crisis message brings it back.
    panel.get_by_role("button", name="Hide these options").click()
    expect(panel).to_be_hidden()
    expect(box).to_be_focused()
    box.fill("I want to die.")
    box.press("Enter")
    expect(call).to_be_in_viewport()


def test_without_javascript_the_page_after_sending_shows_the_options_in_view(
    live_url, world, new_context
):
    conversation = call_in_thread(_long_conversation, world)
    context = sign_in_context(
        new_context(phone=True, java_script_enabled=False), live_url, world["member"]
    )
    page = context.new_page()
    page.goto(f"{live_url}/conversations/{conversation.pk}/")
    expect(page.locator("[data-crisis-panel]")).to_be_hidden()
    page.get_by_label("Your message").fill(CRISIS_WORDS)
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".message", has_text=CRISIS_WORDS)).to_have_count(1)
    expect(
        page.locator("[data-crisis-panel]").get_by_role("link", name="Call 988")
    ).to_be_in_viewport()
