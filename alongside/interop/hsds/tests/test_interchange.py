"""HSDS 3.0 export and import against Open Referral's own schemas and examples: every exported service
validates; every official example imports and goes out again without losing a field; a second
import updates; bad input names its file, line and field and writes nothing."""

from __future__ import annotations

import copy
import csv
import io
import json
import zipfile
from datetime import date

import pytest
from django.test import Client

from alongside.resources import interchange, selectors, services
from alongside.resources.interchange import hsds, tabular
from alongside.resources.models import HsdsObject, ImportStatus, Resource
from alongside.resources.tests.factories import resource

from . import spec

pytestmark = pytest.mark.django_db

EVERYTHING = {
    "description": 'Hot meals, "no questions asked".\nSecond line.',
    "needs": ["food", "family"],
    "address": "12 Mill Street",
    "city": "Riverbend",
    "postcode": "RB02",
    "latitude": 40.0123456789,
    "longitude": -75.0210987654,
    "time_zone": "America/Chicago",
    "hours": {"mon": [["09:00", "17:00"]], "fri": [["22:00", "06:00"]]},
    "languages": ["en", "es"],
    "cost": "sliding",
    "cost_note": "Pay what you can",
    "eligibility": "Anyone over 18",
    "accessibility": "Step-free entrance",
    "how_to_get_there": "Bus 7 to Mill Street",
    "phone": "555-0101",
    "website": "https://example.org/pantry",
    "last_verified_on": date(2026, 10, 1),
}
SERVICE_EXAMPLES = [
    "service_full",
    "service_list",
    "organization_full",
    "service_at_location_full",
    "service_at_location_list",
]


def _import(world, content, name="directory.json"):
    job = services.import_now(actor=world["admin"], file_name=name, content=content)
    assert job.status == ImportStatus.DONE, job.errors
    return job


def _exported(program):
    publisher = interchange.Publisher.of(program)
    return {
        str(r.uuid): interchange.service_of(r, publisher) for r in selectors.directory_of(program)
    }


def test_every_service_we_export_validates_against_the_compiled_schema(world):
    resource(world.program, name="Bare", needs=[], languages=[], latitude=None, longitude=None)
    resource(world.program, name="Everything", **EVERYTHING)
    exported = _exported(world.program)
    assert len(exported) == 2
    for service in exported.values():
        assert spec.problems("compiled/service", service) == []
        assert spec.problems("compiled/service_list", hsds.list_shape(service)) == []


def test_an_exported_service_says_what_the_directory_says(world):
    entry = resource(world.program, name="Everything", **EVERYTHING)
    service = _exported(world.program)[str(entry.uuid)]
    location = service["service_at_locations"][0]["location"]
    assert service["id"] == str(entry.uuid)
    assert location["addresses"][0]["address_1"] == "12 Mill Street"
    assert (location["latitude"], location["longitude"]) == (40.0123456789, -75.0210987654)
    assert [p["number"] for p in service["phones"]] == ["555-0101"]
    assert [(s["byday"], s["opens_at"], s["closes_at"]) for s in service["schedules"]] == [
        ("MO", "09:00", "17:00"),
        ("FR", "22:00", "06:00"),
    ]
    terms = {a["taxonomy_term"]["code"]: a.get("value") for a in service["attributes"]}
    assert terms == {
        "family": None,
        "food": None,
        "time_zone": "America/Chicago",
        "cost": "sliding",
    }
    # ids are stable: the same export twice gives the same ids for every part
    assert _exported(world.program)[str(entry.uuid)] == service


@pytest.mark.parametrize("name", SERVICE_EXAMPLES)
def test_every_official_example_imports_and_goes_out_again_unchanged(world, name):
    original = spec.example(name)
    job = _import(world, json.dumps(original), f"{name}.json")
    found, _shape = hsds.services_in(copy.deepcopy(original))
    assert job.created == len(found) > 0
    exported = _exported(world.program)
    for service in found:
        assert exported[service["id"]] == service  # every field, nested objects and all
    # and shaped back as the example was
    if name == "organization_full":
        organization = dict(exported[found[0]["id"]]["organization"])
        organization["services"] = [
            {k: v for k, v in s.items() if k != "organization"} for s in exported.values()
        ]
        assert organization == original


def test_the_example_service_reads_into_the_directory_whole(world):
    _import(world, json.dumps(spec.example("service_full")))
    entry = Resource.objects.get(program=world.program)
    assert str(entry.uuid) == "ac148810-d857-441c-9679-408f346de14b"
    assert entry.name == "Community Counselling"
    assert entry.address == "1-30 Main Street, MyVillage"
    assert (entry.city, entry.postcode) == ("MyCity", "ABC 1234")
    assert entry.phone == "+44 1234 234567"  # the example's quotation marks are not part of it
    assert entry.hours == {"thu": [["10:00", "18:00"]], "fri": [["10:00", "18:00"]]}
    assert entry.language_codes == ["ur"]
    assert entry.accessibility.startswith("The building is equipped with induction loops")
    assert entry.how_to_get_there.startswith("MyCity Civic Center is serviced by the number 1 Bus")
    assert entry.cost == "fee"  # its cost option charges 35
    assert entry.last_verified_on == date(2005, 1, 1)
    # the example's latitude 100 is not on Earth: kept in HSDS, not used for distance
    assert (entry.latitude, entry.longitude) == (None, None)
    assert entry.hsds["service_areas"][0]["extent_type"] == "geojson"


def test_the_import_reports_what_it_kept_but_could_not_use(world):
    job = _import(world, json.dumps(spec.example("service_full")))
    messages = {(n["field"], n["message"]) for n in job.notes}
    assert ("attributes", "No need matches the taxonomy term 'name': kept.") in messages
    assert ("latitude", "100 is not on the map: kept, not used for distance.") in messages
    assert any(field == "schedules" for field, _ in messages)
    assert all(n["line"] == 1 for n in job.notes)


def test_terms_of_other_taxonomies_become_needs_where_a_rule_exists(world):
    service = spec.example("service_full")
    term = service["attributes"][0]["taxonomy_term"]
    service["attributes"] = [
        {**service["attributes"][0], "id": f"{i}" * 8 + "-0000-4000-8000-000000000000",
         "taxonomy_term": {**term, "id": f"{i}" * 8 + "-1111-4000-8000-000000000000",
                           "code": code, "name": name}}
        for i, (code, name) in enumerate(
            [("BD-1800.2000", "Food Pantries"), ("RP-1500", "Crisis Intervention"),
             ("x-1", "Housing"), ("ZZ-9999", "Juggling")], start=1
        )
    ]  # fmt: skip
    job = _import(world, json.dumps(service))
    entry = Resource.objects.get(program=world.program)
    assert entry.need_codes == ["crisis", "food", "housing"]
    assert [n["message"] for n in job.notes if n["field"] == "attributes"] == [
        "No need matches the taxonomy term 'Juggling': kept."
    ]


def test_importing_the_same_services_again_updates_them(world):
    content = json.dumps(spec.example("organization_full"))
    first = _import(world, content)
    again = _import(world, content)
    assert (first.created, first.updated) == (1, 0)
    assert (again.created, again.updated) == (0, 1)
    assert Resource.objects.filter(program=world.program).count() == 1


def test_our_own_export_imports_back_as_updates_and_into_another_program_whole(world):
    from alongside.accounts.choices import Role
    from alongside.accounts.tests.factories import person

    resource(world.program, name="Everything", **EVERYTHING)
    resource(world.program, name="Bare", needs=[], languages=[], latitude=None, longitude=None)
    publisher = interchange.Publisher.of(world.program)
    content = interchange.write_hsds(list(selectors.directory_of(world.program)), publisher)
    again = _import(world, content)
    assert (again.created, again.updated) == (0, 2)
    admin = person(world.foreign_program, Role.ADMIN)
    job = services.import_now(actor=admin, file_name="d.json", content=content)
    assert job.status == ImportStatus.DONE, job.errors
    fields = [*hsds.COMPARED, "uuid"]
    mine = Resource.objects.filter(program=world.program).order_by("name")
    theirs = Resource.objects.filter(program=world.foreign_program).order_by("name")
    assert [[getattr(r, f) for f in fields] for r in theirs] == [
        [getattr(r, f) for f in fields] for r in mine
    ]


def test_an_edit_here_changes_only_that_part_of_an_imported_service(world):
    original = spec.example("service_full")
    _import(world, json.dumps(original))
    entry = Resource.objects.get(program=world.program)
    for name, value in {
        "name": "Counselling, renamed",
        "phone": "555-0199",
        "hours": {"sat": [["09:00", "12:00"]]},
        "needs": "|clinic|",
        "languages": "|es|ur|",
        "latitude": 51.5,
        "longitude": -0.12,
        "address": "2 New Road",
        "accessibility": "Lift to every floor",
        "time_zone": "Europe/London",
    }.items():
        setattr(entry, name, value)
    entry.save()
    service = _exported(world.program)[str(entry.uuid)]
    assert spec.problems("compiled/service", service) == []
    # what the directory now says, the service says
    again, _notes = hsds.row_of_service(service, interchange.Publisher.of(world.program))
    cleaned, problems = interchange.clean_row(again)
    assert problems == []
    for name in hsds.COMPARED:
        assert cleaned[name] == getattr(entry, name), name
    # and the rest is as it came: contacts, funding, the organization, the second phone's details
    for key in ("contacts", "funding", "organization", "service_areas", "cost_options", "program"):
        assert service[key] == original[key]
    assert service["phones"][0]["id"] == original["phones"][0]["id"]
    assert service["last_modified"] != original["last_modified"]


ALL_EXAMPLES = sorted(p.stem for p in spec.EXAMPLES.glob("*.json"))


def _kept(program):
    return {(o.kind, str(o.uuid)): o.document for o in HsdsObject.objects.filter(program=program)}


@pytest.mark.parametrize("name", [n for n in ALL_EXAMPLES if n != "base"])
def test_every_official_example_imports_whole_and_again_as_an_update(world, name):
    """Whatever the example is, each service goes into the directory and each organization,
    location, taxonomy or term that carries none is kept whole; a second import changes no count."""
    original = spec.example(name)
    job = _import(world, json.dumps(original), f"{name}.json")
    found = hsds.contents_of(copy.deepcopy(original))
    assert job.created == len(found.services)
    assert len(found.services) + len(found.kept) > 0
    kept = _kept(world.program)
    for kind, obj in found.kept:
        assert kept[(kind, obj["id"])] == obj  # every field, nested phones and schedules and all
        assert any(str(obj.get("name") or obj["id"]) in n["message"] for n in job.notes)
    for service in found.services:
        assert Resource.objects.get(program=world.program, uuid=service["id"]).hsds == service
    again = _import(world, json.dumps(original), f"{name}.json")
    assert (again.created, again.updated) == (0, len(found.services))
    assert Resource.objects.filter(program=world.program).count() == len(found.services)
    assert _kept(world.program) == kept


def test_the_api_description_example_holds_nothing_to_import_and_says_so(world):
    job = services.import_now(
        actor=world["admin"], file_name="base.json", content=json.dumps(spec.example("base"))
    )
    assert job.status == ImportStatus.FAILED
    assert job.errors == [
        {
            "line": 1,
            "field": "file",
            "message": "This HSDS file holds no services, organizations, locations or taxonomies "
            "(it looks like a description of an HSDS API (base.json)).",
        }
    ]


def test_an_item_with_nothing_to_import_beside_others_is_named_in_the_notes(world):
    content = json.dumps([spec.example("service_full"), spec.example("base"), 7])
    job = services.import_now(actor=world["admin"], file_name="x.json", content=content)
    assert job.status == ImportStatus.FAILED  # 7 is not an object: named by number
    assert [(e["line"], e["field"]) for e in job.errors] == [(2, "service")]
    job = _import(world, json.dumps([spec.example("service_full"), spec.example("base")]))
    assert job.created == 1
    assert {
        "line": 1,
        "field": "file",
        "message": "1 item(s) of the file hold nothing to import (they look like a description "
        "of an HSDS API (base.json)): left out.",
    } in job.notes


def _api(path):
    answer = Client().get(f"/hsds/{path}")
    assert answer.status_code == 200, answer.content
    return answer.json()


def test_an_organization_list_is_served_again_by_the_api(world):
    from alongside.interop.hsds.models import Access, HsdsSettings

    HsdsSettings.objects.create(program=world.program, access=Access.PUBLIC)
    original = spec.example("organization_list")["contents"][0]
    _import(world, json.dumps(spec.example("organization_list")))
    assert not Resource.objects.filter(program=world.program).exists()
    listed = _api(f"organizations?program={world.program.slug}")["contents"]
    assert [o["id"] for o in listed][1:] == [original["id"]]
    assert listed[1] == hsds.list_shape(original)
    one = _api(f"organizations/{original['id']}?program={world.program.slug}")
    assert {k: v for k, v in one.items() if k != "services"} == original
    assert one["services"] == []
    assert spec.problems("compiled/organization", one) == []


def test_a_taxonomy_and_a_term_are_served_again_by_the_api(world):
    from alongside.interop.hsds.models import Access, HsdsSettings

    HsdsSettings.objects.create(program=world.program, access=Access.PUBLIC)
    term = spec.example("taxonomy_term")
    _import(world, json.dumps([spec.example("taxonomy"), term]))
    slug = world.program.slug
    taxonomy = spec.example("taxonomy")
    assert _api(f"taxonomies/{taxonomy['id']}?program={slug}") == taxonomy
    assert _api(f"taxonomy_terms/{term['id']}?program={slug}") == term
    assert spec.problems("taxonomy_term", _api(f"taxonomy_terms/{term['id']}?program={slug}")) == []


def test_a_kept_location_goes_out_again_in_the_tabular_export(world, client_for):
    location = spec.example("location")
    _import(world, json.dumps(location))
    answer = client_for("admin").get("/resources/manage/export.zip")
    assert answer.status_code == 200
    tables = _unzip(answer.content)
    assert [r["id"] for r in tables["locations.csv"]] == [location["id"]]
    assert {r["id"] for r in tables["phones.csv"]} == {p["id"] for p in location["phones"]}
    assert {r["location_id"] for r in tables["schedules.csv"]} == {location["id"]}
    assert tables["addresses.csv"][0]["address_1"] == location["addresses"][0]["address_1"]


def test_a_bad_service_is_named_by_number_and_field_and_nothing_is_imported(world):
    good = spec.example("service_full")
    bad = {**good, "id": "not-a-uuid"}
    other = {**good, "id": "0d6c35c4-2f37-4cbf-b2a8-6d7b7f0f0a11", "url": "no web address"}
    job = services.import_now(
        actor=world["admin"], file_name="x.json", content=json.dumps([good, bad, other])
    )
    assert job.status == ImportStatus.FAILED
    assert [(e["line"], e["field"]) for e in job.errors] == [(2, "id"), (3, "website")]
    assert not Resource.objects.filter(program=world.program).exists()


# --- the tabular form ------------------------------------------------------------------------------


def _zip(tables: dict[str, list[dict[str, str]]], with_datapackage: bool = True) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        if with_datapackage:
            archive.write(spec.EXAMPLES / "csv" / "datapackage.json", "datapackage.json")
        for name, rows in tables.items():
            text = io.StringIO()
            columns = list(rows[0]) if rows else ["id"]
            writer = csv.DictWriter(text, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
            archive.writestr(name, text.getvalue())
    return out.getvalue()


def _unzip(content: bytes) -> dict[str, list[dict[str, str]]]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {
            name: list(csv.DictReader(io.StringIO(archive.read(name).decode())))
            for name in archive.namelist()
            if name.endswith(".csv")
        }


# Rows of the official CSV example that nothing reaches (their ids point at nothing in the file).
# Its taxonomy term (reached only through that attribute) and taxonomy (5c4d79d7…; the term names
# taxonomy 07ff6aee…) reach no service either, but they are kept on their own.
UNREACHED = {
    "attributes.csv",  # link_id f28dd44b… is no object of the example
    "metadata.csv",  # resource_id 38960354… is no object of the example
    "meta_table_descriptions.csv",  # no key to anything
}
KEPT_ALONE = {"taxonomy_terms.csv", "taxonomies.csv"}


def test_the_official_csv_example_imports_and_goes_out_again_cell_for_cell(world):
    original = spec.example_tables()
    job = _import(world, _zip(original), "hsds.zip")
    assert (job.file_format, job.created) == ("tabular", 1)
    assert {n["field"] for n in job.notes if "not imported" in n["message"]} == UNREACHED
    assert {n["field"] for n in job.notes if "carries no service" in n["message"]} == KEPT_ALONE
    publisher = interchange.Publisher.of(world.program)
    exported_services = [
        interchange.service_of(r, publisher) for r in selectors.directory_of(world.program)
    ]
    for service in exported_services:
        assert spec.problems("compiled/service", service) == []
    kept = interchange.kept_objects(world.program)
    assert sorted(kind for kind, _obj in kept) == ["taxonomy", "taxonomy_term"]
    exported = _unzip(interchange.write_tabular(exported_services, kept))
    assert set(exported) == set(original)
    for name, rows in original.items():
        if name in UNREACHED:
            continue
        assert exported[name] == rows, name
    entry = Resource.objects.get(program=world.program)
    assert (entry.name, entry.city, entry.phone) == (
        "Community Counselling",
        "MyCity",
        "+44 1234 234567",
    )


def test_rows_no_service_reaches_are_kept_where_we_store_them_and_updated_the_second_time(world):
    """An organization and a location of the file that no service reaches are kept with their
    phones, schedules and address; they go out again row for row; a second import updates them."""
    tables = spec.example_tables()
    lone_org, lone_place = (
        "11111111-2222-4333-8444-555555555555",
        "66666666-7777-4888-8999-aaaaaaaaaaaa",
    )
    tables["organizations.csv"].append(
        {**tables["organizations.csv"][0], "id": lone_org, "name": "Riverbend Food Network"}
    )
    tables["locations.csv"].append(
        {**tables["locations.csv"][0], "id": lone_place, "organization_id": "",
         "name": "Mill Street depot", "latitude": "40.01", "longitude": "-75.02"}
    )  # fmt: skip
    blank_phone = dict.fromkeys(tables["phones.csv"][0], "")
    tables["phones.csv"] += [
        {**blank_phone, "id": "0a0a0a0a-0000-4000-8000-000000000001",
         "organization_id": lone_org, "number": "555-0140"},
        {**blank_phone, "id": "0a0a0a0a-0000-4000-8000-000000000002",
         "location_id": lone_place, "number": "555-0141"},
    ]  # fmt: skip
    tables["schedules.csv"].append(
        {**dict.fromkeys(tables["schedules.csv"][0], ""), "location_id": lone_place,
         "id": "0a0a0a0a-0000-4000-8000-000000000003", "freq": "WEEKLY", "byday": "MO",
         "opens_at": "09:00", "closes_at": "12:00"}
    )  # fmt: skip
    tables["addresses.csv"].append(
        {**tables["addresses.csv"][0], "id": "0a0a0a0a-0000-4000-8000-000000000004",
         "location_id": lone_place, "address_1": "3 Mill Street"}
    )  # fmt: skip
    job = _import(world, _zip(tables), "hsds.zip")
    assert job.created == 1
    kept = _kept(world.program)
    organization = kept[("organization", lone_org)]
    assert [p["number"] for p in organization["phones"]] == ["555-0140"]
    place = kept[("location", lone_place)]
    assert [p["number"] for p in place["phones"]] == ["555-0141"]
    assert [(s["byday"], s["opens_at"]) for s in place["schedules"]] == [("MO", "09:00")]
    assert place["addresses"][0]["address_1"] == "3 Mill Street"
    assert (place["latitude"], place["longitude"]) == (40.01, -75.02)
    assert spec.problems("compiled/organization", {**organization, "services": []}) == []
    assert {n["field"] for n in job.notes if "not imported" in n["message"]} == UNREACHED
    # out again, every row as it came in
    publisher = interchange.Publisher.of(world.program)
    exported = _unzip(
        interchange.write_tabular(
            [interchange.service_of(r, publisher) for r in selectors.directory_of(world.program)],
            interchange.kept_objects(world.program),
        )
    )
    for name, rows in tables.items():
        if name not in UNREACHED:
            assert sorted(exported[name], key=lambda r: r["id"]) == sorted(
                rows, key=lambda r: r["id"]
            ), name
    # a second import of the same file updates, a changed number is taken
    tables["phones.csv"][-1]["number"] = "555-0142"
    again = _import(world, _zip(tables), "hsds.zip")
    assert (again.created, again.updated) == (0, 1)
    assert len(_kept(world.program)) == len(kept)
    place = _kept(world.program)[("location", lone_place)]
    assert [p["number"] for p in place["phones"]] == ["555-0142"]


def test_the_tabular_export_has_every_table_of_the_datapackage_and_validates(world):
    resource(world.program, name="Everything", **EVERYTHING)
    exported = interchange.write_tabular(list(_exported(world.program).values()))
    with zipfile.ZipFile(io.BytesIO(exported)) as archive:
        package = json.loads(archive.read("datapackage.json"))
        assert package == json.loads((spec.EXAMPLES / "csv" / "datapackage.json").read_text())
        for table in package["resources"]:
            header = next(csv.reader(io.StringIO(archive.read(table["path"]).decode())))
            assert header == [f["name"] for f in table["schema"]["fields"]]
    tables = _unzip(exported)
    assert [r["name"] for r in tables["services.csv"]] == ["Everything"]
    assert [r["number"] for r in tables["phones.csv"]] == ["555-0101"]
    # and it imports back into the same program as an update
    job = _import(world, exported, "again.zip")
    assert (job.created, job.updated) == (0, 1)


def test_a_bad_cell_names_the_file_line_and_column_and_nothing_is_imported(world):
    tables = spec.example_tables()
    tables["locations.csv"] = [{**tables["locations.csv"][0], "latitude": "north"}]
    job = services.import_now(actor=world["admin"], file_name="x.zip", content=_zip(tables))
    assert job.status == ImportStatus.FAILED
    assert job.errors == [
        {"line": 2, "field": "locations.csv: latitude", "message": "'north' is not a number."}
    ]
    assert not Resource.objects.filter(program=world.program).exists()


def test_a_zip_without_services_csv_is_refused(world):
    job = services.import_now(actor=world["admin"], file_name="x.zip", content=_zip({}))
    assert job.status == ImportStatus.FAILED
    assert job.errors[0]["field"] == "services.csv"


def test_the_nesting_rules_cover_every_nested_object_of_the_compiled_service_schema():
    """Each array or object the compiled service.json nests under a table is one NEST rule, so
    the tabular import builds every part the schema knows."""
    schema = spec.load("schema/compiled/service.json")
    missing = []

    def walk(node, table, seen):
        for key, prop in node.get("properties", {}).items():
            item = prop.get("items") if prop.get("type") == "array" else prop
            if not isinstance(item, dict) or "properties" not in item:
                continue
            child = item.get("name") or key
            rules = {k: t for k, t, _ in tabular.NEST.get(table, tabular._TAIL)}
            if key not in rules:
                missing.append(f"{table}.{key}")
            elif child not in seen:
                walk(item, rules[key], (*seen, child))

    walk(schema, "service", ("service",))
    assert missing == []


def test_the_api_imports_the_tabular_zip_in_base64(world):
    import base64

    from alongside.accounts.services import issue_api_token

    # staff sign in to the API with their two-step code; a token issued here stands for that
    client = Client(headers={"Authorization": f"Bearer {issue_api_token(user=world['admin'])}"})
    content = base64.b64encode(_zip(spec.example_tables())).decode()
    answer = client.post(
        "/api/resources/import",
        {"file_name": "hsds.zip", "content": content, "content_encoding": "base64"},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["created"] == 1
    assert {
        n["field"] for n in answer.json()["notes"] if "not imported" in n["message"]
    } == UNREACHED
    bad = client.post(
        "/api/resources/import",
        {"file_name": "hsds.zip", "content": "not base64!", "content_encoding": "base64"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad.json()["errors"] == [
        {"line": 1, "field": "content", "message": "This is not base64."}
    ]
