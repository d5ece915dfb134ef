"""Booking, double booking, cancel, move, held and missed: the services every page and the API call."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from alongside.accounts.choices import Role
from alongside.accounts.tests.factories import person
from alongside.audit.models import AccessLog
from alongside.records.models import Encounter, Modality
from alongside.scheduling import joins, selectors, services
from alongside.scheduling.models import ChangeKind, Session, Status

from .factories import booked, next_day_at, started, weekday_hours

pytestmark = pytest.mark.django_db


def test_a_member_books_one_of_the_free_times(world):
    weekday_hours(world.program, world["supporter"])
    at = next_day_at(10)
    session = services.book_session(
        by=world["member"],
        program=world.program,
        supporter=world["supporter"],
        member=world["member"],
        modality=Modality.PHONE,
        starts_at=at,
    )
    assert (session.status, session.starts_at, session.minutes) == (Status.BOOKED, at, 50)
    assert list(session.changes.values_list("kind", flat=True)) == [ChangeKind.BOOKED]


def test_a_member_cannot_book_outside_the_supporters_hours(world):
    weekday_hours(world.program, world["supporter"], starts=time(9), ends=time(12))
    with pytest.raises(ValidationError) as caught:
        services.book_session(
            by=world["member"],
            program=world.program,
            supporter=world["supporter"],
            member=world["member"],
            modality=Modality.PHONE,
            starts_at=next_day_at(15),
        )
    assert "starts_at" in caught.value.message_dict


def test_a_member_books_only_with_a_supporter_on_their_care_team(world):
    stranger = person(world.program, Role.SUPPORTER)
    weekday_hours(world.program, stranger)
    with pytest.raises(ValidationError) as caught:
        services.book_session(
            by=world.other_member,
            program=world.program,
            supporter=stranger,
            member=world.other_member,
            modality=Modality.PHONE,
            starts_at=next_day_at(10),
        )
    assert "supporter" in caught.value.message_dict


def test_double_booking_is_refused_with_a_clear_message(world):
    first = booked(world, next_day_at(10))
    with pytest.raises(ValidationError) as caught:
        booked(world, first.starts_at + timedelta(minutes=30), modality=Modality.PHONE)
    message = caught.value.message_dict["starts_at"][0]
    assert "already has a session at that time" in message
    assert Session.objects.count() == 1
    # Right after the first one ends is fine.
    booked(world, first.ends_at, modality=Modality.PHONE)


def test_in_person_and_accompaniment_need_their_details(world):
    with pytest.raises(ValidationError) as caught:
        booked(world, modality=Modality.IN_PERSON, place="  ")
    assert "place" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        booked(world, modality=Modality.ACCOMPANIMENT, appointment_where="", appointment_purpose="")
    assert set(caught.value.message_dict) == {"appointment_where", "appointment_purpose"}


def test_free_times_leave_out_booked_sessions_time_off_and_short_notice(world):
    weekday_hours(world.program, world["supporter"], starts=time(9), ends=time(12))
    day = next_day_at(9)
    booked(world, day + timedelta(hours=1), modality=Modality.PHONE)  # 10:00–10:50
    found = selectors.free_times(
        program=world.program,
        supporter_ids=[world["supporter"].pk],
        starts=day,
        ends=day + timedelta(hours=3),
        minutes=50,
    )[world["supporter"].pk]
    local = [t.astimezone(selectors.zone_of(world["supporter"])).strftime("%H:%M") for t in found]
    # 9:30 would run into 10:00; 10:00 and 10:30 clash; 11:00 is free; 11:30 would end after noon.
    assert local == ["09:00", "11:00"]


def test_free_times_follow_the_supporters_zone_across_a_dst_change(world):
    """New York leaves daylight time on 1 November 2026: 9 am there is 13:00 UTC before, 14:00 after."""
    weekday_hours(world.program, world["supporter"], starts=time(9), ends=time(10))
    found = selectors.free_times(
        program=world.program,
        supporter_ids=[world["supporter"].pk],
        starts=datetime(2026, 10, 30, tzinfo=UTC),
        ends=datetime(2026, 11, 4, tzinfo=UTC),
        minutes=50,
        now=datetime(2026, 10, 1, tzinfo=UTC),
    )[world["supporter"].pk]
    assert [t.strftime("%m-%d %H:%M") for t in found] == [
        "10-30 13:00",
        "10-31 13:00",
        "11-01 14:00",
        "11-02 14:00",
        "11-03 14:00",
    ]


def test_a_days_exception_and_time_off_change_the_free_times(world):
    supporter = world["supporter"]
    weekday_hours(world.program, supporter, starts=time(9), ends=time(10))
    now = datetime(2026, 10, 1, tzinfo=UTC)
    services.add_day_exception(
        supporter=supporter,
        program=world.program,
        on=date(2026, 10, 13),
        starts=time(14),
        ends=time(15),
    )
    services.add_time_off(
        supporter=supporter,
        program=world.program,
        first_on=date(2026, 10, 14),
        last_on=date(2026, 10, 15),
    )
    found = selectors.free_times(
        program=world.program,
        supporter_ids=[supporter.pk],
        starts=datetime(2026, 10, 12, 4, tzinfo=UTC),
        ends=datetime(2026, 10, 17, 4, tzinfo=UTC),
        minutes=50,
        now=now,
    )[supporter.pk]
    tz = selectors.zone_of(supporter)
    assert [t.astimezone(tz).strftime("%d %H:%M") for t in found] == [
        "12 09:00",
        "13 14:00",
        "16 09:00",
    ]


def test_the_supporter_proposes_times_and_the_member_picks_one(world):
    times = [next_day_at(10), next_day_at(14), next_day_at(10, days=4)]
    session = services.propose_session(
        supporter=world["supporter"],
        program=world.program,
        member=world["member"],
        modality=Modality.VIDEO,
        times=times,
    )
    assert session.status == Status.PROPOSED
    # The offered times are held: nobody else can book them meanwhile.
    with pytest.raises(ValidationError):
        booked(world, times[1], modality=Modality.PHONE)
    chosen = session.proposed_times.get(starts_at=times[1])
    services.pick_time(session=session, member=world["member"], proposed_time_id=chosen.pk)
    session.refresh_from_db()
    assert (session.status, session.starts_at) == (Status.BOOKED, times[1])
    assert not session.proposed_times.exists()
    booked(world, times[0], modality=Modality.PHONE)  # let go


def test_either_person_cancels_with_a_reason(world):
    session = booked(world)
    with pytest.raises(ValidationError) as caught:
        services.cancel_session(session=session, by=world["member"], reason="  ")
    assert "reason" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.cancel_session(session=session, by=world.other_member, reason="Not mine")
    services.cancel_session(session=session, by=world["member"], reason="I have to work that day.")
    session.refresh_from_db()
    assert (session.status, session.cancelled_by, session.cancel_reason) == (
        Status.CANCELLED,
        world["member"],
        "I have to work that day.",
    )
    booked(world, session.starts_at, modality=Modality.PHONE)  # the time is free again


def test_moving_a_session_keeps_its_length_and_refuses_a_clash(world):
    weekday_hours(world.program, world["supporter"])
    session = booked(world, next_day_at(10), minutes=30)
    other = booked(world, next_day_at(14), modality=Modality.PHONE)
    with pytest.raises(ValidationError) as caught:
        services.reschedule_session(
            session=session, by=world["member"], starts_at=other.starts_at, reason="Later, please."
        )
    assert "starts_at" in caught.value.message_dict
    # Moving by a few minutes over its own old time is fine.
    services.reschedule_session(
        session=session,
        by=world["member"],
        starts_at=session.starts_at + timedelta(minutes=30),
        reason="A bus strike.",
    )
    session.refresh_from_db()
    assert (session.minutes, session.starts_at) == (30, next_day_at(10) + timedelta(minutes=30))
    assert session.changes.last().kind == ChangeKind.RESCHEDULED


def test_marking_held_records_one_encounter_with_the_actual_times(world):
    session = started(booked(world, modality=Modality.ACCOMPANIMENT, transport="The number 4 bus"))
    begin = session.starts_at + timedelta(minutes=5)
    services.mark_held(
        session, started_at=begin, ended_at=begin + timedelta(minutes=70), by=world["supporter"]
    )
    services.mark_held(
        session, started_at=begin, ended_at=begin + timedelta(minutes=75), by=world["supporter"]
    )
    encounter = Encounter.objects.get()
    assert (encounter.source, encounter.source_id, encounter.modality) == (
        "session",
        str(session.pk),
        Modality.ACCOMPANIMENT,
    )
    assert (encounter.minutes, encounter.place) == (75, "Riverside Clinic")
    assert list(encounter.participants.all()) == [world["member"]]
    session.refresh_from_db()
    assert (session.status, session.held_started_at) == (Status.HELD, begin)


def test_only_the_supporter_marks_an_in_person_session_held_and_times_must_make_sense(world):
    session = started(booked(world))
    with pytest.raises(ValidationError):
        services.mark_held(
            session, started_at=session.starts_at, ended_at=session.ends_at, by=world["member"]
        )
    with pytest.raises(ValidationError) as caught:
        services.mark_held(
            session, started_at=session.ends_at, ended_at=session.starts_at, by=world["supporter"]
        )
    assert "ended_at" in caught.value.message_dict
    assert not Encounter.objects.exists()


def test_a_missed_session_is_noted_only_after_it_started(world):
    session = booked(world)
    with pytest.raises(ValidationError):
        services.mark_no_show(session=session, by=world["supporter"])
    services.mark_no_show(session=started(session), by=world["supporter"])
    session.refresh_from_db()
    assert session.status == Status.NO_SHOW


def test_access_session_lets_in_the_two_people_and_the_programs_supervisor_and_admin(world):
    session = booked(world)
    for role in ("member", "supporter", "supervisor", "admin"):
        assert selectors.access_session(world[role], session.pk) == session
    for outsider in (world["clinician"], world.other_member, world.foreign_member):
        with pytest.raises(Http404):
            selectors.access_session(outsider, session.pk)
    with pytest.raises(Http404):
        selectors.access_session(world["member"], session.pk + 1000)
    # The member reading their own session is not logged; the others are.
    logged = set(
        AccessLog.objects.filter(purpose="Viewed a session").values_list("actor_id", flat=True)
    )
    assert logged == {world["supporter"].pk, world["supervisor"].pk, world["admin"].pk}


def test_join_uses_a_registered_finder_first_then_the_meeting_link(world):
    session = booked(world, modality=Modality.VIDEO, meeting_link="https://meet.example.org/abc")
    assert joins.join_for(session)[1] == "https://meet.example.org/abc"

    def room(found):
        return (
            ("Join the call", f"/calls/{found.pk}/") if found.modality == Modality.VIDEO else None
        )

    joins.register(room)
    try:
        assert joins.join_for(session) == ("Join the call", f"/calls/{session.pk}/")
    finally:
        joins._finders.remove(room)
    services.cancel_session(session=session, by=world["supporter"], reason="I am unwell today.")
    assert joins.join_for(session) is None


def test_words_written_about_a_session_pass_the_safety_check(world):
    """A cancellation reason is words a person writes: a crisis in it opens an escalation, and the
    escalation page can show those words."""
    from alongside.safety import sources
    from alongside.safety.models import Escalation

    session = booked(world)
    crisis = "I am going to kill myself tonight, I have the pills ready."
    services.cancel_session(session=session, by=world["member"], reason=crisis)
    escalation = Escalation.objects.get(person=world["member"], source_kind="session")
    assert escalation.source_id == session.pk
    assert crisis in sources.trigger_of(escalation).words
    # Everyday words open nothing.
    other = booked(world, next_day_at(10, days=5), modality=Modality.PHONE)
    services.cancel_session(session=other, by=world["member"], reason="My bus was late.")
    assert Escalation.objects.count() == 1
