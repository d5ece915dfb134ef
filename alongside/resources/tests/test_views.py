"""Resources pages: search filters and results, forms that keep what was typed, the import's progress
page, intake links (valid, expired, revoked), the invite and the member's first screen, and pinned
query counts of the search and referral pages at two sizes."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alongside.resources import services
from alongside.resources.models import HandOff, Referral, Resource
from alongside.resources.tests.factories import resource

pytestmark = pytest.mark.django_db

ALWAYS = {day: [["00:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def test_search_filters_by_need_language_place_and_open_now(world, client_for):
    resource(world.program, name="Near pantry", needs=["food"], languages=["es"], hours=ALWAYS,
             latitude=40.0121, longitude=-75.0211)  # fmt: skip
    resource(world.program, name="Far pantry", needs=["food"], languages=["es"], hours=ALWAYS,
             latitude=41.0, longitude=-75.0)  # fmt: skip
    resource(world.program, name="Closed pantry", needs=["food"], languages=["es"], hours={})
    resource(world.program, name="Shelter", needs=["housing"], languages=["es"], hours=ALWAYS)
    resource(world.program, name="English only", needs=["food"], languages=["en"], hours=ALWAYS)
    resource(world.foreign_program, name="Elsewhere pantry", needs=["food"], hours=ALWAYS)
    page = (
        client_for("member")
        .get(
            reverse("resources:search"),
            {"need": "food", "language": "es", "near": "Old Mill", "open_now": "on"},
        )
        .content.decode()
    )
    assert "Near pantry" in page and "0.0 km away" in page
    for absent in ("Far pantry", "Closed pantry", "Shelter", "English only", "Elsewhere pantry"):
        assert absent not in page


def test_an_unknown_place_says_so_and_keeps_what_was_typed(world, client_for):
    page = (
        client_for("member")
        .get(reverse("resources:search"), {"near": "Atlantis", "need": "food"})
        .content.decode()
    )
    assert "We do not know that place yet" in page and 'value="Atlantis"' in page


def test_a_referral_form_with_an_error_keeps_what_was_typed(world, client_for):
    place = resource(world.program)
    response = client_for("member").post(
        reverse("resources:referral-new", args=[place.pk]),
        {"need": "food", "agreed": "Call them Monday", "follow_up_on": "2000-01-01"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Call them Monday" in page
    assert "Choose today or a day in the future." in page
    assert not Referral.objects.exists()


def test_a_supporter_refers_someone_on_their_caseload_and_the_member_sees_it(world, client_for):
    place = resource(world.program, name="Mill Street Pantry")
    response = client_for("supporter").post(
        reverse("resources:referral-new", args=[place.pk]),
        {"member": world["member"].pk, "need": "food", "agreed": "Go Tuesday",
         "follow_up_on": timezone.localdate().isoformat()},
    )  # fmt: skip
    assert response.status_code == 302
    page = client_for("member").get(reverse("resources:referrals")).content.decode()
    assert "Mill Street Pantry" in page and "Go Tuesday" in page


def test_not_connected_without_why_is_refused_on_the_page(world, client_for):
    referral = services.make_referral(
        actor=world["member"], member=world["member"], resource=resource(world.program),
        need="food", follow_up_on=timezone.localdate() + timedelta(days=1),
    )  # fmt: skip
    response = client_for("member").post(
        reverse("resources:referral", args=[referral.pk]), {"status": "not_connected"}
    )
    assert "Please say in a few words what got in the way." in response.content.decode()


def test_the_import_page_shows_progress_and_the_report(world, client_for):
    client = client_for("admin")
    header = "id,name,needs\n"
    rows = "".join(f"r-{n},Place {n},food\n" for n in range(300)) + "r-x,,spaceships\n"
    response = client.post(
        reverse("resources:import"),
        {"file": SimpleUploadedFile("dir.csv", (header + rows).encode())},
    )
    job_url = response["Location"]
    page = client.get(job_url).content.decode()
    assert "Checked 0 of 301 rows" in page
    page = client.post(job_url, headers={"HX-Request": "true"}).content.decode()
    assert "Checked 250 of 301 rows" in page and 'hx-trigger="load' in page
    page = client.post(job_url, headers={"HX-Request": "true"}).content.decode()
    assert "Nothing was imported: we found 2 problems" in page
    assert "<td>302</td><td>name</td>" in page and "<td>302</td><td>needs</td>" in page
    assert not Resource.objects.exists()


def test_intake_link_valid_expired_and_revoked(world, client_for):
    link = services.create_intake_link(actor=world["admin"], label="County hospital")
    url = reverse("resources:hand-off-by-link", args=[services.intake_token(link)])
    anonymous = Client()
    assert anonymous.get(url).status_code == 200
    response = anonymous.post(url, {
        "partner_name": "Sam", "pseudonym": "new-leaf", "setting": "hospital",
        "discharge_on": timezone.localdate().isoformat(), "needs": ["food"],
        "consent_given": "on", "consent_text": "Agreed to a peer.",
    })  # fmt: skip
    assert response.status_code == 200 and "/welcome/" in response.content.decode()
    assert HandOff.objects.get().intake_link == link
    link.expires_at = timezone.now() - timedelta(minutes=1)
    link.save()
    assert anonymous.get(url).status_code == 404
    link.expires_at = timezone.now() + timedelta(days=1)
    link.save()
    client_for("admin").post(reverse("resources:intake-link-revoke", args=[link.pk]))
    assert anonymous.get(url).status_code == 404
    assert anonymous.get(url[:-3] + "xx/").status_code == 404  # a tampered token


def test_a_hand_off_without_consent_keeps_what_was_typed(world, client_for):
    response = client_for("clinician").post(reverse("resources:hand-off-new"), {
        "partner_name": "Sam", "pseudonym": "quiet-river", "setting": "jail",
        "discharge_on": timezone.localdate().isoformat(), "peer_preferences": "Someone calm",
    })  # fmt: skip
    page = response.content.decode()
    assert "We can only take a hand-off the person agreed to." in page
    assert 'value="quiet-river"' in page and "Someone calm" in page
    assert not HandOff.objects.exists()


def test_the_invite_sets_a_password_once_and_opens_the_first_screen(world):
    hand_off, invite = services.send_hand_off(
        program=world.program, sender=world["clinician"], partner_name="Sam",
        pseudonym="bright-cedar", setting="prison", discharge_on=timezone.localdate(),
        needs=["housing"], consent_given=True, consent_text="Agreed.",
    )  # fmt: skip
    client = Client()
    response = client.post(invite, {"password": "a long enough passphrase"})
    assert response.status_code == 302 and response["Location"] == reverse("resources:welcome")
    page = client.get(reverse("resources:welcome")).content.decode()
    assert "Welcome, bright-cedar." in page and "We are finding the right peer for you now." in page
    assert Client().get(invite).status_code == 404  # used once


def _grow(world, n):
    for i in range(n):
        place = resource(world.program, name=f"Pantry {i}", hours=ALWAYS)
        Referral.objects.create(
            program=world.program, member=world["member"], resource=place, need="food",
            follow_up_on=timezone.localdate(),
        )  # fmt: skip


@pytest.mark.parametrize(
    ("role", "name", "params", "queries"),
    [
        # the whole request: session, user, roles, profile and the session save around the page;
        # the search is two queries (filter pass, then the shown rows), the referral list one,
        # whatever their size
        ("member", "resources:search", {"need": "food", "near": "RB01"}, 7),
        ("member", "resources:referrals", {}, 6),
        ("supporter", "resources:referrals", {}, 7),  # + the shell's safety alerts
    ],
)
def test_query_counts_do_not_grow_with_the_data(
    world, client_for, django_assert_num_queries, role, name, params, queries
):
    client = client_for(role)
    _grow(world, 3)
    client.get(reverse(name), params)  # warm the session
    with django_assert_num_queries(queries):
        assert client.get(reverse(name), params).status_code == 200
    _grow(world, 30)
    with django_assert_num_queries(queries):
        assert client.get(reverse(name), params).status_code == 200


def test_a_hand_off_shows_as_a_transition_in_the_matching_queue(world, client_for):
    services.send_hand_off(
        program=world.program, sender=world["clinician"], partner_name="Sam",
        pseudonym="queue-heron", setting="hospital", discharge_on=timezone.localdate(),
        needs=[], consent_given=True, consent_text="Agreed.",
    )  # fmt: skip
    page = client_for("supervisor").get(reverse("matching:supervisor")).content.decode()
    row = page[page.index("queue-heron") :][:400]
    assert "Transition: left on" in row


# The supporter's read is audited; the warming visit already logged it, so each measured visit finds that
# line within the repeat-read window (one lookup) instead of writing a new one (an insert and the chain head).
@pytest.mark.parametrize(("role", "queries"), [("member", 6), ("supporter", 12)])
def test_a_referral_page_reads_a_fixed_number_of_queries(
    world, client_for, django_assert_num_queries, role, queries
):
    client = client_for(role)
    _grow(world, 3)
    first = Referral.objects.order_by("pk").first()
    client.get(reverse("resources:referral", args=[first.pk]))  # warm the session
    with django_assert_num_queries(queries):  # the supporter's read is also audited
        assert client.get(reverse("resources:referral", args=[first.pk])).status_code == 200
    _grow(world, 30)
    with django_assert_num_queries(queries):
        assert client.get(reverse("resources:referral", args=[first.pk])).status_code == 200


def test_a_member_ticks_off_a_to_do_in_one_click(world, client_for):
    referral = services.make_referral(
        actor=world["member"], member=world["member"], resource=resource(world.program, name="Pantry"),
        need="food", follow_up_on=timezone.localdate(),
    )  # fmt: skip
    client = client_for("member")
    page = client.get(reverse("resources:referrals")).content.decode()
    assert 'aria-label="Connected with Pantry"' in page
    response = client.post(
        reverse("resources:referral", args=[referral.pk]), {"status": "connected"}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "connected"
