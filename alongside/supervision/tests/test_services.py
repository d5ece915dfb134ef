"""Supervision through its services: sessions and hours, debriefs after escalations, the case-review
queue, limits that matching and the on-call rota respect, and the supporter's own check-in."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from alongside.accounts.selectors import today_in
from alongside.matching import selectors as matching
from alongside.matching import services as matching_services
from alongside.matching.tests.factories import EVENINGS, member, supporter
from alongside.safety import services as safety
from alongside.safety.models import Escalation, OnCallShift
from alongside.supervision import selectors, services
from alongside.supervision.models import Debrief, ReviewItem
from alongside.supervision.tests.factories import another, resolved_escalation, session

pytestmark = pytest.mark.django_db
TODAY = timezone.now().date()  # only for dates far from the edge


def today(world):
    return today_in(world.program)


def test_sessions_count_toward_supervised_hours_since_a_date(world):
    session(world, minutes=90, days_ago=40)
    session(world, minutes=45, days_ago=2)
    group_peer = another(world, "supporter", "test-peer-2")
    services.log_session(
        supervisor=world["supervisor"],
        supporters=[world["supporter"], group_peer],
        kind="group",
        held_on=today(world),
        minutes=30,
    )
    assert selectors.supervised_hours(world["supporter"], world.program) == Decimal("2.75")
    since = today(world) - datetime.timedelta(days=7)
    assert selectors.supervised_hours(world["supporter"], world.program, since) == Decimal("1.25")
    assert selectors.supervised_hours(group_peer, world.program) == Decimal("0.50")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"minutes": 0}, "minutes"),
        ({"held_on": TODAY + datetime.timedelta(days=3)}, "held_on"),
        ({"kind": "group"}, "supporters"),
        ({"competencies": ["juggling"]}, "competencies"),
        ({"supporters": "member"}, "supporters"),
    ],
)
def test_a_session_with_bad_input_names_the_field_and_stores_nothing(world, changes, field):
    values = {
        "supervisor": world["supervisor"],
        "supporters": [world["supporter"]],
        "kind": "individual",
        "held_on": today(world),
        "minutes": 60,
    }
    if changes.get("supporters") == "member":
        changes = {"supporters": [world["member"]]}
    with pytest.raises(ValidationError) as refused:
        services.log_session(**{**values, **changes})
    assert field in refused.value.message_dict
    assert selectors.supervised_hours(world["supporter"], world.program) == 0


def test_private_notes_belong_to_one_to_one_sessions_only(world):
    peer = another(world, "supporter", "test-peer-2")
    with pytest.raises(ValidationError) as refused:
        services.log_session(
            supervisor=world["supervisor"],
            supporters=[world["supporter"], peer],
            kind="group",
            held_on=today(world),
            minutes=60,
            notes="Private words.",
        )
    assert "notes" in refused.value.message_dict


def test_only_supervisors_log_sessions(world):
    for role in ("supporter", "admin", "member"):
        with pytest.raises(PermissionDenied):
            session(world, supervisor=world[role])


def test_crisis_words_in_private_notes_open_an_escalation_for_their_writer(world):
    logged = session(world, notes="I'm going to kill myself tonight.")
    escalation = Escalation.objects.get(source_kind="supervision", source_id=logged.pk)
    assert escalation.person == world["supervisor"]


def test_a_resolved_escalation_offers_a_debrief_and_accepting_puts_it_first_in_the_queue(world):
    services.ask_to_talk_through(supporter=world["supporter"], note="A hard goodbye last week.")
    escalation = resolved_escalation(world)
    offered = selectors.debriefs_offered(world["supporter"]).get()
    assert (offered.escalation_id, offered.debrief) == (escalation.pk, Debrief.OFFERED)
    queue = selectors.review_queue(world.program)
    assert [i.kind for i in queue] == ["talk_through", "escalation"]  # asked first
    services.answer_debrief(supporter=world["supporter"], item=offered, accept=True)
    assert not selectors.debriefs_offered(world["supporter"]).exists()
    assert all(i.asked_to_talk for i in selectors.review_queue(world.program))
    services.mark_reviewed(by=world["supervisor"], item=offered)
    assert [i.kind for i in selectors.review_queue(world.program)] == ["talk_through"]


def test_a_debrief_is_offered_once_and_only_to_supporters_who_helped(world):
    escalation = resolved_escalation(world)
    services.offer_debriefs(escalation)  # heard twice
    assert ReviewItem.objects.filter(escalation_id=escalation.pk).count() == 1
    with pytest.raises(PermissionDenied):
        item = ReviewItem.objects.get()
        services.answer_debrief(supporter=world["supervisor"], item=item, accept=True)


def test_a_caseload_limit_keeps_matching_from_offering_more(world):
    peer = supporter(world.program, "capped", capacity=3)
    services.set_care(by=world["supervisor"], supporter=peer, supervisor=None, caseload_limit=0)
    request = matching_services.submit_request(
        member=member(world.program), availability=EVENINGS[:2]
    )
    assert peer not in [m.supporter for m in matching.matches_for(request)]
    services.set_care(by=world["supervisor"], supporter=peer, supervisor=None, caseload_limit=None)
    assert peer in [m.supporter for m in matching.matches_for(request)]


def test_nobody_goes_on_call_past_the_weekly_limit(world):
    services.save_rules(by=world["admin"], on_call_hours_per_week=24)
    OnCallShift.objects.create(
        program=world.program,
        supervisor=world["supervisor"],
        starts_at=timezone.now() - datetime.timedelta(hours=30),
    )
    with pytest.raises(ValidationError) as refused:
        safety.set_on_call(
            program=world.program, by=world["admin"], supervisor=world["supervisor"], backup=None
        )
    assert "limit is 24" in refused.value.message_dict["supervisor"][0]
    services.save_rules(by=world["admin"], on_call_hours_per_week=40)
    safety.set_on_call(
        program=world.program, by=world["admin"], supervisor=world["supervisor"], backup=None
    )


def test_a_check_in_is_seen_by_its_writer_and_by_their_supervisor_only_when_shared(world):
    me, supervisor = world["supporter"], world["supervisor"]
    other_supervisor = another(world, "supervisor", "test-supervisor-2")
    services.set_care(by=supervisor, supporter=me, supervisor=supervisor, caseload_limit=None)
    services.record_check_in(supporter=me, answers={"energy": 0, "carrying": 3, "sleep": None})
    services.record_check_in(supporter=me, answers={"supported": 3}, is_shared=True)
    assert selectors.check_ins_for(me, me, world.program).count() == 2
    assert selectors.check_ins_for(supervisor, me, world.program).count() == 1
    assert selectors.check_ins_for(other_supervisor, me, world.program).count() == 0
    assert selectors.check_ins_for(world["admin"], me, world.program).count() == 0
    with pytest.raises(ValidationError) as refused:
        services.record_check_in(supporter=me, answers={"energy": 9})
    assert "energy" in refused.value.message_dict


def test_the_load_view_says_what_stands_out_in_words(world):
    me, supervisor = world["supporter"], world["supervisor"]
    services.set_care(by=supervisor, supporter=me, supervisor=supervisor, caseload_limit=1)
    for _ in range(3):
        resolved_escalation(world)
    services.record_check_in(supporter=me, answers={"carrying": 3}, is_shared=True)
    row = next(r for r in selectors.load_of(world.program, supervisor) if r.supporter == me)
    assert row.caseload == 1 and row.escalations == 3
    assert row.signals == [
        "Handled 3 crisis escalations in the past 30 days.",
        "No time off recorded yet.",
        "Said they feel they are carrying too much.",
    ]  # the limit of 1 applies only where a matching profile exists; none here
    other = next(r for r in selectors.load_of(world.program, world["admin"]) if r.supporter == me)
    assert "Said they feel they are carrying too much." not in other.signals
    services.record_time_off(
        by=me,
        supporter=me,
        starts_on=today(world) - datetime.timedelta(days=3),
        ends_on=today(world),
    )
    row = next(r for r in selectors.load_of(world.program, supervisor) if r.supporter == me)
    assert row.on_break and "On time off now." in row.signals


def test_a_talk_through_may_name_one_of_the_supporters_own_conversations(world):
    from alongside.conversations.services import start_conversation

    mine = start_conversation(member=world["member"], supporter=world["supporter"])
    theirs = start_conversation(
        member=world.other_member, supporter=another(world, "supporter", "test-peer-3")
    )
    item = services.ask_to_talk_through(
        supporter=world["supporter"], note="How the goodbye went.", conversation_id=mine.pk
    )
    assert item.conversation_label == f"With {world['member']}"
    with pytest.raises(ValidationError) as refused:
        services.ask_to_talk_through(
            supporter=world["supporter"], note="Not mine.", conversation_id=theirs.pk
        )
    assert "conversation" in refused.value.message_dict


def test_supervised_minutes_by_supporter_counts_each_supporter_in_a_period(world):
    session(world, minutes=90, days_ago=40)
    session(world, minutes=45, days_ago=2)
    group_peer = another(world, "supporter", "test-peer-2")
    services.log_session(
        supervisor=world["supervisor"],
        supporters=[world["supporter"], group_peer],
        kind="group",
        held_on=today(world),
        minutes=30,
    )
    week = (today(world) - datetime.timedelta(days=7), today(world) + datetime.timedelta(days=1))
    assert selectors.supervised_minutes_by_supporter(world.program, *week) == {
        world["supporter"].pk: 75,
        group_peer.pk: 30,
    }
    assert selectors.supervised_minutes_by_supporter(world.foreign_program, *week) == {}
