"""Every resource we serve validates twice (fhir.resources R4B and the official R4 JSON Schema), and
the US Core Patient elements we claim are there."""

from __future__ import annotations

import base64
import json
from datetime import date

import pytest
from django.urls import reverse

from alongside.accounts.models import User
from alongside.care_plans import services as plans
from alongside.interop.fhir import selectors
from alongside.interop.fhir.mapping import US_CORE_PATIENT, Context

from .conftest import fhir_client
from .fhir_schema import assert_valid_both_ways, model_errors, schema_errors

pytestmark = pytest.mark.django_db

CTX = Context(base="https://peers.example.org/fhir/R4")


def test_the_validators_catch_what_the_other_misses():
    """Each check is real: the schema refuses a code fhir.resources lets through, and both refuse an
    unknown element."""
    bad_code = {"resourceType": "Patient", "id": "1", "gender": "sometimes"}
    assert model_errors(bad_code) == []  # fhir.resources does not check code bindings
    assert schema_errors(bad_code) != []
    unknown_element = {"resourceType": "Patient", "id": "1", "nickname": "Sky"}
    assert model_errors(unknown_element) != []
    assert schema_errors(unknown_element) != []
    assert schema_errors({"resourceType": "Patient", "id": "1", "gender": "unknown"}) == []


def test_everything_a_member_shares_validates_both_ways(shared):
    found = selectors.member_resources(shared.reader, shared.member, CTX)
    kinds = {r["resourceType"] for r in found}
    assert kinds >= {
        "Patient",
        "Practitioner",
        "PractitionerRole",
        "CareTeam",
        "Consent",
        "CarePlan",
        "Goal",
        "QuestionnaireResponse",
        "Observation",
        "ServiceRequest",
        "Task",
        "Flag",
    }
    (flag,) = [r for r in found if r["resourceType"] == "Flag"]
    assert flag["status"] == "active" and flag["category"][0]["coding"][0]["code"] == "safety"
    for resource in found:
        assert_valid_both_ways(resource)
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"fullUrl": f"{CTX.base}/{r['resourceType']}/{r['id']}", "resource": r} for r in found
        ],
    }
    assert_valid_both_ways(bundle)


def test_patient_claims_us_core_and_carries_its_mandatory_elements_and_no_legal_name(shared):
    patient = selectors.member_resources(shared.reader, shared.member, CTX, types=["Patient"])[0]
    assert patient["meta"]["profile"] == [US_CORE_PATIENT]
    # US Core Patient 1..1 / 1..* elements: identifier with system and value, name, gender.
    assert patient["identifier"][0]["system"] and patient["identifier"][0]["value"]
    assert patient["gender"] in {"male", "female", "other", "unknown"}
    (name,) = patient["name"]
    assert name["use"] == "nickname"
    # us-core-6: a name has family or given (or a data-absent-reason extension).
    assert name.get("family") or name.get("given")
    assert name["given"] == [shared.member.display_name]
    assert set(patient) <= {"resourceType", "id", "meta", "identifier", "active", "name", "gender"}


def test_scores_carry_the_loinc_codes_of_domain_section_5(shared):
    found = selectors.member_resources(
        shared.reader, shared.member, CTX, types=["QuestionnaireResponse", "Observation"]
    )
    response = next(r for r in found if r["resourceType"] == "QuestionnaireResponse")
    score = next(r for r in found if r["resourceType"] == "Observation")
    assert response["questionnaire"] == "http://loinc.org/q/44249-1"  # PHQ-9 panel
    assert score["code"]["coding"] == [{"system": "http://loinc.org", "code": "44261-6"}]
    assert score["valueQuantity"]["value"] == 8
    assert score["category"][0]["coding"][0]["code"] == "survey"
    assert score["derivedFrom"] == [{"reference": f"QuestionnaireResponse/{response['id']}"}]
    assert any(item["answer"][0]["valueCoding"]["code"] == "LA6569-3" for item in response["item"])


def test_a_part_2_plan_is_labelled_and_carries_the_notice(shared):
    plans.mark_substance_use(member=shared.member, kind="safety", is_substance_use=True)
    shared.consents["plans"].includes_substance_use = True
    shared.consents["plans"].save(update_fields=["includes_substance_use"])
    found = selectors.member_resources(
        shared.reader, shared.member, CTX, types=["CarePlan", "Consent"]
    )
    safety = next(r for r in found if r["id"].endswith("-safety"))
    assert {"42CFRPart2", "ETH", "R"} <= {label["code"] for label in safety["meta"]["security"]}
    assert "42 CFR part 2 prohibits" in safety["note"][0]["text"]
    labelled = [r for r in found if r["resourceType"] == "Consent" and "meta" in r]
    assert len(labelled) == 1 and labelled[0]["policyRule"]["coding"][0]["code"] == "42CFRPart2"
    for resource in found:
        assert_valid_both_ways(resource)


def test_the_demo_members_export_validates_both_ways(db):
    from alongside.demo import load

    load(members=12, supporters=3)
    clinician = User.objects.get(username="demo-clinician")
    response = fhir_client(clinician).get(reverse("fhir:export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+ndjson"
    lines = [json.loads(line) for line in response.content.decode().splitlines()]
    kinds = {r["resourceType"] for r in lines}
    assert {"Patient", "CarePlan", "QuestionnaireResponse", "Observation", "Consent"} <= kinds
    for resource in lines:
        assert_valid_both_ways(resource)
    # Robin shares only the crisis part of the WRAP with Dr. Casey.
    (wrap,) = [r for r in lines if r["resourceType"] == "CarePlan"]
    assert wrap["title"].endswith("(crisis plan only)")
    assert all(note["text"].startswith("Crisis plan") for note in wrap["note"])


def test_signed_notes_become_document_references_with_their_encounter_and_provenance(world, shared):
    from alongside.accounts.choices import ConsentScope
    from alongside.accounts.services import grant_consent
    from alongside.records import services as records
    from alongside.records.tests.factories import signed
    from alongside.training.models import Credential

    Credential.objects.create(
        user=world["supporter"],
        program=world.program,
        kind="state_peer_specialist",
        issuer="Pennsylvania Certification Board",
        number="CPS-0042",
        issued_on=date(2026, 1, 1),
        expires_on=date(2028, 1, 1),
    )
    note = signed(world)
    records.add_addendum(note=note, author=world["supporter"], body="Sam called the office.")
    kinds = ["DocumentReference", "Encounter", "Provenance", "Practitioner"]
    found = selectors.member_resources(shared.reader, shared.member, CTX, types=kinds)
    assert [r["resourceType"] for r in found] == [
        "Practitioner",
        "Practitioner",
    ]  # no notes consent

    grant_consent(member=shared.member, grantee=shared.reader, scope=ConsentScope.NOTES)
    found = selectors.member_resources(shared.reader, shared.member, CTX, types=kinds)
    for resource in found:
        assert_valid_both_ways(resource)
    (document,) = [r for r in found if r["resourceType"] == "DocumentReference"]
    assert document["type"]["coding"][0]["code"] == "11506-3"
    assert document["docStatus"] == "amended"
    words = base64.b64decode(document["content"][0]["attachment"]["data"]).decode()
    assert "Find a flat near my sister" in words and "Sam called the office." in words
    (session,) = [r for r in found if r["resourceType"] == "Encounter"]
    assert session["class"]["code"] == "VR"  # a video session
    assert session["type"][0]["coding"][0]["code"] == "H0038"
    assert document["context"]["encounter"][0]["reference"] == f"Encounter/{session['id']}"
    activities = sorted(
        r["activity"]["coding"][0]["code"] for r in found if r["resourceType"] == "Provenance"
    )
    assert activities == ["AUT", "UPDATE"]  # the author's signature, then the addendum
    peer = next(
        r
        for r in found
        if r["resourceType"] == "Practitioner" and r["id"] == str(world["supporter"].pk)
    )
    assert peer["qualification"][0]["issuer"]["display"] == "Pennsylvania Certification Board"
    assert peer["qualification"][0]["identifier"] == [{"value": "CPS-0042"}]
