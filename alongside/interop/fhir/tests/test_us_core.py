"""US Core 6.1.0: each resource that claims a profile meets it as the profile's StructureDefinition
says (mandatory elements, pattern slices, must-support references to resources claiming the right
profiles), sends every must-support element we hold, and names in the CapabilityStatement's
NOT_HELD what it never sends; a resource that does not meet a profile does not claim it."""

from __future__ import annotations

from datetime import date

import pytest

from alongside.accounts.choices import ConsentScope
from alongside.accounts.services import grant_consent
from alongside.interop.fhir import selectors
from alongside.interop.fhir.capability import NOT_HELD, US_CORE_CLAIMS, capability_statement
from alongside.interop.fhir.mapping import US_CORE, US_CORE_PATIENT, Context

from . import uscore
from .fhir_schema import assert_valid_both_ways

pytestmark = pytest.mark.django_db

CTX = Context(base="https://peers.example.org/fhir/R4")
CLAIMED = {"Patient": US_CORE_PATIENT} | {kind: url for kind, (url, _doc) in US_CORE_CLAIMS.items()}
# Resources we make that US Core has a profile for, but that do not claim it, and the profile.
NOT_CLAIMED = {
    "Practitioner": "us-core-practitioner",  # name.family: supporters go by a display name
    "PractitionerRole": "us-core-practitionerrole",  # its Practitioner; pd-1: no telecom, endpoint
    "CareTeam": "us-core-careteam",  # members are Practitioners that are not US Core
    "CarePlan": "us-core-careplan",  # a member's WRAP is no "assessment and plan of treatment"
    "Encounter": "us-core-encounter",  # participant.individual: not a US Core Practitioner
    "DocumentReference": "us-core-documentreference",  # author: not a US Core Practitioner
    "ServiceRequest": "us-core-servicerequest",  # requester: not a US Core Practitioner
    "Provenance": "us-core-provenance",  # agent.who: not a US Core Practitioner
}


@pytest.fixture
def everything(world, shared):
    """All a member who shares everything shares, notes and their sessions included."""
    from alongside.records import services as records
    from alongside.records.tests.factories import signed
    from alongside.training.models import Credential

    Credential.objects.create(
        user=world["supporter"],
        program=world.program,
        kind="state_peer_specialist",
        issuer="Pennsylvania Certification Board",
        issued_on=date(2026, 1, 1),
        expires_on=date(2028, 1, 1),
    )
    note = signed(world)
    records.add_addendum(note=note, author=world["supporter"], body="Sam called the office.")
    grant_consent(member=shared.member, grantee=shared.reader, scope=ConsentScope.NOTES)
    found = selectors.member_resources(shared.reader, shared.member, CTX)
    return found, {f"{r['resourceType']}/{r['id']}": r for r in found}


def test_each_claim_meets_its_profile_and_sends_what_we_hold(everything):
    found, index = everything
    claimed: set[str] = set()
    for resource in found:
        assert_valid_both_ways(resource)
        kind = resource["resourceType"]
        profiles = resource.get("meta", {}).get("profile", [])
        assert profiles == ([CLAIMED[kind]] if kind in CLAIMED else []), kind
        for url in profiles:
            claimed.add(kind)
            label = f"{kind}/{resource['id']}"
            assert uscore.problems(resource, url, index) == [], label
            # every must-support element is sent, or declared as one we do not hold
            assert uscore.must_support_missing(resource, url) <= set(NOT_HELD.get(url, {})), label
    assert claimed == set(CLAIMED)  # the demo of every claim is in this export


def test_the_profiles_we_do_not_claim_would_not_be_met(everything):
    """So no claim is left out that we could make: each unclaimed profile finds a problem."""
    found, index = everything
    seen = set()
    for resource in found:
        kind = resource["resourceType"]
        if kind in NOT_CLAIMED:
            seen.add(kind)
            url = f"{US_CORE}/{NOT_CLAIMED[kind]}"
            assert uscore.problems(resource, url, index) != [], f"{kind} could claim {url}"
    assert seen == set(NOT_CLAIMED)


def test_the_checker_catches_a_missing_mandatory_element_a_slice_and_a_reference(everything):
    found, index = everything
    score = next(r for r in found if r["resourceType"] == "Observation")
    url = CLAIMED["Observation"]
    assert uscore.problems({**score, "subject": None} | {"subject": {}}, url, index) != []
    without_subject = {k: v for k, v in score.items() if k != "subject"}
    assert any("subject" in p for p in uscore.problems(without_subject, url, index))
    no_survey = {**score, "category": [{"text": "survey"}]}
    assert any("category:survey" in p for p in uscore.problems(no_survey, url, index))
    practitioner = next(r for r in found if r["resourceType"] == "Practitioner")
    by_peer = {**score, "performer": [{"reference": f"Practitioner/{practitioner['id']}"}]}
    assert any("performer" in p for p in uscore.problems(by_peer, url, index))
    assert "Observation.performer" in uscore.must_support_missing(
        {k: v for k, v in score.items() if k != "performer"}, url
    )


def test_the_capability_statement_names_each_claim(world):
    statement = capability_statement(CTX.base)
    assert_valid_both_ways(statement)
    by_type = {r["type"]: r for r in statement["rest"][0]["resource"]}
    for kind, url in CLAIMED.items():
        assert by_type[kind]["supportedProfile"] == [url]
    for kind in NOT_CLAIMED:
        assert "supportedProfile" not in by_type[kind]
