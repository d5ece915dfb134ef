"""Reports, actions, appeals, enforcement, blocks and holds, through the services every interface uses."""

from datetime import timedelta
from uuid import uuid4

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from alongside.accounts.choices import Role
from alongside.accounts.models import Membership
from alongside.accounts.tests.factories import person
from alongside.audit.models import AccessLog
from alongside.conversations.models import Message
from alongside.conversations.realtime import message_event
from alongside.conversations.services import send_message, start_conversation
from alongside.conversations.tests.factories import say_anyway
from alongside.matching.models import Block
from alongside.matching.selectors import blocked_ids
from alongside.safety.moderation import selectors, services, targets
from alongside.safety.moderation.models import (
    AppealStatus,
    HoldStatus,
    ModerationSettings,
    ReportStatus,
)
from alongside.safety.moderation.tests.factories import action_on, message_in, open_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def talk(world):
    return start_conversation(member=world["member"], supporter=world["supporter"])


def _report_message(world, talk, body="Call me at this number, off the app."):
    message = say_anyway(talk, world["supporter"], body)
    return message, services.report(
        reporter=world["member"],
        target_kind="message",
        target_id=message.pk,
        reason="contact_details",
        note="It made me uneasy.",
    )


def test_a_member_reports_a_message_they_can_see_and_the_words_are_kept(world, talk):
    message, found = _report_message(world, talk)
    assert found.program == world.program and found.target_author == world["supporter"]
    assert found.excerpt == message.body and found.status == ReportStatus.OPEN
    assert AccessLog.objects.filter(actor=world["member"], purpose="Reported").exists()


def test_reporting_the_same_thing_twice_while_open_keeps_one_report(world, talk):
    _message, first = _report_message(world, talk)
    again = services.report(
        reporter=world["member"], target_kind="message", target_id=first.target_id, reason="spam"
    )
    assert again.pk == first.pk


@pytest.mark.parametrize(
    ("kind", "target", "reason", "field"),
    [
        ("poem", "message", "spam", "target_kind"),
        ("message", "stranger", "spam", "target_id"),
        ("message", "mine", "spam", "target_id"),
        ("message", "message", "rude", "reason"),
    ],
)
def test_a_report_that_cannot_be_made_names_the_field(world, talk, kind, target, reason, field):
    ids = {
        "message": say_anyway(talk, world["supporter"]).pk,
        "mine": say_anyway(talk, world["member"]).pk,
        "stranger": message_in(world.program).pk,  # a conversation the member is not in
    }
    with pytest.raises(ValidationError) as caught:
        services.report(
            reporter=world["member"], target_kind=kind, target_id=ids[target], reason=reason
        )
    assert field in caught.value.error_dict


def test_nobody_can_report_across_programs(world):
    with pytest.raises(ValidationError):
        services.report(
            reporter=world["member"],
            target_kind="person",
            target_id=world.foreign_member.pk,
            reason="spam",
        )


def test_hiding_a_message_shows_it_as_hidden_everywhere_and_closes_every_report_on_it(
    world, talk, django_capture_on_commit_callbacks
):
    message, found = _report_message(world, talk)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        action = services.act_on_report(
            moderator=world["supervisor"],
            report_id=found.pk,
            kind="hide",
            reason="Contact details stay off the app.",
        )
    assert callbacks  # the live update leaves after commit
    message.refresh_from_db()
    assert message.is_hidden and message.body  # the words stay for moderators and the audit trail
    event = message_event(message)
    assert event["hidden"] is True and event["body"] == ""
    found.refresh_from_db()
    assert found.status == ReportStatus.ACTED and action.subject == world["supporter"]
    assert AccessLog.objects.filter(actor=world["supervisor"], purpose="Moderation: hide").exists()


def test_one_decision_closes_the_other_open_reports_about_the_same_thing(world):
    about = world.other_member
    first = open_report(world.program, about=about)
    second = open_report(world.program, about=about)
    services.act_on_report(moderator=world["admin"], report_id=first.pk, kind="dismiss")
    second.refresh_from_db()
    assert second.status == ReportStatus.DISMISSED


def test_a_moderator_of_another_program_cannot_touch_a_report(world):
    found = open_report(world.program)
    outsider = person(world.foreign_program, Role.SUPERVISOR)
    with pytest.raises(Http404):
        services.act_on_report(moderator=outsider, report_id=found.pk, kind="dismiss")
    with pytest.raises(Http404):
        services.act_on_report(moderator=world["supporter"], report_id=found.pk, kind="dismiss")


@pytest.mark.parametrize(
    ("kind", "reason", "days", "field"),
    [
        ("warn", "", None, "reason"),
        ("suspend", "Too much.", None, "days"),
        ("suspend", "Too much.", 400, "days"),
        ("hide", "A person cannot be hidden.", None, "kind"),
    ],
)
def test_an_action_without_what_it_needs_says_which_field(world, kind, reason, days, field):
    found = open_report(world.program)
    with pytest.raises(ValidationError) as caught:
        services.act_on_report(
            moderator=world["supervisor"], report_id=found.pk, kind=kind, reason=reason, days=days
        )
    assert field in caught.value.error_dict


def test_a_suspended_person_cannot_send_and_is_told_why_until_it_ends(world, talk):
    found = open_report(world.program, about=world["member"])
    services.act_on_report(
        moderator=world["supervisor"],
        report_id=found.pk,
        kind="suspend",
        reason="Please take a short break.",
        days=2,
    )
    allowed, why = selectors.may_post(world["member"], world.program)
    assert not allowed and "Please take a short break." in why
    with pytest.raises(ValidationError) as caught:
        send_message(conversation=talk, sender=world["member"], client_id=uuid4(), body="hi")
    assert caught.value.code == "suspended"
    assert not Message.objects.filter(conversation=talk).exists()
    assert selectors.may_post(world["member"], world.foreign_program) == (True, "")


def test_a_finished_suspension_no_longer_stops_anyone(world):
    action_on(
        world["member"], world.program, "suspend", ends_at=timezone.now() - timedelta(minutes=1)
    )
    assert selectors.may_post(world["member"], world.program) == (True, "")


def test_a_ban_stops_posting_until_reversed_on_appeal(world, talk):
    action = action_on(world["member"], world.program, "ban")
    assert selectors.may_post(world["member"], world.program)[0] is False
    appeal = services.appeal(person=world["member"], action_id=action.pk, note="I was quoting.")
    decided = services.decide_appeal(moderator=world["admin"], appeal_id=appeal.pk, reverse=True)
    assert decided.status == AppealStatus.REVERSED
    assert selectors.may_post(world["member"], world.program) == (True, "")
    say_anyway(talk, world["member"], "Thank you for looking again.")


def test_a_person_appeals_once_and_only_their_own_actions(world):
    action = action_on(world["member"], world.program)
    with pytest.raises(Http404):
        services.appeal(person=world.other_member, action_id=action.pk, note="Not mine.")
    services.appeal(person=world["member"], action_id=action.pk, note="Please look again.")
    with pytest.raises(ValidationError) as caught:
        services.appeal(person=world["member"], action_id=action.pk, note="And again.")
    assert caught.value.error_dict["note"][0].code == "once"


def test_reversing_a_hide_shows_the_message_again(world, talk):
    message, found = _report_message(world, talk)
    action = services.act_on_report(
        moderator=world["supervisor"], report_id=found.pk, kind="hide", reason="Contact details."
    )
    appeal = services.appeal(
        person=world["supporter"], action_id=action.pk, note="It was the program's own helpline."
    )
    services.decide_appeal(moderator=world["supervisor"], appeal_id=appeal.pk, reverse=True)
    message.refresh_from_db()
    assert not message.is_hidden


def test_an_upheld_appeal_leaves_the_action_in_force(world):
    action = action_on(world["member"], world.program, "ban")
    appeal = services.appeal(person=world["member"], action_id=action.pk, note="Please.")
    services.decide_appeal(
        moderator=world["supervisor"], appeal_id=appeal.pk, reverse=False, note="We looked again."
    )
    assert selectors.may_post(world["member"], world.program)[0] is False
    with pytest.raises(ValidationError):
        services.decide_appeal(moderator=world["supervisor"], appeal_id=appeal.pk, reverse=True)


# --- blocks ----------------------------------------------------------------------------------------


def test_after_a_block_neither_can_write_to_the_other_in_their_conversation(world, talk):
    services.block_person(blocker=world["member"], person_id=world["supporter"].pk)
    for sender in (world["member"], world["supporter"]):
        with pytest.raises(ValidationError) as caught:
            send_message(conversation=talk, sender=sender, client_id=uuid4(), body="hello")
        assert caught.value.code == "blocked"


def test_blocked_people_cannot_start_a_conversation_and_unblocking_lets_them(world):
    services.block_person(blocker=world["supporter"], person_id=world["member"].pk)
    assert world["supporter"].pk in blocked_ids(world["member"].pk)
    with pytest.raises(ValidationError) as caught:
        start_conversation(member=world["member"], supporter=world["supporter"])
    assert caught.value.code == "blocked"
    assert services.unblock_person(blocker=world["supporter"], person_id=world["member"].pk)
    assert start_conversation(member=world["member"], supporter=world["supporter"])


def test_only_the_blocker_can_take_a_block_back(world):
    services.block_person(blocker=world["member"], person_id=world["supporter"].pk)
    assert not services.unblock_person(blocker=world["supporter"], person_id=world["member"].pk)
    assert Block.objects.filter(blocker=world["member"]).exists()


def test_nobody_can_block_across_programs_or_themself(world):
    for target in (world.foreign_member, world["member"]):
        with pytest.raises(Http404):
            services.block_person(blocker=world["member"], person_id=target.pk)


# --- holds -----------------------------------------------------------------------------------------


@pytest.fixture
def plain_kind():
    """A stand-in for forum posts: a target kind with no model, recording what was released."""
    released = {}
    targets.register(
        "test_post",
        targets.TargetKind(
            label="a test post",
            find=lambda viewer, pk: None,
            release=lambda pk, approved: released.__setitem__(pk, approved),
        ),
    )
    yield released
    targets.unregister("test_post")


def _holding(program, **fields):
    return ModerationSettings.objects.create(program=program, holds_new_members=True, **fields)


def test_holds_are_off_unless_the_program_turns_them_on(world):
    assert services.should_hold(world["member"], world.program) is False


def test_a_new_member_is_held_for_their_first_days(world):
    _holding(world.program, hold_days=7, hold_posts=0)
    assert services.should_hold(world["member"], world.program) is True
    Membership.objects.filter(user=world["member"]).update(
        created_at=timezone.now() - timedelta(days=8)
    )
    assert services.should_hold(world["member"], world.program) is False


def test_staff_and_supporters_are_never_held(world):
    _holding(world.program, hold_days=7, hold_posts=3)
    for role in ("supporter", "supervisor", "admin"):
        assert services.should_hold(world[role], world.program) is False
    assert services.should_hold(world.foreign_member, world.program) is False


def test_a_member_is_held_until_their_first_posts_are_approved(world, plain_kind):
    _holding(world.program, hold_days=0, hold_posts=2)
    member = world["member"]
    for post_id in (1, 2):
        assert services.should_hold(member, world.program) is True
        held = services.hold(
            author=member,
            program=world.program,
            target_kind="test_post",
            target_id=post_id,
            excerpt="My first post.",
        )
        services.decide_hold(moderator=world["supervisor"], hold_id=held.pk, approve=True)
    assert plain_kind == {1: True, 2: True}
    assert services.should_hold(member, world.program) is False


def test_a_rejected_post_needs_a_reason_the_author_reads(world, plain_kind):
    held = services.hold(
        author=world["member"],
        program=world.program,
        target_kind="test_post",
        target_id=9,
        excerpt="Buy my things.",
    )
    with pytest.raises(ValidationError) as caught:
        services.decide_hold(moderator=world["admin"], hold_id=held.pk, approve=False)
    assert "reason" in caught.value.error_dict
    decided = services.decide_hold(
        moderator=world["admin"],
        hold_id=held.pk,
        approve=False,
        reason="Selling is not allowed here.",
    )
    assert decided.status == HoldStatus.REJECTED and plain_kind == {9: False}
    assert list(selectors.declined_holds_of(world["member"])) == [decided]
    assert (
        services.hold(
            author=world["member"],
            program=world.program,
            target_kind="test_post",
            target_id=9,
            excerpt="again",
        ).pk
        == held.pk
    )  # held once per target


def test_holding_an_unknown_kind_is_refused(world):
    with pytest.raises(ValidationError):
        services.hold(
            author=world["member"],
            program=world.program,
            target_kind="nope",
            target_id=1,
            excerpt="",
        )


def test_the_queue_lists_open_items_oldest_first_and_is_audited(world, plain_kind):
    older = open_report(world.program)
    newer = open_report(world.program)
    open_report(world.foreign_program)
    services.hold(
        author=world["member"],
        program=world.program,
        target_kind="test_post",
        target_id=3,
        excerpt="Hello all.",
    )
    queue = selectors.moderation_queue(world["supervisor"])
    assert [r.pk for r in queue.reports] == [older.pk, newer.pk]
    assert len(queue.holds) == 1 and queue.appeals == []
    assert AccessLog.objects.filter(purpose="Opened the moderation queue").count() == 1
    with pytest.raises(Http404):
        selectors.moderation_queue(world["member"])
