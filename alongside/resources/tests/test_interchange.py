"""Directory import and export: CSV and HSDS round trips, every bad row reported by line, and nothing
half-imported."""

import csv
import io
import json
from datetime import date

import pytest

from alongside.resources import interchange, services
from alongside.resources.models import ImportStatus, Resource
from alongside.resources.tests.factories import resource

pytestmark = pytest.mark.django_db

FIELDS = [
    "external_id", "name", "description", "needs", "address", "city", "postcode", "latitude",
    "longitude", "time_zone", "hours", "languages", "cost", "cost_note", "eligibility",
    "accessibility", "how_to_get_there", "phone", "website", "last_verified_on",
]  # fmt: skip


def _full(program, **extra):
    return resource(
        program,
        description='Hot meals, "no questions asked"; bring a bag.\nSecond line.',
        needs=["food", "family"],
        address="12 Mill Street",
        city="Riverbend",
        postcode="RB02",
        latitude=40.0123456789,
        longitude=-75.0210987654,
        time_zone="America/Chicago",
        hours={
            "mon": [["09:00", "17:00"]],
            "fri": [["22:00", "06:00"]],
            "sun": [["00:00", "24:00"]],
        },
        languages=["en", "es"],
        cost="sliding",
        cost_note="Pay what you can",
        eligibility="Anyone over 18",
        accessibility="Step-free entrance; ASL on request",
        how_to_get_there="Bus 7 to Mill Street",
        phone="555-0101",
        website="https://example.org/pantry",
        last_verified_on=date(2026, 10, 1),
        **extra,
    )


def _snapshot(program, key="external_id"):
    """Every field, by the id the format carries: our CSV's id, or HSDS's uuid."""
    fields = [key, *FIELDS[1:]]
    return [
        {name: getattr(r, name) for name in fields}
        for r in Resource.objects.filter(program=program).order_by(key)
    ]


def _write_hsds(resources):
    return interchange.write_hsds(resources, interchange.Publisher.of(resources[0].program))


@pytest.mark.parametrize(
    ("write", "name", "key"),
    [(interchange.write_csv, "dir.csv", "external_id"), (_write_hsds, "dir.json", "uuid")],
)
def test_export_then_import_into_another_program_gives_the_same_directory(world, write, name, key):
    from alongside.accounts.choices import Role
    from alongside.accounts.tests.factories import person

    _full(world.program)
    resource(world.program, needs=[], languages=[], latitude=None, longitude=None, hours={})
    exported = write(list(Resource.objects.filter(program=world.program).order_by("pk")))
    admin = person(world.foreign_program, Role.ADMIN)
    job = services.import_now(actor=admin, file_name=name, content=exported)
    assert job.status == ImportStatus.DONE, job.errors
    assert _snapshot(world.foreign_program, key) == _snapshot(world.program, key)
    # and exporting again gives the very same file (for JSON the same document: PostgreSQL's jsonb
    # keeps a kept service's keys in its own order)
    again = write(list(Resource.objects.filter(program=world.foreign_program).order_by("pk")))
    if name.endswith(".json"):
        assert json.loads(again) == json.loads(exported)
    else:
        assert again == exported


def test_importing_the_same_file_again_updates_instead_of_duplicating(world):
    _full(world.program)
    exported = interchange.write_csv(list(Resource.objects.filter(program=world.program)))
    Resource.objects.filter(program=world.program).update(name="Changed")
    job = services.import_now(actor=world["admin"], file_name="d.csv", content=exported)
    assert (job.created, job.updated) == (0, 1)
    assert Resource.objects.get(program=world.program).name != "Changed"


def _csv(rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=interchange.COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c, "") for c in interchange.COLUMNS})
    return out.getvalue()


def _good(n):
    return {
        "id": f"r-{n}", "name": f"Place {n}", "needs": "food;housing", "latitude": "40.01",
        "longitude": "-75.02", "hours": "mon 09:00-17:00; fri 22:00-06:00", "languages": "en",
        "cost": "free", "last_verified_on": "2026-09-30",
    }  # fmt: skip


def test_a_thousand_rows_import_in_chunks(world):
    content = _csv([_good(n) for n in range(1000)])
    job = services.start_import(actor=world["admin"], file_name="big.csv", content=content)
    steps = []
    while job.status == ImportStatus.CHECKING:
        job = services.advance_import(actor=world["admin"], job_id=job.pk)
        steps.append(job.percent)
    assert steps == [25, 50, 75, 100] and job.status == ImportStatus.DONE
    assert Resource.objects.filter(program=world.program).count() == 1000 == job.created


def test_bad_rows_are_reported_by_line_and_field_and_nothing_is_imported(world):
    rows = [_good(n) for n in range(600)]
    rows[3]["needs"] = "food;spaceships"
    rows[250]["latitude"] = "north"
    rows[251]["hours"] = "someday 9-5"
    rows[252]["id"] = "r-1"  # a duplicate of line 3's id
    rows[599]["name"] = ""
    rows[599]["website"] = "not a url"
    job = services.import_now(actor=world["admin"], file_name="bad.csv", content=_csv(rows))
    assert job.status == ImportStatus.FAILED
    found = {(e["line"], e["field"]) for e in job.errors}
    assert found == {
        (5, "needs"),
        (252, "latitude"),
        (253, "hours"),
        (254, "id"),
        (601, "name"),
        (601, "website"),
    }  # the header is line 1, so row n is line n + 2
    assert not Resource.objects.filter(program=world.program).exists()


def test_a_csv_without_the_id_column_fails_at_once(world):
    job = services.start_import(actor=world["admin"], file_name="x.csv", content="name\nPantry\n")
    assert job.status == ImportStatus.FAILED
    assert job.errors == [{"line": 1, "field": "id", "message": "This column is missing."}]


def test_bad_hsds_is_reported_by_service_number(world):
    services_ = json.loads(_write_hsds([_full(world.program)]))
    Resource.objects.all().delete()
    broken = dict(services_[0], id="0d6c35c4-2f37-4cbf-b2a8-6d7b7f0f0a11", url="not a url")
    content = json.dumps([services_[0], broken, "not an object"])
    job = services.import_now(actor=world["admin"], file_name="x.json", content=content)
    assert job.status == ImportStatus.FAILED
    assert {(e["line"], e["field"]) for e in job.errors} == {(2, "website"), (3, "service")}
    assert not Resource.objects.exists()
    job = services.import_now(actor=world["admin"], file_name="x.json", content="{oops")
    assert job.status == ImportStatus.FAILED and job.errors[0]["field"] == "file"


def test_hsds_export_has_the_hsds_shape(world):
    service = json.loads(_write_hsds([_full(world.program)]))[0]
    assert service["assured_date"] == "2026-10-01"
    schedule = {"byday": "FR", "opens_at": "22:00", "closes_at": "06:00", "freq": "WEEKLY"}
    assert any(schedule.items() <= s.items() for s in service["schedules"])
    location = service["service_at_locations"][0]["location"]
    assert location["addresses"][0]["postal_code"] == "RB02"
    assert location["transportation"] == "Bus 7 to Mill Street"
    assert [lang["code"] for lang in service["languages"]] == ["en", "es"]
