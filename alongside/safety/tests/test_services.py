from datetime import timedelta
from uuid import uuid4

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from alongside.accounts.choices import Role
from alongside.accounts.tests.factories import person
from alongside.audit.models import AccessLog
from alongside.conversations.services import send_message, start_conversation
from alongside.notifications.models import NotificationSettings
from alongside.outcomes.models import SafetyFlag
from alongside.outcomes.services import record_check_in, record_response
from alongside.safety import assess
from alongside.safety import services as safety
from alongside.safety.models import Alert, Escalation, EventKind, SourceKind, State
from alongside.safety.tasks import escalate_if_unacknowledged
from alongside.safety.tests.factories import CRISIS_WORDS, escalation_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def rota(world):
    """The world's supervisor on call, with a second supervisor as backup."""
    backup = person(world.program, Role.SUPERVISOR, username="test-backup")
    safety.set_on_call(
        program=world.program, by=world["supervisor"], supervisor=world["supervisor"], backup=backup
    )
    return backup


def kinds(escalation):
    return list(escalation.events.values_list("kind", flat=True))


def test_the_crisis_words_used_in_tests_are_assessed_as_opening_an_escalation():
    assert assess(CRISIS_WORDS).level.opens_escalation


def test_opening_alerts_the_supporter_and_the_supervisor_on_call_and_starts_the_clock(
    world, rota, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        escalation = escalation_for(world["member"], world.program, supporter=world["supporter"])
    assert escalation.state == State.OPEN
    assert escalation.on_call == world["supervisor"] and escalation.backup == rota
    assert escalation.respond_by == escalation.opened_at + timedelta(minutes=5)
    assert kinds(escalation) == [EventKind.OPENED, EventKind.ALERTED]
    alerted = set(Alert.objects.filter(escalation=escalation).values_list("recipient", flat=True))
    assert alerted == {world["supporter"].pk, world["supervisor"].pk}
    assert AccessLog.objects.filter(
        record_type="safety.escalation", record_id=str(escalation.pk), purpose__contains="opened"
    ).exists()


def test_with_nobody_on_call_every_supervisor_is_alerted(world):
    second = person(world.program, Role.SUPERVISOR)
    escalation = escalation_for(world["member"], world.program)
    assert escalation.assigned_supporter == world["supporter"]  # from the care team
    alerted = set(Alert.objects.filter(escalation=escalation).values_list("recipient", flat=True))
    assert alerted == {world["supporter"].pk, world["supervisor"].pk, second.pk}


def test_a_crisis_message_opens_one_escalation_and_later_ones_join_it(
    world, rota, django_capture_on_commit_callbacks
):
    talk = start_conversation(member=world["member"], supporter=world["supporter"])
    with django_capture_on_commit_callbacks(execute=True):
        send_message(conversation=talk, sender=world["member"], client_id=uuid4(), body="Hi.")
    assert not Escalation.objects.exists()
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            send_message(
                conversation=talk, sender=world["member"], client_id=uuid4(), body=CRISIS_WORDS
            )
    escalation = Escalation.objects.get()
    assert (escalation.person, escalation.source_kind, escalation.source_id) == (
        world["member"],
        SourceKind.CONVERSATION,
        talk.pk,
    )
    assert escalation.source_item == 2 and escalation.assigned_supporter == world["supporter"]
    assert kinds(escalation) == [EventKind.OPENED, EventKind.ALERTED, EventKind.SIGNAL]


def test_after_resolving_a_new_crisis_opens_a_new_escalation(world):
    first = escalation_for(world["member"], world.program, source_id=7)
    safety.resolve_escalation(
        escalation=first, by=world["supervisor"], actions=["asked_directly"], note="Safer now."
    )
    second = escalation_for(world["member"], world.program, source_id=7)
    assert second.pk != first.pk and second.state == State.OPEN


def test_a_phq9_with_item_9_above_zero_opens_an_escalation_and_handles_the_flag(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = record_response(
            member=world["member"], instrument="phq9", answers=[0, 0, 0, 0, 0, 0, 0, 0, 1]
        )
    escalation = Escalation.objects.get()
    assert escalation.source_kind == SourceKind.QUESTIONNAIRE
    assert escalation.source_id == response.pk and escalation.level == "high"
    assert SafetyFlag.objects.get().handled_at is not None


def test_a_worrying_check_in_note_opens_an_escalation(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        check_in = record_check_in(
            member=world["member"], mood=1, sleep=1, energy=1, note=CRISIS_WORDS
        )
    escalation = Escalation.objects.get()
    assert (escalation.source_kind, escalation.source_id) == (SourceKind.CHECK_IN, check_in.pk)


def test_flags_left_unhandled_are_picked_up_by_the_sweep(world):
    record_response(member=world["member"], instrument="phq9", answers=[0] * 8 + [2])
    assert not Escalation.objects.exists()  # no commit in this test: the hook has not run
    assert safety.escalate_unhandled_flags(world.program) == 1
    assert Escalation.objects.get().person == world["member"]


def test_acknowledging_stops_the_timer(world, rota):
    escalation = escalation_for(world["member"], world.program)
    safety.acknowledge_escalation(escalation=escalation, by=world["supervisor"])
    later = escalation.respond_by + timedelta(minutes=1)
    assert not escalate_if_unacknowledged.call(escalation.pk, later.isoformat())
    escalation.refresh_from_db()
    assert escalation.state == State.ACKNOWLEDGED and escalation.escalated_at is None
    assert escalation.acknowledged_by == world["supervisor"]


def test_an_unacknowledged_escalation_goes_to_the_backup_when_the_timer_runs(world, rota):
    escalation = escalation_for(world["member"], world.program)
    # The task runs at the deadline; run it a moment before (nothing happens) and a moment after.
    early = escalation.respond_by - timedelta(seconds=1)
    assert not escalate_if_unacknowledged.call(escalation.pk, early.isoformat())
    late = escalation.respond_by + timedelta(seconds=1)
    assert escalate_if_unacknowledged.call(escalation.pk, late.isoformat())
    escalation.refresh_from_db()
    assert escalation.escalated_at == late and escalation.state == State.OPEN
    assert kinds(escalation)[-2:] == [EventKind.ESCALATED, EventKind.ALERTED]
    assert Alert.objects.filter(recipient=rota, reason=EventKind.ESCALATED).exists()
    assert AccessLog.objects.filter(purpose__contains="backup").exists()
    # Once is enough: a second run changes nothing.
    assert not escalate_if_unacknowledged.call(escalation.pk, late.isoformat())
    assert safety.escalate_overdue(now=late) == 0


def test_the_timer_is_enqueued_when_the_escalation_is_committed(
    world, rota, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        escalation_for(world["member"], world.program)
    assert any("_start_timer" in repr(c) for c in callbacks)


def test_the_program_sets_how_long_the_supervisor_has(world, rota):
    safety.save_safety_settings(
        program=world.program,
        by=world["admin"],
        ack_minutes=15,
        local_lines=[{"name": "County crisis team", "number": "555-0100"}],
        protocol_steps=["Stay with them.", ""],
    )
    escalation = escalation_for(world["member"], world.program)
    assert escalation.respond_by - escalation.opened_at == timedelta(minutes=15)
    assert world.program.safety_settings.steps == ["Stay with them."]


def test_resolving_records_what_was_done_and_acknowledges_first(world, rota):
    escalation = escalation_for(world["member"], world.program)
    safety.add_escalation_note(escalation=escalation, by=world["supporter"], note="Talking now.")
    safety.resolve_escalation(
        escalation=escalation,
        by=world["supervisor"],
        actions=["asked_directly", "connected_988"],
        note="They reached 988 and feel safer.",
    )
    escalation.refresh_from_db()
    assert escalation.state == State.RESOLVED and escalation.resolved_by == world["supervisor"]
    assert kinds(escalation)[-3:] == [EventKind.NOTE, EventKind.ACKNOWLEDGED, EventKind.RESOLVED]
    assert escalation.events.last().actions == ["asked_directly", "connected_988"]
    purposes = list(
        AccessLog.objects.filter(record_id=str(escalation.pk), record_type="safety.escalation")
        .order_by("pk")
        .values_list("purpose", flat=True)
    )
    assert [p.split(": ")[1].split(" ")[0] for p in purposes] == [
        "opened",
        "note",
        "acknowledged",
        "resolved",
    ]
    with pytest.raises(ValidationError):
        safety.resolve_escalation(escalation=escalation, by=world["supervisor"], actions=["other"])


def test_resolving_needs_what_was_done_and_a_note_saying_what_happened(world):
    escalation = escalation_for(world["member"], world.program)
    for actions in ([], ["made_up"]):
        with pytest.raises(ValidationError):
            safety.resolve_escalation(
                escalation=escalation, by=world["supervisor"], actions=actions, note="Talked."
            )
    for actions in (["other"], ["asked_directly"], ["asked_directly", "connected_988"]):
        for note in ("", "   "):
            with pytest.raises(ValidationError) as raised:
                safety.resolve_escalation(
                    escalation=escalation, by=world["supervisor"], actions=actions, note=note
                )
            assert "note" in raised.value.message_dict
    escalation.refresh_from_db()
    assert escalation.state == State.OPEN


@pytest.mark.parametrize("role", ["member", "supporter", "clinician"])
def test_only_supervisors_and_administrators_acknowledge_and_resolve(world, role):
    escalation = escalation_for(world["member"], world.program, supporter=world["supporter"])
    with pytest.raises(PermissionDenied):
        safety.acknowledge_escalation(escalation=escalation, by=world[role])
    with pytest.raises(PermissionDenied):
        safety.resolve_escalation(
            escalation=escalation, by=world[role], actions=["asked_directly"], note="Talked."
        )


def test_a_supervisor_of_another_program_cannot_touch_it(world):
    escalation = escalation_for(world["member"], world.program)
    stranger = person(world.foreign_program, Role.SUPERVISOR)
    with pytest.raises(PermissionDenied):
        safety.acknowledge_escalation(escalation=escalation, by=stranger)
    with pytest.raises(PermissionDenied):
        safety.add_escalation_note(escalation=escalation, by=stranger, note="x")


def test_events_are_append_only(world):
    escalation = escalation_for(world["member"], world.program)
    event = escalation.events.first()
    event.note = "changed"
    with pytest.raises(ValueError):
        event.save()


def test_alerts_are_emailed_only_to_people_who_allow_email(
    world, rota, django_capture_on_commit_callbacks
):
    world["supervisor"].email = "on-call@example.org"
    world["supervisor"].save()
    world["supporter"].email = "peer@example.org"
    world["supporter"].save()
    NotificationSettings.objects.create(user=world["supervisor"], email_allowed=True)
    with django_capture_on_commit_callbacks(execute=True):
        escalation_for(world["member"], world.program, supporter=world["supporter"])
    assert [m.to for m in mail.outbox] == [["on-call@example.org"]]
    assert str(world["member"]) not in mail.outbox[0].body


def test_the_rota_takes_only_supervisors_of_the_program(world):
    with pytest.raises(ValidationError):
        safety.set_on_call(
            program=world.program, by=world["admin"], supervisor=world["supporter"], backup=None
        )
    with pytest.raises(ValidationError):
        safety.set_on_call(
            program=world.program,
            by=world["admin"],
            supervisor=world["supervisor"],
            backup=world["supervisor"],
        )
    with pytest.raises(PermissionDenied):
        safety.set_on_call(
            program=world.program,
            by=world["supporter"],
            supervisor=world["supervisor"],
            backup=None,
        )


def test_the_person_can_ask_to_talk_to_someone_now(world, rota):
    assert safety.ask_to_talk_now(person=world["member"]) is None
    escalation = escalation_for(world["member"], world.program, supporter=world["supporter"])
    safety.acknowledge_escalation(escalation=escalation, by=world["supervisor"])
    assert safety.ask_to_talk_now(person=world["member"], now=timezone.now()) == escalation
    assert Alert.objects.filter(escalation=escalation, reason=EventKind.SIGNAL).count() == 2


def test_the_sweep_command_sends_overdue_escalations_on(world, rota):
    from io import StringIO

    from django.core.management import call_command

    escalation = escalation_for(world["member"], world.program)
    Escalation.objects.filter(pk=escalation.pk).update(
        respond_by=timezone.now() - timedelta(seconds=1)
    )
    out = StringIO()
    call_command("safety_sweep", stdout=out)
    assert out.getvalue().strip() == "1 sent to the backup, 0 flags escalated, 0 check-ins reminded"
    escalation.refresh_from_db()
    assert escalation.escalated_at is not None
