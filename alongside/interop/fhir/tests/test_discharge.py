"""A hospital's discharge Bundle (Patient, Encounter, Consent) starts a hand-off; a bad one names the
element at fault and stores nothing."""

from __future__ import annotations

import copy
from datetime import timedelta

import pytest
from django.urls import reverse

from alongside.accounts.models import User
from alongside.accounts.selectors import today_in
from alongside.resources.models import HandOff

from .conftest import fhir_client
from .fhir_schema import assert_valid_both_ways

pytestmark = pytest.mark.django_db


def _bundle(discharge_on):
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {
                "resource": {
                    "resourceType": "Patient",
                    "id": "p1",
                    "name": [
                        {"use": "official", "family": "Synthetic", "given": ["Legal"]},
                        {"use": "nickname", "given": ["Sunny"]},
                    ],
                    "telecom": [{"system": "phone", "value": "555-0142"}],
                    "communication": [
                        {"language": {"coding": [{"system": "urn:ietf:bcp:47", "code": "es"}]}}
                    ],
                }
            },
            {
                "resource": {
                    "resourceType": "Encounter",
                    "id": "e1",
                    "status": "finished",
                    "class": {
                        "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                        "code": "IMP",
                    },
                    "subject": {"reference": "Patient/p1"},
                    "period": {"start": "2026-11-30", "end": discharge_on.isoformat()},
                    "serviceProvider": {"display": "Riverbend General"},
                }
            },
            {
                "resource": {
                    "resourceType": "Consent",
                    "id": "c1",
                    "status": "active",
                    "text": {
                        "status": "generated",
                        "div": '<div xmlns="http://www.w3.org/1999/xhtml">Agreed to be '
                        "contacted by a peer supporter after discharge.</div>",
                    },
                    "scope": {
                        "coding": [
                            {
                                "system": "http://terminology.hl7.org/CodeSystem/consentscope",
                                "code": "patient-privacy",
                            }
                        ]
                    },
                    "category": [{"coding": [{"system": "http://loinc.org", "code": "59284-0"}]}],
                    "patient": {"reference": "Patient/p1"},
                    "policyRule": {"text": "Hospital release of information"},
                }
            },
        ],
    }


def _post(client, body):
    return client.post(reverse("fhir:discharge"), body, content_type="application/fhir+json")


def test_a_discharge_bundle_starts_a_hand_off_with_the_chosen_name_only(world):
    bundle = _bundle(today_in(world.program) - timedelta(days=1))
    assert_valid_both_ways(bundle)  # our example is a real R4 Bundle
    response = _post(fhir_client(world["clinician"]), bundle)
    assert response.status_code == 201, response.content
    issue = response.json()["issue"][0]
    assert issue["severity"] == "information" and "/welcome/" in issue["diagnostics"]
    hand_off = HandOff.objects.get()
    assert hand_off.member.display_name == "Sunny"
    assert hand_off.discharge_on == today_in(world.program) - timedelta(days=1)
    assert hand_off.setting == "hospital" and hand_off.preferred_language == "es"
    assert hand_off.partner_name == f"{world['clinician'].display_name}, Riverbend General"
    assert "peer supporter" in hand_off.consent_text
    assert response["Location"].endswith(reverse("resources:hand-off", args=[hand_off.pk]))
    # The legal name in the Bundle is stored nowhere.
    assert not User.objects.filter(display_name__icontains="Legal").exists()
    assert not User.objects.filter(username__icontains="Synthetic").exists()


@pytest.mark.parametrize(
    ("change", "expression"),
    [
        (
            lambda b: b["entry"][0]["resource"].update(name=[{"use": "official", "given": ["L"]}]),
            "Patient.name",
        ),
        (lambda b: b["entry"][1]["resource"]["period"].pop("end"), "Encounter.period.end"),
        (lambda b: b["entry"][2]["resource"].pop("text"), "Consent.text"),
        (lambda b: b["entry"].pop(2), "Bundle.entry.resource.ofType(Consent)"),
        (
            lambda b: b["entry"][1]["resource"]["period"].update(end="2020-01-01"),
            "Encounter.period.end",
        ),
    ],
    ids=["no-nickname", "no-discharge-date", "no-consent-words", "no-consent", "too-old"],
)
def test_a_bad_discharge_names_the_element_and_stores_nothing(world, change, expression):
    bundle = copy.deepcopy(_bundle(today_in(world.program)))
    change(bundle)
    response = _post(fhir_client(world["clinician"]), bundle)
    assert response.status_code == 422, response.content
    assert response.json()["issue"][0]["expression"] == [expression]
    assert not HandOff.objects.exists()


def test_not_json_not_a_bundle_and_not_a_clinician_are_refused_as_fhir(world):
    client = fhir_client(world["clinician"])
    response = client.post(reverse("fhir:discharge"), "{", content_type="application/fhir+json")
    assert response.status_code == 400 and response.json()["resourceType"] == "OperationOutcome"
    response = _post(client, {"resourceType": "Bundle", "type": "collection", "entry": [{"x": 1}]})
    assert response.status_code == 422 and response.json()["issue"][0]["expression"]
    supporter = fhir_client(world["supporter"])
    response = _post(supporter, _bundle(today_in(world.program)))
    assert response.status_code == 404 and response.json()["resourceType"] == "OperationOutcome"
    assert not HandOff.objects.exists()


def test_the_hand_off_is_an_episode_of_care_waiting_for_its_first_contact(world):
    from alongside.accounts.choices import ConsentScope
    from alongside.accounts.services import grant_consent
    from alongside.interop.fhir import selectors
    from alongside.interop.fhir.mapping import Context
    from alongside.resources.services import record_contact

    discharge_on = today_in(world.program) - timedelta(days=2)
    client = fhir_client(world["clinician"])
    assert _post(client, _bundle(discharge_on)).status_code == 201
    hand_off = HandOff.objects.get()
    grant_consent(
        member=hand_off.member, grantee=world["clinician"], scope=ConsentScope.HEALTH_RECORD
    )
    ctx = Context(base="https://peers.example.org/fhir/R4")
    (episode,) = selectors.member_resources(
        world["clinician"], hand_off.member, ctx, types=["EpisodeOfCare"]
    )
    assert_valid_both_ways(episode)
    assert episode["status"] == "waitlist"
    assert episode["period"] == {"start": discharge_on.isoformat()}
    record_contact(actor=world["supervisor"], hand_off_id=hand_off.pk)
    (episode,) = selectors.member_resources(
        world["clinician"], hand_off.member, ctx, types=["EpisodeOfCare"]
    )
    assert episode["status"] == "active"
