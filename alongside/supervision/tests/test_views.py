"""Supervision pages: private notes for the two people only (and their reads in the access log), the
log form keeping what was typed, debriefs from the supporter's page, and the load view's fixed number
of queries with 200 supporters."""

import datetime

import pytest
from django.urls import reverse

from alongside.accounts.choices import Role
from alongside.accounts.models import Membership
from alongside.accounts.tests.factories import UserFactory
from alongside.audit.models import AccessLog
from alongside.matching.models import SupporterProfile
from alongside.supervision.models import ReviewItem, SupporterCare, TimeOff, WellBeingCheckIn
from alongside.supervision.tests.factories import another, resolved_escalation, session
from conftest import sign_in

pytestmark = pytest.mark.django_db
NOTES = "We talked about the weight of last week and what helps you rest."


def test_reflective_notes_are_read_by_the_two_people_only_and_each_read_is_logged(
    world, client_for
):
    logged = session(world, notes=NOTES)
    url = reverse("supervision:session", args=[logged.pk])
    for role in ("supervisor", "supporter"):
        page = client_for(role).get(url)
        assert NOTES in page.content.decode()
    reads = AccessLog.objects.filter(record_id=str(logged.pk), purpose="Read a supervision session")
    assert {r.actor_id for r in reads} == {world["supervisor"].pk, world["supporter"].pk}
    colleague = another(world, "supervisor", "test-supervisor-2")
    from django.test import Client

    for user in (world["admin"], world["clinician"], colleague):
        assert sign_in(Client(), user).get(url).status_code == 404
    # the supporter's record, open to the program's supervisors, shows the session but not its notes
    record = sign_in(Client(), colleague).get(
        reverse("supervision:supporter", args=[world["supporter"].pk])
    )
    assert record.status_code == 200 and NOTES not in record.content.decode()
    assert "60 minutes" in record.content.decode()


def test_a_session_form_with_a_mistake_keeps_what_was_typed_and_names_the_field(world, client_for):
    peer = another(world, "supporter", "test-peer-2")
    response = client_for("supervisor").post(
        reverse("supervision:log"),
        {
            "kind": "group",
            "supporters": [world["supporter"].pk, peer.pk],
            "held_on": session(world).held_on.isoformat(),
            "minutes": "45",
            "notes": "Words I typed with care.",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Words I typed with care." in page
    assert "Private notes are for one-to-one sessions" in page


def test_a_logged_session_shows_in_the_supporters_hours(world, client_for):
    client_for("supervisor").post(
        reverse("supervision:log"),
        {
            "kind": "individual",
            "supporters": [world["supporter"].pk],
            "held_on": session(world).held_on.isoformat(),
            "minutes": "90",
            "competencies": ["crises"],
        },
    )
    page = client_for("supporter").get(reverse("supervision:mine")).content.decode()
    assert '<dd id="supervised-hours">2.50</dd>' in page  # 60 from the factory + 90


def test_the_supporter_accepts_a_debrief_from_their_page(world, client_for):
    resolved_escalation(world)
    client = client_for("supporter")
    page = client.get(reverse("supervision:mine")).content.decode()
    assert "Would you like to talk it through with your supervisor?" in page
    item = ReviewItem.objects.get()
    response = client.post(reverse("supervision:debrief", args=[item.pk]), {"answer": "yes"})
    assert response.status_code == 302
    queue = client_for("supervisor").get(reverse("supervision:queue")).content.decode()
    assert "Asked for a debrief" in queue


def _grow(world, size, start):
    program = world.program
    for index in range(start, start + size):
        user = UserFactory(username=f"peer-{index}", display_name=f"Peer {index}")
        Membership.objects.create(user=user, program=program, role=Role.SUPPORTER)
        SupporterProfile.objects.create(user=user, program=program, capacity=4)
        SupporterCare.objects.create(
            program=program, supporter=user, supervisor=world["supervisor"], caseload_limit=3
        )
        TimeOff.objects.create(
            program=program,
            supporter=user,
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2026, 1, 5),
        )
        WellBeingCheckIn.objects.create(
            program=program, supporter=user, answers={"carrying": 3}, is_shared=True
        )


def test_the_load_view_keeps_a_fixed_number_of_queries_for_200_supporters(
    world, client_for, django_assert_num_queries
):
    client = client_for("supervisor")
    _grow(world, 3, 0)
    resolved_escalation(world)
    client.get(reverse("supervision:load"))  # warm the session
    # 8 for the session, sign-in and standing, 2 for the shell's safety alerts and count, 11 for the
    # page: loads (2), profiles, on call (2), escalations, rules, time off, check-ins, the queue
    with django_assert_num_queries(19):
        page = client.get(reverse("supervision:load")).content.decode()
    assert "Said they feel they are carrying too much." in page
    _grow(world, 197, 3)
    with django_assert_num_queries(19):
        page = client.get(reverse("supervision:load")).content.decode()
    assert "Peer 199" in page
