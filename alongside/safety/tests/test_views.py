import re
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.choices import Role
from alongside.accounts.services import issue_api_token
from alongside.accounts.tests.factories import person
from alongside.audit.models import AccessLog
from alongside.care_plans.models import Plan
from alongside.conversations.services import start_conversation
from alongside.safety import services as safety
from alongside.safety.models import Escalation, OnCallShift, SafetySettings, State
from alongside.safety.tests.factories import CRISIS_WORDS, escalation_for

pytestmark = pytest.mark.django_db


def _grow(world, n):
    for _ in range(n):
        member = person(world.program, Role.MEMBER)
        escalation_for(member, world.program, supporter=world["supporter"])


# Every signed-in page: 5, and staff's two-step device: 1. This page: open list, resolved list, alert
# count, on-call shift = 4.
@pytest.mark.parametrize(
    ("role", "queries"), [("supervisor", 12), ("supporter", 10)]
)  # the shell: alerts (+ open count)
def test_the_dashboard_costs_the_same_few_queries_however_many_escalations(
    world, client_for, django_assert_num_queries, role, queries
):
    safety.set_on_call(
        program=world.program, by=world["supervisor"], supervisor=world["supervisor"], backup=None
    )
    _grow(world, 3)
    client = client_for(role)
    client.get(reverse("safety:dashboard"))  # the first visit after signing in stores the timeout
    with django_assert_num_queries(queries):
        response = client.get(reverse("safety:dashboard"))
    assert response.content.decode().count("data-escalation=") == 3
    _grow(world, 6)
    with django_assert_num_queries(queries):
        response = client.get(reverse("safety:dashboard"))
    assert response.content.decode().count("data-escalation=") == 9


def test_the_dashboard_lists_the_timer_that_runs_out_first_first_and_refreshes_as_a_fragment(
    world, client_for
):
    first = escalation_for(world["member"], world.program)
    second = escalation_for(world.other_member, world.program)
    client = client_for("supervisor")
    text = client.get(reverse("safety:dashboard")).content.decode()
    assert text.index(f'data-escalation="{first.pk}"') < text.index(
        f'data-escalation="{second.pk}"'
    )
    fragment = client.get(reverse("safety:dashboard"), headers={"HX-Request": "true"})
    assert (
        "<html" not in fragment.content.decode() and "data-open-list" in fragment.content.decode()
    )


def _opened(who, program, *, level, minutes_ago):
    return safety.open_escalation(
        program=program,
        person=who,
        source_kind="conversation",
        source_id=who.pk + 5000,
        level=level,
        reasons=["Current thoughts of suicide or of wanting to die."],
        now=timezone.now() - timedelta(minutes=minutes_ago),
    )


def test_the_dashboard_and_the_api_list_by_level_then_waiting_before_taken_then_time_left(
    world, client_for
):
    """An escalation acknowledged hours ago (its timer long run out) sorts below a fresh one nobody
    has taken yet at the same level; `imminent` comes first whatever its state."""
    people = [person(world.program, Role.MEMBER) for _ in range(4)]
    taken_high = _opened(people[0], world.program, level="high", minutes_ago=180)
    taken_imminent = _opened(people[1], world.program, level="imminent", minutes_ago=120)
    for taken in (taken_high, taken_imminent):
        safety.acknowledge_escalation(escalation=taken, by=world["supervisor"])
    waiting_high = _opened(people[2], world.program, level="high", minutes_ago=1)
    waiting_imminent = _opened(people[3], world.program, level="imminent", minutes_ago=2)
    expected = [waiting_imminent.pk, taken_imminent.pk, waiting_high.pk, taken_high.pk]

    text = client_for("supervisor").get(reverse("safety:dashboard")).content.decode()
    assert [int(pk) for pk in re.findall(r'data-escalation="(\d+)"', text)] == expected
    token = issue_api_token(user=world["supervisor"])
    listed = Client().get("/api/safety/escalations", headers={"Authorization": f"Bearer {token}"})
    assert [row["id"] for row in listed.json()] == expected


def test_a_supporter_sees_only_their_own_members_escalations(world, client_for):
    mine = escalation_for(world["member"], world.program, supporter=world["supporter"])
    theirs = escalation_for(world.other_member, world.program)
    text = client_for("supporter").get(reverse("safety:dashboard")).content.decode()
    assert f'data-escalation="{mine.pk}"' in text and f'data-escalation="{theirs.pk}"' not in text
    assert "Acknowledge" not in text


def test_acknowledge_note_and_resolve_from_the_pages(world, client_for):
    escalation = escalation_for(world["member"], world.program)
    client = client_for("supervisor")
    client.post(reverse("safety:acknowledge", args=[escalation.pk]))
    client.post(reverse("safety:note", args=[escalation.pk]), {"note": "Called them back."})
    response = client.post(
        reverse("safety:resolve", args=[escalation.pk]),
        {"actions": ["asked_directly", "safety_plan"], "note": "Safer now."},
    )
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.state == State.RESOLVED
    page = client.get(reverse("safety:escalation", args=[escalation.pk])).content.decode()
    assert "Called them back." in page and "Reviewed their safety plan with them" in page
    assert AccessLog.objects.filter(
        purpose="Read a safety escalation", actor=world["supervisor"]
    ).exists()


def test_resolving_without_saying_what_was_done_keeps_the_note(world, client_for):
    escalation = escalation_for(world["member"], world.program)
    response = client_for("supervisor").post(
        reverse("safety:resolve", args=[escalation.pk]), {"note": "My words stay."}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Please choose what was done." in text and "My words stay." in text


def test_resolving_without_a_note_does_not_resolve_and_keeps_the_ticks(world, client_for):
    escalation = escalation_for(world["member"], world.program)
    response = client_for("supervisor").post(
        reverse("safety:resolve", args=[escalation.pk]),
        {"actions": ["asked_directly", "connected_988"], "note": ""},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Please write what happened." in text
    ticked = re.findall(r'<input type="checkbox"[^>]*value="(\w+)"[^>]*checked', text)
    assert sorted(ticked) == ["asked_directly", "connected_988"]
    escalation.refresh_from_db()
    assert escalation.state == State.OPEN


def test_the_rota_and_the_settings_pages_save(world, client_for):
    backup = person(world.program, Role.SUPERVISOR)
    response = client_for("supervisor").post(
        reverse("safety:on-call"), {"supervisor": world["supervisor"].pk, "backup": backup.pk}
    )
    assert response.status_code == 302
    assert OnCallShift.objects.get().backup == backup
    response = client_for("admin").post(
        reverse("safety:settings"),
        {
            "ack_minutes": 10,
            "local_lines": "County crisis team: 555-0100",
            "protocol_steps": "Stay with them.\nAsk directly.",
        },
    )
    assert response.status_code == 302
    rules = SafetySettings.objects.get()
    assert rules.local_lines == [{"name": "County crisis team", "number": "555-0100"}]
    assert rules.steps == ["Stay with them.", "Ask directly."]
    bad = client_for("admin").post(
        reverse("safety:settings"),
        {"ack_minutes": 10, "local_lines": "no number here", "protocol_steps": "x"},
    )
    assert bad.status_code == 400 and "no number here" in bad.content.decode()


def _settings(**changed):
    return {
        "ack_minutes": 10,
        "local_lines": "",
        "protocol_steps": "Stay with them.",
        "follow_up_hours": "",
    } | changed


def test_the_settings_page_saves_the_hours_of_care_and_keeps_bad_hours_with_a_message(
    world, client_for
):
    client = client_for("admin")
    assert client.post(reverse("safety:settings"), _settings(follow_up_hours=6)).status_code == 302
    assert SafetySettings.objects.get(program=world.program).follow_up_hours == 6
    page = client.get(reverse("safety:settings")).content.decode()
    assert re.search(r'name="follow_up_hours"[^>]*value="6"', page)
    for bad in ("400", "-1", "six"):
        response = client.post(reverse("safety:settings"), _settings(follow_up_hours=bad))
        assert response.status_code == 400
        text = response.content.decode()
        error = re.search(r'id="id_follow_up_hours_error"[^>]*>(.*?)</div>', text, re.S)
        assert error and "hours of care after an escalation" in error.group(1)
        assert re.search(rf'name="follow_up_hours"[^>]*value="{bad}"', text)
        assert SafetySettings.objects.get(program=world.program).follow_up_hours == 6
    # Left empty, the hours stay as they were.
    assert client.post(reverse("safety:settings"), _settings()).status_code == 302
    assert SafetySettings.objects.get(program=world.program).follow_up_hours == 6


def test_after_a_plain_post_of_a_crisis_message_the_writer_sees_the_crisis_options(
    world, client_for
):
    talk = start_conversation(member=world["member"], supporter=world["supporter"])
    Plan.objects.create(program=world.program, member=world["member"], kind="safety", content={})
    client = client_for("member")
    page = client.get(reverse("conversations:conversation", args=[talk.pk])).content.decode()
    assert "data-crisis-panel hidden" in page  # in the page, hidden until needed
    # The test transaction never commits, so the post-commit hook is run here by hand.
    client.post(
        reverse("conversations:send", args=[talk.pk]),
        {"body": CRISIS_WORDS, "client_id": str(uuid4())},
    )
    safety.escalate_message(talk.messages.get().pk)
    page = client.get(reverse("conversations:conversation", args=[talk.pk])).content.decode()
    assert "data-crisis-panel>" in page or "data-crisis-panel\n" in page
    assert 'href="tel:988"' in page and 'href="sms:988"' in page
    assert "/plans/safety/?from=conversation" in page
    assert "Talk to a person now" in page
    # The supporter sees the protocol beside the conversation.
    other = client_for("supporter").get(reverse("conversations:conversation", args=[talk.pk]))
    assert "Safety protocol, step by step" in other.content.decode()
    escalation = Escalation.objects.get()
    assert escalation.assigned_supporter == world["supporter"]
    assert f'href="/safety/escalations/{escalation.pk}/"' in other.content.decode()


def test_talk_to_a_person_now_alerts_and_returns_the_person_to_where_they_were(world, client_for):
    escalation_for(world["member"], world.program, supporter=world["supporter"])
    response = client_for("member").post(reverse("safety:talk-now"), {"next": "/conversations/"})
    assert response.status_code == 302 and response["Location"] == "/conversations/"
    evil = client_for("member").post(reverse("safety:talk-now"), {"next": "https://evil.test/"})
    assert evil["Location"] == "/"


def _selected(text: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', text, re.S)
    assert select, name
    return re.findall(r'<option value="(\d*)"[^>]*selected', select.group(0))


def test_the_rota_form_starts_on_who_is_on_call_now(world, client_for):
    backup = person(world.program, Role.SUPERVISOR, display_name="Morgan")
    safety.set_on_call(
        program=world.program, by=world["supervisor"], supervisor=world["supervisor"], backup=backup
    )
    client = client_for("supervisor")
    text = client.get(reverse("safety:on-call")).content.decode()
    assert "The backup is Morgan." in text
    assert _selected(text, "supervisor") == [str(world["supervisor"].pk)]
    assert _selected(text, "backup") == [str(backup.pk)]
    # Pressing the button as the page stands keeps the backup.
    client.post(
        reverse("safety:on-call"), {"supervisor": world["supervisor"].pk, "backup": backup.pk}
    )
    assert OnCallShift.objects.order_by("-starts_at", "-pk").first().backup == backup


def test_dates_and_names_ending_in_a_full_stop_get_only_one(world, client_for):
    supervisor = person(world.program, Role.SUPERVISOR, display_name="Sam Ortiz Jr.")
    backup = person(world.program, Role.SUPERVISOR, display_name="Morgan Lee Sr.")
    at = datetime(2026, 11, 22, 18, 38, tzinfo=UTC)  # 1:38 p.m. in the program's New York
    safety.set_on_call(
        program=world.program, by=world["supervisor"], supervisor=supervisor, backup=backup, now=at
    )
    escalation_for(world["member"], world.program)
    for url in (reverse("safety:on-call"), reverse("safety:dashboard")):
        text = client_for("supervisor").get(url).content.decode()
        assert "Jr." in text and "Sr." in text
        assert not re.search(r"\w\.\.(\s|<|$)", text), url
    text = client_for("supervisor").get(reverse("safety:on-call")).content.decode()
    assert "since Nov. 22, 2026, 1:38 p.m. " in text or "since Nov. 22, 2026, 1:38 p.m.<" in text


def test_the_dashboard_says_an_escalation_waits_on_the_backup_once_sent_on(world, client_for):
    backup = person(world.program, Role.SUPERVISOR, display_name="Morgan")
    safety.set_on_call(
        program=world.program, by=world["supervisor"], supervisor=world["supervisor"], backup=backup
    )
    escalation = escalation_for(world["member"], world.program)
    on_call = str(world["supervisor"])
    text = client_for("supervisor").get(reverse("safety:dashboard")).content.decode()
    assert f"Waiting for {on_call}." in text
    assert safety.escalate_to_backup(
        escalation_id=escalation.pk, now=escalation.respond_by + timedelta(seconds=1)
    )
    text = client_for("supervisor").get(reverse("safety:dashboard")).content.decode()
    assert "Waiting for Morgan, the backup on call." in text
    assert f"Waiting for {on_call}." not in text


@pytest.mark.parametrize(
    ("language", "phrase"), [("en", "not alone with this"), ("es", "solo con esto")]
)
def test_the_supporters_protocol_says_you_are_not_alone_only_once(
    world, client_for, language, phrase
):
    talk = start_conversation(member=world["member"], supporter=world["supporter"])
    escalation_for(world["member"], world.program, supporter=world["supporter"], source_id=talk.pk)
    client = client_for("supporter")
    client.cookies["django_language"] = language
    text = client.get(reverse("conversations:conversation", args=[talk.pk])).content.decode()
    protocol = re.search(r'<aside class="card protocol".*?</aside>', text, re.S)
    assert protocol
    assert protocol.group(0).lower().count(phrase) == 1
    assert len(re.findall(r"<li>", protocol.group(0))) == 7


@pytest.mark.parametrize(
    ("role", "shown"), [("supporter", True), ("supervisor", True), ("member", False)]
)
def test_everyone_who_may_see_the_safety_dashboard_has_it_in_the_menu(
    world, client_for, role, shown
):
    text = client_for(role).get(reverse("accounts:home")).content.decode()
    nav = re.search(r'<nav aria-label="Main".*?</nav>', text, re.S)
    assert nav
    assert (f'href="{reverse("safety:dashboard")}"' in nav.group(0)) is shown
    if shown:
        assert client_for(role).get(reverse("safety:dashboard")).status_code == 200
