import threading
from datetime import datetime, time, timedelta
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alongside.accounts.choices import Role
from alongside.accounts.tests.factories import ProgramFactory, person
from alongside.audit.models import AccessLog, Action
from alongside.conversations import presence, selectors, services
from alongside.conversations.models import (
    EDIT_WINDOW,
    MAX_BODY,
    Message,
    MessageKind,
    MessageRevision,
    Notification,
    NotificationKind,
)
from alongside.conversations.tests.factories import conversation_with, people_of, say
from alongside.notifications.models import NotificationSettings
from alongside.safety import Assessment, Level

pytestmark = pytest.mark.django_db


def test_start_conversation_seats_the_member_and_the_supporter():
    conversation = conversation_with()
    member, supporter = people_of(conversation)
    assert {p.role for p in conversation.participants.all()} == {Role.MEMBER, Role.SUPPORTER}
    assert services.start_conversation(member=member, supporter=supporter) == conversation


def test_start_conversation_refuses_people_of_different_programs():
    member = person(ProgramFactory(), Role.MEMBER)
    with pytest.raises(ValidationError):
        services.start_conversation(
            member=member, supporter=person(ProgramFactory(), Role.SUPPORTER)
        )


def test_start_conversation_needs_a_supporter_on_the_supporter_side():
    program = ProgramFactory()
    with pytest.raises(ValidationError):
        services.start_conversation(
            member=person(program, Role.MEMBER), supporter=person(program, Role.MEMBER)
        )


def test_messages_are_numbered_from_one_without_gaps():
    conversation = conversation_with()
    member, supporter = people_of(conversation)
    seqs = [say(conversation, sender).seq for sender in (member, supporter, member, member)]
    assert seqs == [1, 2, 3, 4]
    conversation.refresh_from_db()
    assert conversation.last_seq == 4


def test_resend_with_same_client_id_returns_the_first_message():
    conversation = conversation_with()
    member, _ = people_of(conversation)
    client_id = uuid4()
    first = services.send_message(
        conversation=conversation, sender=member, client_id=client_id, body="Hi"
    )
    again = services.send_message(
        conversation=conversation, sender=member, client_id=client_id, body="Hi"
    )
    assert again.pk == first.pk and again.seq == 1
    assert Message.objects.count() == 1


def test_the_same_client_id_from_two_people_is_two_messages():
    conversation = conversation_with()
    member, supporter = people_of(conversation)
    client_id = uuid4()
    a = services.send_message(
        conversation=conversation, sender=member, client_id=client_id, body="Hi"
    )
    b = services.send_message(
        conversation=conversation, sender=supporter, client_id=client_id, body="Hi"
    )
    assert (a.seq, b.seq) == (1, 2)


def test_message_is_broadcast_only_after_commit(django_capture_on_commit_callbacks, sent_events):
    conversation = conversation_with()
    member, _ = people_of(conversation)
    with django_capture_on_commit_callbacks(execute=True):
        say(conversation, member, "hello")
        assert sent_events == []  # nothing leaves before commit
    assert [(group, event["type"], event["seq"]) for group, event in sent_events] == [
        (f"conversation.{conversation.pk}", "message", 1)
    ]


def test_nothing_is_broadcast_when_the_transaction_rolls_back(
    django_capture_on_commit_callbacks, sent_events
):
    conversation = conversation_with()
    member, _ = people_of(conversation)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        say(conversation, member)
        raise RuntimeError
    assert sent_events == []
    assert not Message.objects.exists()


def test_a_resend_is_not_broadcast_again(django_capture_on_commit_callbacks, sent_events):
    conversation = conversation_with()
    member, _ = people_of(conversation)
    client_id = uuid4()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            services.send_message(
                conversation=conversation, sender=member, client_id=client_id, body="x"
            )
    assert len(sent_events) == 1


def test_every_message_is_assessed_and_its_level_stored(monkeypatch):
    seen = []

    def fake_assess(text, **_):
        seen.append(text)
        return Assessment(level=Level.HIGH, reasons=["test"], model_version="test-1")

    monkeypatch.setattr(services, "assess", fake_assess)
    conversation = conversation_with()
    member, _ = people_of(conversation)
    message = say(conversation, member, "  words to check  ")
    assert seen == ["words to check"]
    assert (message.risk_level, message.risk_model_version) == ("high", "test-1")


@pytest.mark.parametrize("body", ["", "   \n ", "x" * (MAX_BODY + 1)])
def test_empty_or_overlong_messages_are_refused(body):
    conversation = conversation_with()
    member, _ = people_of(conversation)
    with pytest.raises(ValidationError):
        say(conversation, member, body)
    assert conversation.messages.count() == 0


def test_someone_outside_the_conversation_cannot_send():
    conversation = conversation_with()
    with pytest.raises(PermissionDenied):
        say(conversation, person(conversation.program, Role.SUPPORTER))


def _send_concurrently(conversation, senders, per_sender):
    errors = []
    barrier = threading.Barrier(len(senders))

    def run(thread, sender):
        try:
            barrier.wait(timeout=10)
            for n in range(per_sender):
                say(conversation, sender, f"{thread}-{n}")
        except Exception as error:  # noqa: BLE001  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n, sender)) for n, sender in enumerate(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_concurrent_senders_never_collide_on_seq(sent_events):
    program = ProgramFactory()
    member = person(program, Role.MEMBER)
    supporter = person(program, Role.SUPPORTER)
    conversation = services.start_conversation(member=member, supporter=supporter)
    _send_concurrently(conversation, [member, supporter, member, supporter], per_sender=10)
    seqs = list(conversation.messages.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, 41))
    conversation.refresh_from_db()
    assert conversation.last_seq == 40
    # What each thread sent kept its order.
    bodies = list(conversation.messages.order_by("seq").values_list("body", flat=True))
    for thread in range(4):
        assert [b for b in bodies if b.startswith(f"{thread}-")] == [
            f"{thread}-{n}" for n in range(10)
        ]


@pytest.mark.django_db(transaction=True)
def test_concurrent_resends_of_one_message_store_it_once(sent_events):
    conversation = conversation_with()
    member, _ = people_of(conversation)
    client_id = uuid4()
    seqs, errors = [], []

    def resend():
        try:
            seqs.append(
                services.send_message(
                    conversation=conversation, sender=member, client_id=client_id, body="once"
                ).seq
            )
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=resend) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == [] and seqs == [1] * 6
    assert conversation.messages.count() == 1


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(st.sampled_from(["member", "supporter"]), st.integers(0, 5)),
        min_size=1,
        max_size=25,
    )
)
def test_any_mix_of_sends_and_resends_numbers_each_message_once_without_gaps(sent_events, steps):
    conversation = conversation_with()
    member, supporter = people_of(conversation)
    people = {"member": member, "supporter": supporter}
    client_ids = [uuid4() for _ in range(6)]
    first_seq = {}
    for who, n in steps:
        message = services.send_message(
            conversation=conversation,
            sender=people[who],
            client_id=client_ids[n],
            body=f"{who} {n}",
        )
        assert first_seq.setdefault((who, n), message.seq) == message.seq
    assert sorted(first_seq.values()) == list(range(1, len(first_seq) + 1))


def test_mark_read_only_moves_forward_and_never_past_the_newest(
    sent_events, django_capture_on_commit_callbacks
):
    conversation = conversation_with()
    member, supporter = people_of(conversation)
    for _ in range(3):
        say(conversation, supporter)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.mark_read(conversation_id=conversation.pk, user=member, seq=2)
        assert not services.mark_read(conversation_id=conversation.pk, user=member, seq=1)
        assert not services.mark_read(conversation_id=conversation.pk, user=member, seq=9)
    conversation.refresh_from_db()
    seat = conversation.participants.get(user=member)
    assert seat.last_read_seq == 2 and seat.unread_count == 1
    assert [e for _, e in sent_events if e["type"] == "read"] == [
        {"type": "read", "conversation": conversation.pk, "user": member.pk, "seq": 2}
    ]


def test_writing_counts_as_reading_what_came_before():
    conversation = conversation_with()
    member, supporter = people_of(conversation)
    say(conversation, supporter)
    say(conversation, member)
    conversation.refresh_from_db()
    assert conversation.participants.get(user=member).unread_count == 0
    assert conversation.participants.get(user=supporter).unread_count == 1


def test_edit_within_the_window_keeps_the_old_words_in_the_audit_trail(
    sent_events, django_capture_on_commit_callbacks
):
    conversation = conversation_with()
    member, _ = people_of(conversation)
    message = say(conversation, member, "I fel better")
    with django_capture_on_commit_callbacks(execute=True):
        services.edit_message(editor=member, message=message, body="I feel better")
    message.refresh_from_db()
    assert message.body == "I feel better" and message.edited_at is not None
    revision = MessageRevision.objects.get(message=message)
    assert (revision.action, revision.body) == ("edited", "I fel better")
    log = AccessLog.objects.get(record_type="conversations.message", record_id=str(message.pk))
    assert (log.action, log.actor_id, log.subject_id) == (Action.WRITE, member.pk, member.pk)
    update = sent_events[-1][1]
    assert (update["type"], update["seq"], update["body"], update["edited"]) == (
        "update",
        1,
        "I feel better",
        True,
    )
    assert update["change"] == 2  # the send was change 1


def test_an_edit_goes_through_the_safety_check_again(monkeypatch):
    conversation = conversation_with()
    member, _ = people_of(conversation)
    message = say(conversation, member, "fine")
    monkeypatch.setattr(services, "assess", lambda text, **_: Assessment(level=Level.CONCERN))
    services.edit_message(editor=member, message=message, body="not so fine")
    message.refresh_from_db()
    assert message.risk_level == "concern"


def test_delete_hides_the_words_from_others_but_keeps_them_for_audit():
    conversation = conversation_with()
    member, _ = people_of(conversation)
    message = say(conversation, member, "something I regret")
    services.delete_message(editor=member, message=message)
    message.refresh_from_db()
    assert message.is_deleted and message.body == ""
    assert MessageRevision.objects.get(message=message).body == "something I regret"
    assert selectors.missed_events(conversation.pk, 0)[0]["deleted"] is True


def test_after_the_window_a_message_can_no_longer_be_changed():
    conversation = conversation_with()
    member, _ = people_of(conversation)
    message = say(conversation, member)
    Message.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - EDIT_WINDOW - timedelta(seconds=1)
    )
    with pytest.raises(ValidationError):
        services.edit_message(editor=member, message=message, body="too late")
    with pytest.raises(ValidationError):
        services.delete_message(editor=member, message=message)


def test_nobody_changes_someone_elses_message():
    conversation = conversation_with()
    member, supporter = people_of(conversation)
    message = say(conversation, member)
    with pytest.raises(ValidationError):
        services.edit_message(editor=supporter, message=message, body="not mine")


def test_ending_leaves_a_closing_note_and_a_readable_history(
    sent_events, django_capture_on_commit_callbacks
):
    conversation = conversation_with()
    member, supporter = people_of(conversation)
    say(conversation, member)
    with django_capture_on_commit_callbacks(execute=True):
        note = services.end_conversation(
            supporter=supporter,
            conversation=conversation,
            closing_note="It was good to talk with you.",
        )
    conversation.refresh_from_db()
    assert conversation.is_ended and conversation.ended_by == supporter
    assert (note.seq, note.kind) == (2, MessageKind.CLOSING)
    assert selectors.access_conversation(member, conversation.pk) == conversation
    assert [e["type"] for _, e in sent_events] == ["message", "state"]
    assert Notification.objects.get(recipient=member).kind == NotificationKind.ENDED
    with pytest.raises(ValidationError) as refused:
        say(conversation, member, "one more thing")
    assert refused.value.code == "ended"


def test_a_resend_after_the_end_still_finds_its_message():
    conversation = conversation_with()
    member, supporter = people_of(conversation)
    client_id = uuid4()
    first = services.send_message(
        conversation=conversation, sender=member, client_id=client_id, body="hi"
    )
    services.end_conversation(
        supporter=supporter, conversation=conversation, closing_note="Take care."
    )
    again = services.send_message(
        conversation=conversation, sender=member, client_id=client_id, body="hi"
    )
    assert again.pk == first.pk


def test_only_a_supporter_ends_a_conversation():
    conversation = conversation_with()
    member, _ = people_of(conversation)
    with pytest.raises(PermissionDenied):
        services.end_conversation(supporter=member, conversation=conversation, closing_note="Bye.")


def test_a_member_leaves_at_any_time_and_may_ask_for_another_peer():
    conversation = conversation_with()
    member, supporter = people_of(conversation)
    note = services.leave_conversation(
        member=member, conversation=conversation, wants_new_peer=True
    )
    seat = conversation.participants.get(user=member)
    conversation.refresh_from_db()
    assert seat.has_left and seat.wants_new_peer and conversation.is_ended
    assert (note.kind, note.body) == (MessageKind.LEFT, "")
    assert Notification.objects.get(recipient=supporter).kind == NotificationKind.LEFT
    with pytest.raises(ValidationError):
        services.leave_conversation(member=member, conversation=conversation, wants_new_peer=False)
    assert selectors.access_conversation(member, conversation.pk) == conversation


def test_messages_to_someone_away_fold_into_one_notification():
    conversation = conversation_with()
    member, supporter = people_of(conversation)
    for _ in range(3):
        say(conversation, supporter)
    notification = Notification.objects.get()
    assert (notification.recipient, notification.count, notification.actor) == (
        member,
        3,
        supporter,
    )
    services.mark_read(conversation_id=conversation.pk, user=member, seq=3)
    say(conversation, supporter)
    assert Notification.objects.unread().get().count == 1  # a fresh one after reading


def test_nobody_is_notified_while_they_have_the_conversation_open(monkeypatch):
    conversation = conversation_with()
    member, supporter = people_of(conversation)
    monkeypatch.setattr(presence, "here", lambda conversation_id, user_ids: set(user_ids))
    say(conversation, supporter)
    assert not Notification.objects.exists()


def _allow_email(user, **choices):
    user.email = "robin@example.org"
    user.save(update_fields=["email"])
    NotificationSettings.objects.create(
        user=user, email_allowed=True, quiet_hours_on=False, **choices
    )


def test_an_email_tells_that_someone_wrote_and_nothing_more(django_capture_on_commit_callbacks):
    conversation = conversation_with()
    member, supporter = people_of(conversation)
    _allow_email(member)
    with django_capture_on_commit_callbacks(execute=True):
        say(conversation, supporter, "a private thing")
    [email] = mail.outbox
    assert email.to == ["robin@example.org"]
    assert "a private thing" not in email.body and str(supporter) not in email.body + email.subject
    assert Notification.objects.get().emailed_at is not None


def test_no_email_unless_the_person_allowed_it(django_capture_on_commit_callbacks):
    conversation = conversation_with()
    member, supporter = people_of(conversation)
    member.email = "robin@example.org"
    member.save()
    with django_capture_on_commit_callbacks(execute=True):
        say(conversation, supporter)
    assert mail.outbox == []


def test_no_email_during_quiet_hours(monkeypatch, django_capture_on_commit_callbacks):
    conversation = conversation_with()
    member, supporter = people_of(conversation)
    _allow_email(member)
    NotificationSettings.objects.filter(user=member).update(
        quiet_hours_on=True, quiet_from=time(21), quiet_until=time(8)
    )
    member.profile.time_zone = "America/Chicago"
    member.profile.save()
    night = datetime(2026, 3, 2, 23, 30, tzinfo=ZoneInfo("America/Chicago"))
    monkeypatch.setattr(timezone, "now", lambda: night)
    with django_capture_on_commit_callbacks(execute=True):
        say(conversation, supporter)
    assert mail.outbox == []


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_an_email_held_by_quiet_hours_waits_for_the_morning(
    monkeypatch, django_capture_on_commit_callbacks
):
    from django_tasks import default_task_backend

    conversation = conversation_with()
    member, supporter = people_of(conversation)
    _allow_email(member)
    NotificationSettings.objects.filter(user=member).update(quiet_hours_on=True)
    member.profile.time_zone = "UTC"
    member.profile.save()
    monkeypatch.setattr(
        timezone, "now", lambda: datetime(2026, 3, 2, 23, 0, tzinfo=ZoneInfo("UTC"))
    )
    with django_capture_on_commit_callbacks(execute=True):
        say(conversation, supporter)
    notification = Notification.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.email_notification(notification_id=notification.pk) is False
    run_afters = [result.task.run_after for result in default_task_backend.results]
    assert datetime(2026, 3, 3, 8, 0, tzinfo=ZoneInfo("UTC")) in run_afters
    assert mail.outbox == []


def test_a_supporter_reading_a_members_conversation_is_audited_and_the_member_is_not():
    conversation = conversation_with()
    member, supporter = people_of(conversation)
    selectors.access_conversation(member, conversation.pk)
    assert not AccessLog.objects.exists()
    selectors.access_conversation(supporter, conversation.pk)
    log = AccessLog.objects.get()
    assert (log.actor, log.subject, log.record_type) == (
        supporter,
        member,
        "conversations.conversation",
    )


def test_a_stranger_cannot_open_a_conversation():
    from django.http import Http404

    conversation = conversation_with()
    with pytest.raises(Http404):
        selectors.access_conversation(person(conversation.program, Role.SUPPORTER), conversation.pk)
    with pytest.raises(Http404):
        selectors.access_conversation(people_of(conversation)[0], conversation.pk + 1000)


def test_missed_events_are_exactly_what_came_after_and_what_changed():
    conversation = conversation_with()
    member, supporter = people_of(conversation)
    messages = [say(conversation, member if n % 2 else supporter, f"m{n}") for n in range(1, 6)]
    services.edit_message(editor=supporter, message=messages[1], body="m2, better")
    events = selectors.missed_events(conversation.pk, 3, after_change=5)
    assert [(e["type"], e["seq"]) for e in events] == [
        ("update", 2),
        ("message", 4),
        ("message", 5),
    ]
    assert [e["seq"] for e in selectors.missed_events(conversation.pk, 3)] == [4, 5]


def test_a_message_is_assessed_with_the_writer_s_recent_words_in_that_conversation(monkeypatch):
    from alongside.safety import assess as real_assess

    calls = []

    def recording(text, **kwargs):
        calls.append((text, kwargs.get("context", [])))
        return real_assess(text, **kwargs)

    monkeypatch.setattr(services, "assess", recording)
    conversation = conversation_with()
    member, supporter = people_of(conversation)
    say(conversation, member, "i'm at the station")
    say(conversation, supporter, "How are you doing?")  # the other person's words are not context
    say(conversation, member, "it's cold here")
    calls.clear()
    say(conversation, member, "next one comes in 8 minutes")
    assert ("next one comes in 8 minutes", ["i'm at the station", "it's cold here"]) in calls


def test_only_recent_words_are_context(monkeypatch):
    from alongside.safety import assess as real_assess

    calls = []
    monkeypatch.setattr(
        services,
        "assess",
        lambda text, **kw: calls.append(kw.get("context", [])) or real_assess(text, **kw),
    )
    conversation = conversation_with()
    member, _ = people_of(conversation)
    old = say(conversation, member, "an old message")
    Message.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=2))
    calls.clear()
    say(conversation, member, "a new one")
    assert all(context == [] for context in calls)
