"""/fhir/R4/ over HTTP: a partner's FHIR token reads only what the member shares, and nothing after
revocation; every read is in the access log; every error is an OperationOutcome."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from alongside.accounts.choices import ApiScope, ConsentScope
from alongside.accounts.models import Consent
from alongside.accounts.services import issue_api_token, revoke_consent
from alongside.audit.models import AccessLog

from .conftest import fhir_client
from .fhir_schema import assert_valid_both_ways

pytestmark = pytest.mark.django_db

FHIR_JSON = "application/fhir+json; charset=utf-8"


def _outcome(response, status, code):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == FHIR_JSON
    body = response.json()
    assert body["resourceType"] == "OperationOutcome"
    assert body["issue"][0]["code"] == code
    assert_valid_both_ways(body)
    return body["issue"][0]


def _read(client, kind, resource_id):
    return client.get(reverse("fhir:read", args=[kind, resource_id]))


def _ids(bundle):
    return sorted(f"{e['resource']['resourceType']}/{e['resource']['id']}" for e in bundle["entry"])


def test_metadata_is_a_valid_capability_statement_for_r4_with_the_us_core_claim(client):
    response = client.get(reverse("fhir:metadata"))
    assert response.status_code == 200
    assert response["Content-Type"] == FHIR_JSON
    statement = response.json()
    assert_valid_both_ways(statement)
    assert statement["fhirVersion"] == "4.0.1"
    patient = next(r for r in statement["rest"][0]["resource"] if r["type"] == "Patient")
    assert patient["supportedProfile"] == [
        "http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient"
    ]
    assert "identifier" in patient["documentation"] and "nickname" in patient["documentation"]


def test_only_a_fhir_scoped_token_signs_in_and_it_opens_nothing_else(world, shared):
    url = reverse("fhir:read", args=["Patient", shared.member.pk])
    issue = _outcome(Client().get(url), 401, "login")
    assert "scope" in issue["diagnostics"]
    api_token = issue_api_token(user=shared.reader)
    _outcome(Client().get(url, headers={"Authorization": f"Bearer {api_token}"}), 401, "login")
    fhir_token = issue_api_token(user=shared.reader, scope=ApiScope.FHIR)
    me = Client().get("/api/me", headers={"Authorization": f"Bearer {fhir_token}"})
    assert me.status_code == 401  # a FHIR token is no key to the rest of the API
    assert Client().get(url, headers={"Authorization": f"Bearer {fhir_token}"}).status_code == 200


def test_search_by_patient_and_everything_return_what_is_shared(shared):
    client = fhir_client(shared.reader)
    plans = client.get(reverse("fhir:search", args=["CarePlan"]), {"patient": shared.member.pk})
    assert plans.status_code == 200
    bundle = plans.json()
    assert_valid_both_ways(bundle)
    assert bundle["type"] == "searchset"
    assert _ids(bundle) == [
        f"CarePlan/{shared.member.pk}-safety",
        f"CarePlan/{shared.member.pk}-wrap",
    ]
    everything = client.get(reverse("fhir:everything", args=[shared.member.pk])).json()
    assert_valid_both_ways(everything)
    kinds = {e["resource"]["resourceType"] for e in everything["entry"]}
    assert {"Patient", "CarePlan", "Goal", "Observation", "ServiceRequest", "Task"} <= kinds
    for entry in everything["entry"]:  # each one can be read on its own
        resource = entry["resource"]
        assert _read(client, resource["resourceType"], resource["id"]).json() == resource


def test_a_reader_sees_only_the_scopes_shared_and_nothing_after_revocation(shared):
    client = fhir_client(shared.reader)
    revoke_consent(member=shared.member, consent_id=shared.consents[ConsentScope.PLANS].pk)
    everything = client.get(reverse("fhir:everything", args=[shared.member.pk])).json()
    kinds = {e["resource"]["resourceType"] for e in everything["entry"]}
    assert "CarePlan" not in kinds and "Goal" not in kinds
    assert "Observation" in kinds  # check-ins are still shared
    _outcome(_read(client, "CarePlan", f"{shared.member.pk}-wrap"), 404, "not-found")

    revoke_consent(member=shared.member, consent_id=shared.consents[ConsentScope.HEALTH_RECORD].pk)
    _outcome(_read(client, "Patient", shared.member.pk), 404, "not-found")
    _outcome(client.get(reverse("fhir:everything", args=[shared.member.pk])), 404, "not-found")
    search = client.get(reverse("fhir:search", args=["Observation"]), {"patient": shared.member.pk})
    assert search.json()["total"] == 0
    assert client.get(reverse("fhir:export")).content == b""


@pytest.mark.parametrize("viewer", ["member", "supporter", "supervisor", "admin", "clinician"])
@pytest.mark.parametrize("whose", ["own", "other", "foreign"])
def test_token_matrix_reads_a_member_only_with_their_consent_in_the_readers_program(
    world, viewer, whose
):
    """ "own": the world's member shares everything with the viewer; "other": a member of the same
    program who shares nothing; "foreign": another program's member who shared across programs."""
    owner = {"own": world["member"], "other": world.other_member, "foreign": world.foreign_member}[
        whose
    ]
    program = world.foreign_program if whose == "foreign" else world.program
    if whose != "other" and viewer != "member":
        for scope in (ConsentScope.HEALTH_RECORD, ConsentScope.PLANS, ConsentScope.CHECK_INS):
            Consent.objects.create(
                program=program, member=owner, grantee=world[viewer], scope=scope
            )
    client = fhir_client(world[viewer])
    response = _read(client, "Patient", owner.pk)
    may = whose == "own" and viewer in ("supporter", "supervisor", "clinician")
    if may:
        assert response.status_code == 200
        assert response.json()["id"] == str(owner.pk)
    else:
        _outcome(response, 404, "not-found")
    export = client.get(reverse("fhir:export"), {"_type": "Patient"}).content.decode()
    assert (f'"id":"{owner.pk}"' in export) is may


def test_every_read_is_in_the_access_log(shared):
    client = fhir_client(shared.reader)
    before = AccessLog.objects.count()
    _read(client, "Patient", shared.member.pk)
    assert AccessLog.objects.filter(
        actor=shared.reader, subject=shared.member, purpose=f"FHIR read Patient/{shared.member.pk}"
    ).exists()
    client.get(reverse("fhir:everything", args=[shared.member.pk]))
    purposes = set(
        AccessLog.objects.filter(pk__gt=0).order_by("-pk")[:10].values_list("purpose", flat=True)
    )
    assert {"FHIR Patient/$everything", "Read shared wrap plan", "FHIR: recovery goals"} <= purposes
    assert AccessLog.objects.count() > before


def test_errors_are_operation_outcomes_never_html(shared):
    client = fhir_client(shared.reader)
    issue = _outcome(client.get(reverse("fhir:search", args=["CarePlan"])), 400, "required")
    assert issue["expression"] == ["patient"]
    _outcome(client.get("/fhir/R4/Appointment/1"), 404, "not-found")
    _outcome(client.get("/fhir/R4/Patient/not-a-number"), 404, "not-found")
    _outcome(
        client.delete(reverse("fhir:read", args=["Patient", shared.member.pk])),
        405,
        "not-supported",
    )
    issue = _outcome(
        client.get(reverse("fhir:export"), {"_type": "Appointment"}), 400, "not-supported"
    )
    assert issue["expression"] == ["_type"]
    # _since is refused, not ignored: an export of everything is no export of what changed since
    for headers in ({}, {"Prefer": "respond-async"}):
        issue = _outcome(
            client.get(reverse("fhir:export"), {"_since": "2026-01-01T00:00:00Z"}, headers=headers),
            400,
            "not-supported",
        )
        assert issue["expression"] == ["_since"]


def test_export_is_ndjson_grouped_by_type_and_filtered_by_type(shared):
    client = fhir_client(shared.reader)
    response = client.get(reverse("fhir:export"), {"_type": "Patient,Goal"})
    assert response["Content-Type"] == "application/fhir+ndjson"
    import json

    kinds = [json.loads(line)["resourceType"] for line in response.content.decode().splitlines()]
    assert kinds == ["Goal", "Patient"]


def test_everything_takes_the_same_number_of_queries_however_much_is_shared(world, shared):
    """No query per row: more referrals, questionnaires and goals add resources, not queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from alongside.care_plans import services as plans
    from alongside.outcomes.services import record_response

    client = fhir_client(shared.reader)
    url = reverse("fhir:everything", args=[shared.member.pk])
    client.get(url)  # the access log's repeat-read window is then the same for both counts
    with CaptureQueriesContext(connection) as first:
        small = client.get(url).json()["total"]
    for title in ("Walk every day", "Call my cousin"):
        plans.add_step(
            actor=shared.member,
            goal=plans.add_goal(member=shared.member, title=title),
            text="Start",
        )
    record_response(member=shared.member, instrument="phq9", answers=[0] * 9)
    client.get(url)
    with CaptureQueriesContext(connection) as second:
        large = client.get(url).json()["total"]
    assert large == small + 4  # two goals, a questionnaire and its score
    assert len(second) == len(first)
    # Pinned: consent checks and an access-log line for each kind of record read (Patient, plans,
    # goals, check-ins, notes), each with its chain head lock. Change it only in a commit saying why.
    # 55 since each access asks whether the member is in the reader's program (standing_in: the user and
    # their role there) instead of reading their first program's (issue 16, item 5).
    assert len(first) == 55, [q["sql"][:80] for q in first.captured_queries]


def test_a_fhir_sign_in_from_the_api_and_its_refresh_keep_the_scope(world, shared):
    from alongside.accounts.tests.factories import PASSWORD

    Consent.objects.create(
        program=world.program,
        member=world["member"],
        grantee=world["supporter"],
        scope=ConsentScope.HEALTH_RECORD,
    )
    signed_in = Client().post(
        "/api/auth/token",
        {"username": world["supporter"].username, "password": PASSWORD, "scope": "fhir"},
        content_type="application/json",
    )
    assert signed_in.status_code == 200
    refreshed = (
        Client()
        .post(
            "/api/auth/refresh",
            {"refresh_token": signed_in.json()["refresh_token"]},
            content_type="application/json",
        )
        .json()["token"]
    )
    headers = {"Authorization": f"Bearer {refreshed}"}
    patient = Client().get(
        reverse("fhir:read", args=["Patient", world["member"].pk]), headers=headers
    )
    assert patient.status_code == 200
    assert Client().get("/api/me", headers=headers).status_code == 401
    wrong = Client().post(
        "/api/auth/token",
        {"username": world["supporter"].username, "password": PASSWORD, "scope": "everything"},
        content_type="application/json",
    )
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "scope"


def test_async_bulk_export_follows_the_bulk_data_protocol_and_rechecks_consent_per_file(
    world, shared
):
    import json

    client = fhir_client(shared.reader)
    kick_off = client.get(
        reverse("fhir:export"), {"_type": "Patient,CarePlan"}, headers={"Prefer": "respond-async"}
    )
    assert kick_off.status_code == 202
    status_url = kick_off["Content-Location"]
    manifest = client.get(status_url)
    assert manifest.status_code == 200
    body = manifest.json()
    assert body["requiresAccessToken"] is True and body["error"] == []
    assert [(f["type"], f["count"]) for f in body["output"]] == [("CarePlan", 2), ("Patient", 1)]
    for item in body["output"]:
        lines = client.get(item["url"]).content.decode().splitlines()
        assert len(lines) == item["count"]
        for line in lines:
            assert_valid_both_ways(json.loads(line))
    # The link is the reader's alone, and a changed one is refused.
    _outcome(fhir_client(world["supporter"]).get(status_url), 404, "not-found")
    _outcome(client.get(status_url + "x"), 404, "not-found")
    # A file fetched after the member stopped sharing has nothing of theirs.
    revoke_consent(member=shared.member, consent_id=shared.consents[ConsentScope.HEALTH_RECORD].pk)
    assert client.get(body["output"][1]["url"]).content == b""
    assert client.delete(status_url).status_code == 202


# --- paging (FHIR search 3.1.1.5.5: _count, and Bundle.link self / first / previous / next / last) --


def _links(bundle):
    return {link["relation"]: link["url"] for link in bundle["link"]}


def test_a_search_pages_by_count_and_the_links_walk_every_match_once(shared):
    client = fhir_client(shared.reader)
    url = reverse("fhir:everything", args=[shared.member.pk])
    whole = client.get(url).json()
    every = _ids(whole)
    assert whole["total"] == len(every) > 6
    assert set(_links(whole)) == {"self", "first", "last"}  # one page: no previous, no next
    seen, pages, bundle = [], 0, client.get(url, {"_count": 3}).json()
    while True:
        assert_valid_both_ways(bundle)
        assert bundle["total"] == len(every)
        assert len(bundle["entry"]) <= 3
        seen += [f"{e['resource']['resourceType']}/{e['resource']['id']}" for e in bundle["entry"]]
        pages += 1
        links = _links(bundle)
        assert ("previous" in links) is (pages > 1)
        if "next" not in links:
            assert links["self"] == links["last"]
            break
        bundle = client.get(links["next"]).json()
    assert sorted(seen) == every  # every match once, none twice
    assert pages == -(-len(every) // 3)
    # previous leads back to the page before
    back = client.get(_links(bundle)["previous"]).json()
    assert _ids(back) == sorted(seen[-len(bundle["entry"]) - 3 : -len(bundle["entry"])])
    first = client.get(_links(bundle)["first"]).json()
    assert [e["resource"]["id"] for e in first["entry"]] == [
        e["resource"]["id"] for e in client.get(url, {"_count": 3}).json()["entry"]
    ]


def test_a_search_by_type_pages_too_and_count_zero_gives_the_total_only(shared):
    client = fhir_client(shared.reader)
    url = reverse("fhir:search", args=["CarePlan"])
    one = client.get(url, {"patient": shared.member.pk, "_count": 1}).json()
    assert_valid_both_ways(one)
    assert (one["total"], len(one["entry"])) == (2, 1)
    links = _links(one)
    assert f"patient={shared.member.pk}" in links["next"] and "_count=1" in links["next"]
    two = client.get(links["next"]).json()
    assert len(two["entry"]) == 1 and "next" not in _links(two)
    assert {one["entry"][0]["resource"]["id"], two["entry"][0]["resource"]["id"]} == {
        f"{shared.member.pk}-safety",
        f"{shared.member.pk}-wrap",
    }
    counted = client.get(url, {"patient": shared.member.pk, "_count": 0}).json()
    assert_valid_both_ways(counted)
    assert (counted["total"], counted["entry"]) == (2, [])


def test_the_patient_list_pages_and_reads_only_the_pages_members(world, shared):
    other = world.other_member
    Consent.objects.create(
        program=world.program, member=other, grantee=shared.reader, scope="health_record"
    )
    client = fhir_client(shared.reader)
    before = AccessLog.objects.filter(purpose="FHIR search Patient").count()
    first = client.get(reverse("fhir:search", args=["Patient"]), {"_count": 1}).json()
    assert_valid_both_ways(first)
    assert (first["total"], len(first["entry"])) == (2, 1)
    assert AccessLog.objects.filter(purpose="FHIR search Patient").count() == before + 1
    second = client.get(_links(first)["next"]).json()
    assert {first["entry"][0]["resource"]["id"], second["entry"][0]["resource"]["id"]} == {
        str(shared.member.pk),
        str(other.pk),
    }


@pytest.mark.parametrize("value", ["-1", "ten", "2.5"])
def test_a_bad_count_is_named_in_an_operation_outcome(shared, value):
    client = fhir_client(shared.reader)
    url = reverse("fhir:everything", args=[shared.member.pk])
    issue = _outcome(client.get(url, {"_count": value}), 400, "value")
    assert issue["expression"] == ["_count"]
