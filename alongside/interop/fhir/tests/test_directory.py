"""The program and its directory as FHIR: Organization, HealthcareService and Location, read and searched
by the program's staff with a FHIR token, each valid both ways; a referral names its entry."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alongside.resources.interchange import Publisher
from alongside.resources.interchange.hsds import derived
from alongside.resources.tests.factories import resource

from .conftest import fhir_client
from .fhir_schema import assert_valid_both_ways

pytestmark = pytest.mark.django_db


def _search(client, kind, **params):
    response = client.get(reverse("fhir:search", args=[kind]), params)
    assert response.status_code == 200, response.content[:300]
    bundle = response.json()
    assert_valid_both_ways(bundle)
    return [entry["resource"] for entry in bundle["entry"]]


def test_the_program_its_peer_support_and_its_directory_are_served(world):
    pantry = resource(
        world.program,
        name="Mill Street Pantry",
        needs=["food"],
        address="12 Mill Street",
        city="Riverbend",
        postcode="RB02",
        latitude=40.012,
        longitude=-75.021,
        phone="555-0101",
        website="https://example.org/pantry",
        languages=["en", "es"],
        hours={"mon": [["09:00", "17:00"]], "fri": [["22:00", "06:00"]]},
    )
    bare = resource(world.program, name="Warmline", address="", city="", postcode="",
                    latitude=None, longitude=None)  # fmt: skip
    resource(world.foreign_program, name="Elsewhere")
    client = fhir_client(world["clinician"])
    publisher = Publisher.of(world.program)

    (organization,) = _search(client, "Organization")
    assert (organization["id"], organization["name"]) == (publisher.id, world.program.name)
    services = {s["name"]: s for s in _search(client, "HealthcareService")}
    assert set(services) == {
        f"{world.program.name}: peer support",
        "Mill Street Pantry",
        "Warmline",
    }
    peer = services[f"{world.program.name}: peer support"]
    assert peer["type"][0]["coding"][0]["code"] == "175T00000X"
    entry = services["Mill Street Pantry"]
    assert entry["id"] == str(pantry.uuid)  # the HSDS service id
    assert entry["providedBy"]["reference"] == f"Organization/{publisher.id}"
    assert entry["category"] == [{"text": "Food"}]
    assert entry["telecom"] == [
        {"system": "phone", "value": "555-0101"},
        {"system": "url", "value": "https://example.org/pantry"},
    ]
    assert [(t["daysOfWeek"], t["availableStartTime"], t["availableEndTime"])
            for t in entry["availableTime"]] == [
        (["mon"], "09:00:00", "17:00:00"),
        (["fri"], "22:00:00", "23:59:59"),
        (["sat"], "00:00:00", "06:00:00"),
    ]  # fmt: skip
    place_id = derived(str(pantry.uuid), "location")  # the HSDS location id
    assert entry["location"][0]["reference"] == f"Location/{place_id}"
    assert "location" not in services["Warmline"]
    (place,) = _search(client, "Location")
    assert place["id"] == place_id
    assert place["address"] == {
        "line": ["12 Mill Street"],
        "city": "Riverbend",
        "postalCode": "RB02",
    }
    assert place["position"] == {"latitude": 40.012, "longitude": -75.021}
    # each one reads by id, as it was listed
    for kind, found in (("Organization", organization), ("HealthcareService", entry),
                        ("HealthcareService", peer), ("Location", place)):  # fmt: skip
        read = client.get(reverse("fhir:read", args=[kind, found["id"]]))
        assert read.status_code == 200 and read.json() == found
    assert _search(client, "HealthcareService", _id=str(bare.uuid))[0]["name"] == "Warmline"


def test_another_programs_directory_and_a_member_token_read_nothing(world):
    elsewhere = resource(world.foreign_program, name="Elsewhere")
    clinician = fhir_client(world["clinician"])
    read = clinician.get(reverse("fhir:read", args=["HealthcareService", str(elsewhere.uuid)]))
    assert read.status_code == 404
    assert read.json()["resourceType"] == "OperationOutcome"
    member = fhir_client(world["member"])
    assert _search(member, "Organization") == []
    assert member.get(reverse("fhir:read", args=["Organization", Publisher.of(world.program).id])
                      ).status_code == 404  # fmt: skip


def test_a_referral_names_its_directory_entry_as_performer(shared):
    client = fhir_client(shared.reader)
    (request,) = _search(client, "ServiceRequest", patient=shared.member.pk)
    (performer,) = request["performer"]
    kind, ident = performer["reference"].split("/")
    found = client.get(reverse("fhir:read", args=[kind, ident])).json()
    assert (found["resourceType"], found["name"]) == ("HealthcareService", "Riverside Food Bank")
    assert found["id"] == ident
