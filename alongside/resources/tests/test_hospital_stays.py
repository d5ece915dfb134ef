"""Hospital stays: the person notes their own on their page, a partner gives the admission date with a
hand-off from hospital; reports read them through `selectors.hospital_stays_of`."""

from datetime import timedelta
from uuid import uuid4

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from alongside.accounts.choices import Role
from alongside.accounts.services import link_care_team
from alongside.resources import selectors, services
from alongside.resources.models import HospitalStay

pytestmark = pytest.mark.django_db


def _today(world):
    return services.today_in(world.program)


def test_a_member_notes_a_stay_on_their_page_and_sees_it(world, client_for):
    client = client_for("member")
    today = _today(world)
    page = client.get(reverse("resources:hospital-stays")).content.decode()
    assert "Your stays in hospital" in page and "Nothing yet." in page
    response = client.post(
        reverse("resources:hospital-stays"),
        {"admitted_on": today - timedelta(days=40), "discharged_on": today - timedelta(days=30)},
    )
    assert response.status_code == 302
    assert selectors.hospital_stays_of(world.program) == [
        (world["member"].pk, today - timedelta(days=40), today - timedelta(days=30))
    ]
    page = client.get(reverse("resources:hospital-stays")).content.decode()
    assert "Nothing yet." not in page and "From " in page


def test_a_stay_that_ends_before_it_starts_is_refused_and_the_dates_stay_on_the_form(
    world, client_for
):
    today = _today(world)
    response = client_for("member").post(
        reverse("resources:hospital-stays"),
        {"admitted_on": today - timedelta(days=3), "discharged_on": today - timedelta(days=9)},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Give a date on or after the day of admission." in page
    assert (today - timedelta(days=3)).isoformat() in page
    assert not HospitalStay.objects.exists()


def test_future_overlapping_and_too_old_stays_are_refused(world):
    member, today = world["member"], _today(world)

    def record(start, end=None):
        return services.record_hospital_stay(
            actor=member, member=member, admitted_on=start, discharged_on=end
        )

    record(today - timedelta(days=20), today - timedelta(days=10))
    with pytest.raises(ValidationError, match="overlaps"):
        record(today - timedelta(days=12), today - timedelta(days=5))
    with pytest.raises(ValidationError, match="already come"):
        record(today + timedelta(days=1))
    with pytest.raises(ValidationError, match="still goes on|goes on"):
        record(today - timedelta(days=2), today + timedelta(days=2))
    with pytest.raises(ValidationError, match="last 10 years"):
        record(today - timedelta(days=365 * 11))
    still_there = record(today - timedelta(days=3))  # no discharge yet
    assert still_there.discharged_on is None


def test_staff_who_work_with_the_person_may_note_a_stay_others_may_not(world):
    today = _today(world)
    link_care_team(
        program=world.program, member=world["member"], staff=world["supporter"],
        role=Role.SUPPORTER,
    )  # fmt: skip
    stay = services.record_hospital_stay(
        actor=world["supporter"], member=world["member"], admitted_on=today - timedelta(days=5)
    )
    assert stay.recorded_by == world["supporter"]
    for stranger in (world.other_member, world.foreign_member):
        with pytest.raises(Http404):
            services.record_hospital_stay(
                actor=stranger, member=world["member"], admitted_on=today - timedelta(days=50)
            )


def _hand_off(world, **overrides):
    fields = {
        "program": world.program,
        "sender": world["clinician"],
        "partner_name": "Sam, St. Elsewhere social work",
        "pseudonym": f"river-{uuid4().hex[:6]}",
        "setting": "hospital",
        "discharge_on": _today(world),
        "needs": [],
        "consent_given": True,
        "consent_text": "Agreed to be contacted by a peer supporter.",
    }
    return services.send_hand_off(**(fields | overrides))


def test_a_hand_off_from_hospital_with_its_admission_date_records_the_stay(world):
    today = _today(world)
    hand_off, _invite = _hand_off(world, admitted_on=today - timedelta(days=12))
    stay = HospitalStay.objects.get(member=hand_off.member)
    assert (stay.admitted_on, stay.discharged_on) == (today - timedelta(days=12), today)
    assert stay.hand_off == hand_off and stay.recorded_by == world["clinician"]
    _hand_off(world)  # no admission date: no stay, as before
    assert HospitalStay.objects.count() == 1


def test_an_admission_date_is_refused_for_jail_or_after_the_discharge(world):
    today = _today(world)
    with pytest.raises(ValidationError) as jail:
        _hand_off(world, setting="jail", admitted_on=today - timedelta(days=3))
    assert "admitted_on" in jail.value.message_dict
    with pytest.raises(ValidationError) as late:
        _hand_off(world, admitted_on=today + timedelta(days=1))
    assert "admitted_on" in late.value.message_dict
    assert not HospitalStay.objects.exists()


def test_a_member_finds_the_page_from_their_first_screen_and_their_to_do_list(world, client_for):
    client = client_for("member")
    link = f'href="{reverse("resources:hospital-stays")}"'
    assert link in client.get(reverse("resources:welcome")).content.decode()
    assert link in client.get(reverse("resources:referrals")).content.decode()
    assert link not in client_for("supporter").get(reverse("resources:referrals")).content.decode()


# --- staff note a stay of someone they work with (`resources:member-hospital-stays`) ---------------


def _staff_page(member):
    return reverse("resources:member-hospital-stays", args=[member.pk])


def test_a_supporter_notes_a_stay_of_someone_they_work_with_and_the_reports_read_it(
    world, client_for
):
    today, member = _today(world), world["member"]  # the world's supporter works with them
    client = client_for("supporter")
    page = client.get(_staff_page(member)).content.decode()
    assert "Nothing yet." in page and member.display_name in page
    response = client.post(
        _staff_page(member),
        {"admitted_on": today - timedelta(days=40), "discharged_on": today - timedelta(days=30)},
    )
    assert response.status_code == 302 and response["Location"] == _staff_page(member)
    stay = HospitalStay.objects.get(member=member)
    assert stay.recorded_by == world["supporter"] and stay.program == world.program
    assert selectors.hospital_stays_of(world.program) == [
        (member.pk, today - timedelta(days=40), today - timedelta(days=30))
    ]
    page = client.get(_staff_page(member)).content.decode()
    assert "Nothing yet." not in page and "noted by you" in page
    own = client_for("member").get(reverse("resources:hospital-stays")).content.decode()
    assert "Nothing yet." not in own  # the person sees it on their own page


def test_the_page_says_who_noted_each_stay(world, client_for):
    today, member = _today(world), world["member"]
    services.record_hospital_stay(
        actor=member, member=member, admitted_on=today - timedelta(days=90),
        discharged_on=today - timedelta(days=80),
    )  # fmt: skip
    services.record_hospital_stay(
        actor=world["clinician"], member=member, admitted_on=today - timedelta(days=50),
        discharged_on=today - timedelta(days=45),
    )  # fmt: skip
    page = client_for("supporter").get(_staff_page(member)).content.decode()
    assert "noted by the person" in page
    assert f"noted by {world['clinician'].display_name}" in page


def test_an_administrator_may_note_a_stay_of_anyone_in_the_program(world, client_for):
    today, member = _today(world), world.other_member  # nobody works with them
    response = client_for("admin").post(
        _staff_page(member), {"admitted_on": today - timedelta(days=3)}
    )
    assert response.status_code == 302
    stay = HospitalStay.objects.get(member=member)
    assert stay.recorded_by == world["admin"] and stay.discharged_on is None


def test_staff_who_do_not_work_with_the_person_find_nothing_there_and_change_nothing(
    world, client_for
):
    today = _today(world)
    dates = {"admitted_on": today - timedelta(days=9), "discharged_on": today - timedelta(days=2)}
    supporter = client_for("supporter")
    for member in (world.other_member, world.foreign_member):
        assert supporter.get(_staff_page(member)).status_code == 404
        assert supporter.post(_staff_page(member), dates).status_code == 404
    admin = client_for("admin")
    assert admin.post(_staff_page(world.foreign_member), dates).status_code == 404
    member = client_for("member")  # a member uses their own page, never this one
    assert member.post(_staff_page(world["member"]), dates).status_code == 404
    assert member.post(_staff_page(world.other_member), dates).status_code == 404
    assert not HospitalStay.objects.exists()


def test_a_refused_stay_keeps_what_was_typed_and_saves_nothing(world, client_for):
    today, member = _today(world), world["member"]
    client = client_for("supporter")
    response = client.post(
        _staff_page(member),
        {"admitted_on": today - timedelta(days=3), "discharged_on": today - timedelta(days=9)},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Give a date on or after the day of admission." in page
    assert (today - timedelta(days=3)).isoformat() in page
    assert (today - timedelta(days=9)).isoformat() in page
    typo = client.post(_staff_page(member), {"admitted_on": "2026-13-45"})
    assert typo.status_code == 400
    assert 'value="2026-13-45"' in typo.content.decode()
    assert 'aria-invalid="true"' in typo.content.decode()
    assert not HospitalStay.objects.exists()


def test_reading_a_persons_stays_is_in_the_access_log(world, client_for):
    from alongside.audit.models import AccessLog

    client_for("supporter").get(_staff_page(world["member"]))
    line = AccessLog.objects.get(purpose="Viewed hospital stays")
    assert line.actor == world["supporter"] and line.subject == world["member"]


def test_the_staff_page_reads_the_same_number_of_queries_however_many_stays(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    today, member = _today(world), world["member"]
    client = client_for("supporter")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_staff_page(member)).status_code == 200
        return len(queries)

    def note(days_ago):
        services.record_hospital_stay(
            actor=world["clinician"], member=member,
            admitted_on=today - timedelta(days=days_ago),
            discharged_on=today - timedelta(days=days_ago - 2),
        )  # fmt: skip

    note(100)
    client.get(_staff_page(member))  # the access log's repeat-read window: same for both counts
    one = count()
    for days_ago in (90, 80, 70, 60):
        note(days_ago)
    assert count() == one


def test_the_person_page_links_to_their_stays_for_whoever_may_note_them(world, client_for):
    link = f'href="{_staff_page(world["member"])}"'
    person = reverse("accounts:person", args=[world["member"].pk])
    assert link in client_for("supporter").get(person).content.decode()
    assert link in client_for("admin").get(person).content.decode()
    other = reverse("accounts:person", args=[world.other_member.pk])
    assert (
        _staff_page(world.other_member) not in client_for("supporter").get(other).content.decode()
    )


def test_the_staff_page_is_in_spanish(world, client_for):
    client = client_for("supporter")
    client.cookies["django_language"] = "es"
    page = client.get(_staff_page(world["member"])).content.decode()
    assert "Estancias en el hospital" in page and "Anotar una estancia" in page
