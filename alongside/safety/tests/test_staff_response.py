"""The staff side of a crisis (issue 14): the supporter alerted on every page, the supervisor's
escalation page with the words and what came before, the dashboard most urgent first, ending with
care, and staff's word on an assessment. Every name and word is synthetic."""

import re
from datetime import timedelta
from uuid import uuid4

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.choices import ConsentScope
from alongside.accounts.services import grant_consent
from alongside.audit.models import AccessLog
from alongside.care_plans.models import Plan
from alongside.conversations.models import Conversation
from alongside.conversations.services import send_message, start_conversation
from alongside.safety import services as safety
from alongside.safety.models import (
    AssessmentLabel,
    Escalation,
    EventKind,
    FollowUp,
    SafetySettings,
    State,
)
from alongside.safety.tests.factories import CRISIS_WORDS, escalation_for

pytestmark = pytest.mark.django_db

BEFORE = ["It was a long week at work.", "I keep thinking nobody would notice."]


def _crisis(world) -> tuple[Conversation, Escalation]:
    """The world's member and supporter talking; two everyday messages, then a crisis message, and
    its escalation opened as the post-commit hook would (the test transaction never commits)."""
    talk = start_conversation(member=world["member"], supporter=world["supporter"])
    for body in BEFORE:
        send_message(conversation=talk, sender=world["member"], client_id=uuid4(), body=body)
    message = send_message(
        conversation=talk, sender=world["member"], client_id=uuid4(), body=CRISIS_WORDS
    )
    escalation = safety.escalate_message(message.pk)
    assert escalation is not None
    return talk, escalation


def _page(client, name, *args) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


# --- alerted on every page ---------------------------------------------------------------------------


def test_the_supporter_sees_the_alert_on_any_page_with_the_tab_title_counting_it(world, client_for):
    _talk, escalation = _crisis(world)
    page = _page(client_for("supporter"), "accounts:home")
    region = re.search(
        r'<div role="alert" aria-live="assertive" data-alert-region>(.*?)</div>\s*<', page, re.S
    )
    assert region and str(world["member"]) in region.group(1)
    assert "may need help now." in region.group(1) and "Danger now" in region.group(1)
    assert re.search(r"<title>\(1\) Crisis alert — ", page)
    assert escalation.get_absolute_url() in region.group(1)
    assert "safety/alerts.js" in page
    # The member's own pages carry none of it.
    member_page = _page(client_for("member"), "accounts:home")
    assert "data-safety-alerts" not in member_page and "safety/alerts.js" not in member_page


def test_the_supporter_says_they_have_seen_it_and_the_supervisor_sees_that(world, client_for):
    _talk, escalation = _crisis(world)
    client = client_for("supporter")
    response = client.post(
        reverse("safety:seen", args=[escalation.pk]), {"next": reverse("accounts:home")}
    )
    assert response.status_code == 302 and response["Location"] == reverse("accounts:home")
    page = _page(client, "accounts:home")
    assert "may need help now." not in page and "Crisis alert —" not in page
    assert escalation.events.filter(kind=EventKind.SEEN, actor=world["supporter"]).exists()
    timeline = _page(client_for("supervisor"), "safety:escalation", escalation.pk)
    assert "Seen by the peer supporter" in timeline


def test_a_supervisor_acknowledges_from_the_alert_and_the_menu_counts_open_escalations(
    world, client_for
):
    _crisis(world)
    escalation_for(world.other_member, world.program)
    supervisor = client_for("supervisor")
    page = _page(supervisor, "accounts:home")
    assert re.search(r'class="menu-count">2<span class="visually-hidden"> open escalations', page)
    assert page.count("Acknowledge <span") >= 1
    first = Escalation.objects.filter(person=world["member"]).get()
    supervisor.post(reverse("safety:acknowledge", args=[first.pk]))
    first.refresh_from_db()
    assert first.state == State.ACKNOWLEDGED
    # Peer supporters see no count in the menu.
    assert "menu-count" not in _page(client_for("supporter"), "accounts:home")


def test_the_alerts_partial_is_what_the_live_script_reads(world, client_for):
    _crisis(world)
    page = _page(client_for("supporter"), "safety:alerts")
    assert page.lstrip().startswith("<section") and 'data-count="1"' in page


# --- the escalation page -----------------------------------------------------------------------------


def test_the_escalation_page_shows_the_words_the_reasons_and_the_messages_before(world, client_for):
    _talk, escalation = _crisis(world)
    assert escalation.reasons  # the reasons are stored in plain words now
    page = _page(client_for("supervisor"), "safety:escalation", escalation.pk)
    words = re.search(r"data-words>(.*?)</blockquote>", page, re.S)
    assert words and "kill myself tonight" in words.group(1)
    before = re.search(r"data-before>(.*?)</ol>", page, re.S)
    assert before and all(line in before.group(1) for line in BEFORE)
    assert escalation.reasons[0] in page
    log = AccessLog.objects.filter(
        actor=world["supervisor"],
        purpose=f"Read the words that raised safety escalation #{escalation.pk}",
    )
    assert log.count() == 1 and log.get().subject == world["member"]


def test_the_supervisor_link_opens_a_read_only_view_that_ends_when_resolved(world, client_for):
    talk, escalation = _crisis(world)
    supervisor = client_for("supervisor")
    page = _page(supervisor, "safety:escalation", escalation.pk)
    link = re.search(r'<a href="([^"]+)" data-source-link>', page).group(1)
    assert link.startswith(reverse("conversations:under-escalation", args=[escalation.pk]))
    view = supervisor.get(link.split("#")[0])
    assert view.status_code == 200
    text = view.content.decode()
    assert "kill myself tonight" in text and BEFORE[0] in text and "<textarea" not in text
    assert AccessLog.objects.filter(
        actor=world["supervisor"], record_type="conversations.conversation", record_id=str(talk.pk)
    ).exists()
    # The supporter's link goes to the conversation itself, where they are a participant.
    supporter_page = _page(client_for("supporter"), "safety:escalation", escalation.pk)
    assert f'href="{reverse("conversations:conversation", args=[talk.pk])}#m-3"' in supporter_page
    safety.resolve_escalation(
        escalation=escalation, by=world["supervisor"], actions=["asked_directly"], note="Talked."
    )
    assert supervisor.get(link.split("#")[0]).status_code == 404


def test_the_crisis_plan_is_offered_only_where_the_person_shared_it(world, client_for):
    _talk, escalation = _crisis(world)
    Plan.objects.create(program=world.program, member=world["member"], kind="safety", content={})
    plan_url = reverse("care_plans:shared-plan", args=[world["member"].pk, "safety"])
    assert plan_url not in _page(client_for("supporter"), "safety:escalation", escalation.pk)
    grant_consent(
        member=world["member"], grantee=world["supporter"], scope=ConsentScope.SAFETY_PLAN
    )
    assert plan_url in _page(client_for("supporter"), "safety:escalation", escalation.pk)


# --- the dashboard -----------------------------------------------------------------------------------


def test_the_dashboard_lists_imminent_first_then_the_least_time_left(world, client_for):
    now = timezone.now()
    older_high = safety.open_escalation(
        program=world.program, person=world.other_member, source_kind="conversation",
        source_id=901, level="high", now=now - timedelta(minutes=30),
    )  # fmt: skip
    imminent_later = safety.open_escalation(
        program=world.program, person=world["member"], source_kind="conversation",
        source_id=902, level="imminent", now=now - timedelta(minutes=1),
    )  # fmt: skip
    imminent_sooner = safety.open_escalation(
        program=world.program, person=world["member"], source_kind="check_in",
        source_id=903, level="imminent", now=now - timedelta(minutes=3),
    )  # fmt: skip
    page = _page(client_for("supervisor"), "safety:dashboard")
    order = [int(pk) for pk in re.findall(r'data-escalation="(\d+)"', page)]
    assert order == [imminent_sooner.pk, imminent_later.pk, older_high.pk]
    assert "most urgent first" in page
    listed = page[page.index("data-open-list") :]
    assert listed.count('class="level level-imminent">Danger now<') == 2
    assert listed.count('class="level level-high">At risk<') == 1
    assert "overdue by" in page  # the high one waited past its five minutes


# --- ending with care ---------------------------------------------------------------------------------


def test_ending_after_an_escalation_asks_for_a_follow_up_and_keeps_the_note(world, client_for):
    talk, escalation = _crisis(world)
    client = client_for("supporter")
    url = reverse("conversations:end", args=[talk.pk])
    assert "Before you end: how will you follow up?" in _page(client, "conversations:end", talk.pk)
    note = "Take care, we will talk again soon."
    refused = client.post(url, {"closing_note": note})
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "please agree how you will follow up" in text and note in text
    talk.refresh_from_db()
    assert not talk.is_ended
    when = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    ended = client.post(url, {"closing_note": note, "follow_up": "check_in", "check_in_at": when})
    assert ended.status_code == 302
    talk.refresh_from_db()
    assert talk.is_ended
    follow_up = FollowUp.objects.get()
    assert (follow_up.escalation, follow_up.kind) == (escalation, "check_in")
    assert escalation.events.filter(kind=EventKind.FOLLOW_UP, actor=world["supporter"]).exists()
    page = _page(client_for("supervisor"), "safety:escalation", escalation.pk)
    assert "will check in with them on" in page


def test_a_hand_over_alerts_the_supervisor(world):
    talk, escalation = _crisis(world)
    safety.set_on_call(
        program=world.program, by=world["admin"], supervisor=world["supervisor"], backup=None
    )
    safety.agree_follow_up(
        escalation=escalation, conversation_id=talk.pk, by=world["supporter"], kind="hand_over"
    )
    assert escalation.alerts.filter(recipient=world["supervisor"], reason="follow_up").exists()


def test_ending_long_after_a_resolved_escalation_needs_no_follow_up(world, client_for):
    talk, escalation = _crisis(world)
    SafetySettings.objects.create(program=world.program, follow_up_hours=2)
    safety.resolve_escalation(
        escalation=escalation,
        by=world["supervisor"],
        actions=["asked_directly"],
        note="Talked it through.",
        now=timezone.now(),
    )
    Escalation.objects.filter(pk=escalation.pk).update(
        opened_at=timezone.now() - timedelta(hours=5),
        resolved_at=timezone.now() - timedelta(hours=3),
    )
    response = client_for("supporter").post(
        reverse("conversations:end", args=[talk.pk]), {"closing_note": "Goodbye for now."}
    )
    assert response.status_code == 302


def test_ending_soon_after_a_resolved_escalation_still_asks_for_a_follow_up(world, client_for):
    """Within the program's hours of care after it was resolved, the end asks for a follow-up."""
    talk, escalation = _crisis(world)
    SafetySettings.objects.create(program=world.program, follow_up_hours=6)
    safety.resolve_escalation(
        escalation=escalation,
        by=world["supervisor"],
        actions=["asked_directly"],
        note="Talked it through.",
    )
    Escalation.objects.filter(pk=escalation.pk).update(
        opened_at=timezone.now() - timedelta(hours=8),
        resolved_at=timezone.now() - timedelta(hours=5),
    )
    client = client_for("supporter")
    url = reverse("conversations:end", args=[talk.pk])
    assert "Before you end: how will you follow up?" in _page(client, "conversations:end", talk.pk)
    refused = client.post(url, {"closing_note": "Goodbye for now."})
    assert refused.status_code == 400
    assert "please agree how you will follow up" in refused.content.decode()
    talk.refresh_from_db()
    assert not talk.is_ended
    ended = client.post(url, {"closing_note": "Goodbye for now.", "follow_up": "hand_over"})
    assert ended.status_code == 302
    assert FollowUp.objects.get().escalation == escalation


# --- staff's word on an assessment ---------------------------------------------------------------------


def test_not_a_crisis_from_the_escalation_page_keeps_a_label(world, client_for):
    talk, escalation = _crisis(world)
    client_for("supervisor").post(
        reverse("safety:assessment", args=[escalation.pk]), {"verdict": "false_alarm"}
    )
    label = AssessmentLabel.objects.get()
    message = talk.messages.get(seq=escalation.source_item)
    assert (label.verdict, label.source_kind, label.source_id) == (
        "false_alarm",
        "conversation",
        message.pk,
    )
    assert label.text == CRISIS_WORDS and label.context == BEFORE
    assert (label.assessed_level, label.model_version) == (
        message.risk_level,
        message.risk_model_version,
    )


def test_not_a_crisis_from_a_message_keeps_a_label_and_opens_nothing_more(world, client_for):
    talk, escalation = _crisis(world)
    client = client_for("supporter")
    page = _page(client, "conversations:message-assessment", talk.pk, escalation.source_item)
    assert "This was not a crisis" in page and "a crisis the app missed" not in page
    url = reverse("conversations:message-assessment", args=[talk.pk, escalation.source_item])
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#m-{escalation.source_item}")
    label = AssessmentLabel.objects.get()
    message = talk.messages.get(seq=escalation.source_item)
    assert (label.verdict, label.source_id, label.labelled_by) == (
        "false_alarm",
        message.pk,
        world["supporter"],
    )
    assert label.text == CRISIS_WORDS and label.context == BEFORE
    assert label.assessed_level == message.risk_level
    assert Escalation.objects.count() == 1  # a false alarm opens nothing
    escalation.refresh_from_db()
    assert escalation.state == State.OPEN  # a supervisor still resolves it


def test_a_missed_crisis_from_a_message_opens_an_escalation_by_hand(world, client_for):
    talk = start_conversation(member=world["member"], supporter=world["supporter"])
    message = send_message(
        conversation=talk, sender=world["member"], client_id=uuid4(), body="I feel far away."
    )
    client = client_for("supporter")
    url = reverse("conversations:message-assessment", args=[talk.pk, message.seq])
    assert "This was a crisis the app missed" in _page(
        client, "conversations:message-assessment", talk.pk, message.seq
    )
    assert client.post(url).status_code == 302
    label = AssessmentLabel.objects.get()
    assert (label.verdict, label.level, label.labelled_by) == ("missed", "high", world["supporter"])
    escalation = Escalation.objects.get()
    assert (escalation.person, escalation.source_id, escalation.source_item) == (
        world["member"], talk.pk, message.seq,
    )  # fmt: skip
    assert escalation.assigned_supporter == world["supporter"]
    # The member cannot label anything.
    assert client_for("member").get(url).status_code == 404


def test_a_new_signal_alerts_the_supporter_again_once_they_had_seen_the_first(world, client_for):
    talk, escalation = _crisis(world)
    safety.mark_alert_seen(escalation=escalation, by=world["supporter"])
    assert "may need help now." not in _page(client_for("supporter"), "accounts:home")
    again = send_message(
        conversation=talk, sender=world["member"], client_id=uuid4(), body=CRISIS_WORDS
    )
    assert safety.escalate_message(again.pk) == escalation
    assert "may need help now." in _page(client_for("supporter"), "accounts:home")
    # An alert still unread is not doubled.
    third = send_message(
        conversation=talk, sender=world["member"], client_id=uuid4(), body=CRISIS_WORDS
    )
    safety.escalate_message(third.pk)
    assert escalation.alerts.filter(recipient=world["supporter"], read_at__isnull=True).count() == 1
