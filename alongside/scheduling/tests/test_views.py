"""The pages' wiring: booking from free times in the member's zone, forms that keep what was typed,
the session page's actions, the supporter's week with a pinned number of queries, the calendar."""

import zoneinfo
from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.records.models import Encounter, Modality
from alongside.scheduling import selectors, services
from alongside.scheduling.models import Session, SessionFeed, Status

from .factories import booked, next_day_at, set_zone, started, weekday_hours

pytestmark = pytest.mark.django_db


def test_a_member_sees_free_times_in_their_own_zone_and_books_one(world, client_for):
    """The supporter keeps 9–10 in New York; a member in Madrid sees 15:00 (or 14:00 for the week
    the two zones change clocks apart), and booking it stores the same instant."""
    weekday_hours(world.program, world["supporter"], starts=time(9), ends=time(10))
    set_zone(world["member"], "Europe/Madrid")
    client = client_for("member")
    page = client.get(reverse("scheduling:book"))
    assert page.status_code == 200
    times = selectors.free_times(
        program=world.program,
        supporter_ids=[world["supporter"].pk],
        starts=timezone.now(),
        ends=timezone.now() + timedelta(days=14),
        minutes=50,
    )[world["supporter"].pk]
    first = times[0]
    madrid = first.astimezone(zoneinfo.ZoneInfo("Europe/Madrid"))
    assert f"{madrid:%H:%M}" in ("15:00", "14:00")
    assert f'value="{first.isoformat()}"' in page.content.decode()
    assert "Europe/Madrid" in page.content.decode()
    response = client.post(
        reverse("scheduling:book"),
        {"supporter": world["supporter"].pk, "starts_at": first.isoformat(), "modality": "video"},
    )
    session = Session.objects.get()
    assert response.status_code == 302 and response["Location"] == session.get_absolute_url()
    assert (session.starts_at, session.modality, session.booked_by) == (
        first,
        Modality.VIDEO,
        world["member"],
    )


def test_a_booking_with_missing_details_keeps_what_was_typed(world, client_for):
    weekday_hours(world.program, world["supporter"])
    client = client_for("member")
    at = selectors.free_times(
        program=world.program,
        supporter_ids=[world["supporter"].pk],
        starts=timezone.now(),
        ends=timezone.now() + timedelta(days=14),
        minutes=50,
    )[world["supporter"].pk][3]
    response = client.post(
        reverse("scheduling:book"),
        {
            "supporter": world["supporter"].pk,
            "starts_at": at.isoformat(),
            "modality": "accompaniment",
            "transport": "The number 4 bus",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Say where the appointment is." in body
    assert 'value="The number 4 bus"' in body
    assert f'value="{at.isoformat()}" checked' in body
    assert not Session.objects.exists()


def test_a_double_booking_shows_a_clear_message_on_the_form(world, client_for):
    first = booked(world, next_day_at(10))
    client = client_for("supporter")
    local = timezone.localtime(first.starts_at, selectors.zone_of(world["supporter"]))
    response = client.post(
        reverse("scheduling:arrange"),
        {
            "member": world["member"].pk,
            "first": local.strftime("%Y-%m-%dT%H:%M"),
            "minutes": "50",
            "modality": "phone",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "already has a session at that time" in body
    assert f'value="{local:%Y-%m-%dT%H:%M}"' in body


def test_the_supporter_books_an_accompaniment_and_marks_it_held(world, client_for):
    client = client_for("supporter")
    zone = selectors.zone_of(world["supporter"])
    local = timezone.localtime(next_day_at(11), zone)
    response = client.post(
        reverse("scheduling:arrange"),
        {
            "member": world["member"].pk,
            "first": local.strftime("%Y-%m-%dT%H:%M"),
            "minutes": "90",
            "modality": "accompaniment",
            "appointment_where": "Riverside Clinic, 2nd floor",
            "appointment_purpose": "Housing benefit interview",
            "transport": "I will drive us",
        },
    )
    session = Session.objects.get()
    assert response.status_code == 302
    assert (session.status, session.minutes, session.transport) == (
        Status.BOOKED,
        90,
        "I will drive us",
    )
    started(session, minutes_ago=100)
    page = client.get(session.get_absolute_url()).content.decode()
    # The held form is filled in from the booking.
    begin = timezone.localtime(session.starts_at, zone)
    assert f'value="{begin:%Y-%m-%dT%H:%M}"' in page
    response = client.post(
        reverse("scheduling:session-held", args=[session.pk]),
        {
            "held-started_at": f"{begin:%Y-%m-%dT%H:%M}",
            "held-ended_at": f"{begin + timedelta(minutes=80):%Y-%m-%dT%H:%M}",
        },
    )
    assert response.status_code == 302
    encounter = Encounter.objects.get()
    assert (encounter.minutes, encounter.modality) == (80, Modality.ACCOMPANIMENT)


def test_a_member_cancels_and_the_reason_shows_on_the_session(world, client_for):
    session = booked(world)
    client = client_for("member")
    response = client.post(
        reverse("scheduling:session-cancel", args=[session.pk]), {"cancel-reason": ""}
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    client.post(
        reverse("scheduling:session-cancel", args=[session.pk]),
        {"cancel-reason": "My shift changed."},
    )
    page = client_for("supporter").get(session.get_absolute_url()).content.decode()
    assert "My shift changed." in page and "Cancelled." in page


def test_a_missed_session_is_said_kindly(world, client_for):
    session = started(booked(world))
    services.mark_no_show(session=session, by=world["supporter"])
    page = client_for("member").get(session.get_absolute_url()).content.decode()
    assert "Did not happen this time. That is all right: you can book another." in page
    assert "no-show" not in page.lower()


def test_the_member_picks_one_of_the_offered_times(world, client_for):
    times = [next_day_at(10), next_day_at(13)]
    session = services.propose_session(
        supporter=world["supporter"],
        program=world.program,
        member=world["member"],
        modality=Modality.PHONE,
        times=times,
    )
    client = client_for("member")
    chosen = session.proposed_times.get(starts_at=times[1])
    assert client.get(session.get_absolute_url()).status_code == 200
    response = client.post(
        reverse("scheduling:session-pick", args=[session.pk]), {"pick-proposed_time": chosen.pk}
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.status, session.starts_at) == (Status.BOOKED, times[1])


def test_the_week_with_60_sessions_renders_in_a_fixed_number_of_queries(
    world, client_for, django_assert_num_queries
):
    zone = selectors.zone_of(world["supporter"])
    today = timezone.localdate(timezone.now(), zone)
    monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
    rows = []
    for i in range(60):
        start = datetime.combine(monday + timedelta(days=i % 7), time(8), tzinfo=zone)
        start += timedelta(minutes=15 * (i // 7))
        rows.append(
            Session(
                program=world.program,
                supporter=world["supporter"],
                member=world["member"] if i % 2 else world.other_member,
                modality=Modality.PHONE,
                starts_at=start,
                ends_at=start + timedelta(minutes=15),
                booked_by=world["supporter"],
            )
        )
    Session.objects.bulk_create(rows)
    client = client_for("supporter")
    url = reverse("scheduling:week") + f"?on={monday.isoformat()}"
    client.get(url)  # warm the session and the standing
    # Session, user, roles, profile, the sessions, their proposed times, the shell's safety alerts, and
    # sliding the session's expiry (one update): the same with 1 session or 60.
    with django_assert_num_queries(8):
        response = client.get(url)
    assert response.content.decode().count('class="card session') == 60


def test_todays_sessions_show_on_the_supporters_day(world, client_for):
    from alongside.records import day

    assert any(s.template_name == "scheduling/_day_sessions.html" for s in day.sections())
    zone = selectors.zone_of(world["supporter"])
    soon = timezone.now() + timedelta(minutes=30)
    if timezone.localtime(soon, zone).date() != timezone.localdate(timezone.now(), zone):
        pytest.skip("too close to midnight in the supporter's zone")
    Session.objects.create(
        program=world.program,
        supporter=world["supporter"],
        member=world["member"],
        modality=Modality.VIDEO,
        starts_at=soon,
        ends_at=soon + timedelta(minutes=50),
        booked_by=world["supporter"],
    )
    page = client_for("supporter").get(reverse("records:day")).content.decode()
    assert "Today&#x27;s sessions" in page or "Today's sessions" in page
    assert 'class="card session' in page


def test_the_calendar_address_can_be_made_and_reset(world, client_for):
    client = client_for("member")
    client.post(reverse("scheduling:calendar-new"))
    first = SessionFeed.objects.get(user=world["member"]).token
    assert client.get(reverse("scheduling:calendar-feed", args=[first])).status_code == 200
    client.post(reverse("scheduling:calendar-new"))
    second = SessionFeed.objects.get(user=world["member"]).token
    assert second != first
    assert client.get(reverse("scheduling:calendar-feed", args=[first])).status_code == 404
