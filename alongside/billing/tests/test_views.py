"""The billing pages: only a biller, bad input named and kept, a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alongside.billing.selectors import access_identity
from alongside.billing.tests.factories import (
    identity,
    identity_form,
    make_biller,
    payer,
    signed_note,
)
from alongside.records.tests.factories import START

pytestmark = pytest.mark.django_db


def test_an_administrator_without_the_billing_permission_is_refused(world, client_for):
    client = client_for("admin")
    assert client.get(reverse("billing:queue")).status_code == 404
    assert client.get(reverse("billing:identity", args=[world["member"].pk])).status_code == 404


def test_bad_billing_details_are_named_and_kept(world, client_for):
    found = payer(world.program)
    make_biller(world["admin"])
    client = client_for("admin")
    url = reverse("billing:identity", args=[world["member"].pk])
    page = client.post(
        url,
        {
            "payer": found.pk,
            "legal_first": "Testy",
            "legal_last": "Inventedperson",
            "birth_date": "1990-04-02",
            "sex": "F",
            "address": "1 Made Up Lane",
            "city": "Trenton",
            "state": "nj",
            "zip": "08608",
            "member_id": "ZZ0000001",
            "diagnoses": "F33.1 banana",
            "order_from": "2026-11-01",
            "order_to": "2026-10-01",
            "plan_from": "2026-11-01",
            "plan_to": "2027-04-30",
        },
    ).content.decode()
    assert "Two capital letters, like NJ." in page
    assert "These are not ICD-10-CM codes: BANANA." in page
    assert "This date is before the start date." in page
    assert 'value="Inventedperson"' in page  # what was typed stays


def test_kept_details_unblock_the_queue(world, client_for):
    found = payer(world.program)
    make_biller(world["admin"])
    signed_note(world)
    client = client_for("admin")
    data = identity_form(found)
    response = client.post(reverse("billing:identity", args=[world["member"].pk]), data)
    assert response.status_code == 302
    _found, facts = access_identity(world["admin"], world["member"].pk)
    assert facts.diagnoses == ["F331"]
    page = client.get(reverse("billing:queue"), {"start": "2026-12-01", "end": "2026-12-31"})
    assert "Ready: 1 · Blocked: 0" in page.content.decode()


def test_the_queue_keeps_a_fixed_number_of_queries(world, client_for):
    found = payer(world.program)
    make_biller(world["admin"])
    identity(world, found)
    client = client_for("admin")
    period = {"start": "2026-12-01", "end": "2026-12-31"}
    signed_note(world)
    client.get(
        reverse("billing:queue"), period
    )  # the first visit after signing in stores the timeout
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("billing:queue"), period)
    for day in range(1, 6):
        signed_note(world, minutes=20, start=START + datetime.timedelta(hours=day))
    with CaptureQueriesContext(connection) as more:
        page = client.get(reverse("billing:queue"), period)
    assert "Blocked: 0" in page.content.decode()
    assert len(more) == len(few)


def test_the_queue_reads_in_spanish(world, client_for):
    make_biller(world["admin"])
    payer(world.program)
    signed_note(world)
    client = client_for("admin")
    client.cookies["django_language"] = "es"
    page = client.get(
        reverse("billing:queue"), {"start": "2026-12-01", "end": "2026-12-31"}
    ).content.decode()
    assert "Todavía no hay datos de facturación de esta persona." in page


def test_a_payer_from_a_preset_then_edited(world, client_for):
    from alongside.billing.models import Payer
    from alongside.billing.tests.factories import IDS

    make_biller(world["admin"])
    client = client_for("admin")
    page = client.post(
        reverse("billing:payers"), {"preset": "ga-medicaid", **IDS, "billing_npi": "1234567890"}
    )
    assert "this one does not add up" in page.content.decode()  # the NPI's check digit
    response = client.post(reverse("billing:payers"), {"preset": "ga-medicaid", **IDS})
    found = Payer.objects.get(program=world.program)
    assert response.url == reverse("billing:payer", args=[found.pk])
    assert (found.telehealth_modifier, found.source_url) == (
        "GT",
        "https://dbhdd.georgia.gov/coronavirus-covid-19-provider-faqs",
    )
    service = found.services.get()
    assert (service.procedure_code, service.max_units_per_day) == ("H0038", 48)
    page = client.get(reverse("billing:payer", args=[found.pk]))
    assert page.status_code == 200 and 'value="H0038"' in page.content.decode()


def test_the_settings_page_links_billing_only_for_who_can_open_it(world, client_for):
    client = client_for("admin")
    settings_page = reverse("accounts:program-settings")
    billing_link = f'href="{reverse("billing:queue")}"'
    assert billing_link not in client.get(settings_page).content.decode()
    assert client.get(reverse("billing:queue")).status_code == 404
    make_biller(world["admin"])
    client = client_for("admin")  # permissions are cached on the signed-in user: a fresh login
    assert billing_link in client.get(settings_page).content.decode()
    assert client.get(reverse("billing:queue")).status_code == 200
