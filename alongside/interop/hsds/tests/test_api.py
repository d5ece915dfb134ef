"""The HSDS API at /hsds/: every object it serves validates against Open Referral's schemas, pages have
the OpenAPI's Page shape, filters and paging work as the OpenAPI names them, access is the program's
choice (public or token), and a page reads a fixed number of queries whatever the directory's size."""

from __future__ import annotations

import json
import math

import pytest
from django.test import Client

from alongside.accounts.services import issue_api_token
from alongside.interop.hsds import services as hsds_services
from alongside.interop.hsds.models import Access
from alongside.resources import geo
from alongside.resources import services as resource_services
from alongside.resources.interchange import Publisher
from alongside.resources.interchange.hsds import NEEDS_TAXONOMY, need_term
from alongside.resources.tests.factories import resource

from . import spec

pytestmark = pytest.mark.django_db

PAGE_KEYS = {
    "total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty",
    "contents",
}  # fmt: skip
EXAMPLE_SERVICE = "ac148810-d857-441c-9679-408f346de14b"
EXAMPLE_ORGANIZATION = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"


def _reader(world, role="member"):
    token = issue_api_token(user=world[role])
    return Client(headers={"Authorization": f"Bearer {token}"})


def _directory(world):
    """Two of our own resources and the official example service, imported."""
    food = resource(world.program, name="Food pantry", needs=["food"], phone="555-0101")
    resource(world.program, name="Shelter", needs=["housing"], postcode="RB02")
    job = resource_services.import_now(
        actor=world["admin"],
        file_name="example.json",
        content=json.dumps(spec.example("organization_full")),
    )
    assert job.status == "done", job.errors
    return food


def _get(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200, response.content[:500]
    return response.json()


def test_api_info_names_the_version_and_the_openapi_document(world):
    body = _get(_reader(world), "/hsds/")
    assert body["version"] == "3.0"
    assert body["openapi_url"].endswith("/schema/openapi.json")


def test_every_served_object_validates_against_the_official_schemas(world):
    _directory(world)
    client = _reader(world)
    pages = {
        "/hsds/services": "compiled/service_list",
        "/hsds/service_at_locations": "compiled/service_at_location_list",
        "/hsds/organizations": "compiled/organization_list",
        "/hsds/taxonomies": "taxonomy",
        "/hsds/taxonomy_terms": "taxonomy_term",
    }
    for path, schema in pages.items():
        page = _get(client, path)
        assert set(page) == PAGE_KEYS, path
        assert page["total_items"] == len(page["contents"]) > 0, path
        for item in page["contents"]:
            assert spec.problems(schema, item) == [], (path, item.get("id"))
    full = {
        "/hsds/services": "compiled/service",
        "/hsds/service_at_locations": "compiled/service_at_location",
    }
    for path, schema in full.items():
        for item in _get(client, path, full="true")["contents"]:
            assert spec.problems(schema, item) == [], (path, item["id"])
            one = _get(client, f"{path}/{item['id']}")
            assert one == item
    for organization in _get(client, "/hsds/organizations")["contents"]:
        for full_service in ("false", "true"):
            one = _get(
                client, f"/hsds/organizations/{organization['id']}", full_service=full_service
            )
            assert spec.problems("compiled/organization", one) == []
            assert one["services"]
    for term in _get(client, "/hsds/taxonomy_terms")["contents"]:
        assert _get(client, f"/hsds/taxonomy_terms/{term['id']}") == term
    for taxonomy in _get(client, "/hsds/taxonomies")["contents"]:
        assert _get(client, f"/hsds/taxonomies/{taxonomy['id']}") == taxonomy


def test_an_imported_service_is_served_as_it_came(world):
    _directory(world)
    served = _get(_reader(world), f"/hsds/services/{EXAMPLE_SERVICE}")
    original = spec.example("organization_full")
    expected = {**original["services"][0], "organization": {
        k: v for k, v in original.items() if k != "services"}}  # fmt: skip
    assert served == expected
    organization = _get(_reader(world), f"/hsds/organizations/{EXAMPLE_ORGANIZATION}")
    assert [s["id"] for s in organization["services"]] == [EXAMPLE_SERVICE]


def test_paging_follows_the_page_shape(world):
    for n in range(5):
        resource(world.program, name=f"Place {n}")
    client = _reader(world)
    first = _get(client, "/hsds/services", per_page=2)
    last = _get(client, "/hsds/services", per_page=2, page=3)
    beyond = _get(client, "/hsds/services", per_page=2, page=9)
    assert (first["total_items"], first["total_pages"], first["size"]) == (5, 3, 2)
    assert (first["first_page"], first["last_page"], first["empty"]) == (True, False, False)
    assert (last["page_number"], last["size"], last["last_page"]) == (3, 1, True)
    assert beyond["contents"] == [] and beyond["empty"] is False
    names = [
        s["name"]
        for p in (1, 2, 3)
        for s in _get(client, "/hsds/services", per_page=2, page=p)["contents"]
    ]
    assert names == [f"Place {n}" for n in range(5)]


def test_filters_as_the_openapi_names_them(world):
    food = _directory(world)
    client = _reader(world)

    def ids(**params):
        return {s["id"] for s in _get(client, "/hsds/services", **params)["contents"]}

    assert ids(search="pantry") == {str(food.uuid)}
    assert ids(taxonomy_term_id=need_term("food")["id"]) == {str(food.uuid)}
    assert len(ids(taxonomy_id=NEEDS_TAXONOMY["id"])) == 2
    ours = Publisher.of(world.program).id
    assert EXAMPLE_SERVICE not in ids(organization_id=ours)
    assert ids(organization_id=EXAMPLE_ORGANIZATION) == {EXAMPLE_SERVICE}
    assert ids(taxonomy_term_id="3f7b145d-84af-42d7-8fae-eaca714b02b2") == {EXAMPLE_SERVICE}
    assert ids(modified_after="2999-01-01T00:00:00Z") == set()
    minimal = _get(client, "/hsds/services", minimal="true")["contents"]
    assert all(set(s) == {"id", "last_modified"} for s in minimal)
    terms = _get(client, "/hsds/taxonomy_terms", taxonomy_id=NEEDS_TAXONOMY["id"])["contents"]
    assert {t["code"] for t in terms} >= {"food", "housing", "crisis"}


def _toward(place, bearing_degrees, km):
    """The point `km` from `place` along the Earth at a bearing (the great-circle destination)."""
    lat1, lon1 = math.radians(place.latitude), math.radians(place.longitude)
    bearing, arc = math.radians(bearing_degrees), km / geo.EARTH_RADIUS_KM
    lat2 = math.asin(
        math.sin(lat1) * math.cos(arc) + math.cos(lat1) * math.sin(arc) * math.cos(bearing)
    )
    lon2 = lon1 + math.atan2(
        math.sin(bearing) * math.sin(arc) * math.cos(lat1),
        math.cos(arc) - math.sin(lat1) * math.sin(lat2),
    )
    return math.degrees(lat2), math.degrees(lon2)


def test_proximity_is_the_circle_not_the_box_around_it(world):
    """Points toward the box's corner: just inside the circle are found, just outside it (yet inside
    the box) are not, nor is the corner of the box itself; on both databases."""
    centre = geo.locate("RB01")
    radius_km = 2.0
    low_lat, high_lat, low_lon, high_lon = geo.bounding_box(centre, radius_km)
    points = {
        "in, north-east": _toward(centre, 45, radius_km * 0.995),
        "in, south-west": _toward(centre, 225, radius_km * 0.995),
        "in, due north": _toward(centre, 0, radius_km * 0.995),
        "out, north-east": _toward(centre, 45, radius_km * 1.005),
        "out, south-west": _toward(centre, 225, radius_km * 1.005),
        "box corner": (high_lat - 1e-6, high_lon - 1e-6),
    }
    for name, (lat, lon) in points.items():
        assert low_lat < lat < high_lat and low_lon < lon < high_lon, name  # all inside the box
        resource(world.program, name=name, latitude=lat, longitude=lon, postcode="")
        inside = geo.haversine_km(centre.latitude, centre.longitude, lat, lon) <= radius_km
        assert inside == name.startswith("in"), name
    client = _reader(world)
    page = _get(client, "/hsds/services", postcode="RB01", proximity=int(radius_km * 1000))
    assert sorted(s["name"] for s in page["contents"]) == [
        "in, due north",
        "in, north-east",
        "in, south-west",
    ]
    assert page["total_items"] == 3
    found = _get(client, "/hsds/service_at_locations", postcode="RB01", proximity=2000)
    assert found["total_items"] == 3


def test_ndjson_gives_every_result_one_a_line(world):
    for n in range(3):
        resource(world.program, name=f"Place {n}")
    response = _reader(world).get("/hsds/services", {"format": "ndjson", "per_page": 1})
    assert response["Content-Type"] == "application/x-ndjson"
    lines = response.content.decode().splitlines()
    assert [json.loads(line)["name"] for line in lines] == ["Place 0", "Place 1", "Place 2"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": "first"}, "page"),
        ({"per_page": "0"}, "per_page"),
        ({"per_page": "100000"}, "per_page"),
        ({"full": "maybe"}, "full"),
        ({"modified_after": "yesterday"}, "modified_after"),
        ({"format": "xml"}, "format"),
        ({"proximity": "near"}, "proximity"),
    ],
)
def test_a_bad_parameter_is_named_in_a_json_error(world, params, field):
    response = _reader(world).get("/hsds/services", params)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == field


def test_unknown_ids_are_404_in_json(world):
    client = _reader(world)
    for path in (
        "services",
        "service_at_locations",
        "organizations",
        "taxonomies",
        "taxonomy_terms",
    ):
        for unknown in ("0d6c35c4-2f37-4cbf-b2a8-6d7b7f0f0a11", "not-a-uuid"):
            response = client.get(f"/hsds/{path}/{unknown}")
            assert response.status_code == 404
            assert response.json() == {"detail": "Not found."}


def test_access_is_the_programs_choice_token_by_default(world):
    resource(world.program, name="Food pantry")
    anonymous = Client()
    refused = anonymous.get("/hsds/services")
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"].startswith("Bearer")
    assert Client(headers={"Authorization": "Bearer nonsense"}).get("/hsds/").status_code == 401
    hsds_services.set_access(actor=world["admin"], access=Access.PUBLIC)
    opened = anonymous.get("/hsds/services", {"program": world.program.slug})
    assert [s["name"] for s in opened.json()["contents"]] == ["Food pantry"]
    # another program keeps its own choice
    assert anonymous.get("/hsds/", {"program": world.foreign_program.slug}).status_code == 401
    assert anonymous.get("/hsds/", {"program": "no-such-program"}).status_code == 404


def test_a_token_reads_only_its_own_programs_directory(world):
    mine = resource(world.program, name="Ours")
    theirs = resource(world.foreign_program, name="Theirs")
    client = Client(
        headers={"Authorization": f"Bearer {issue_api_token(user=world.foreign_member)}"}
    )
    assert [s["name"] for s in _get(client, "/hsds/services")["contents"]] == ["Theirs"]
    assert client.get(f"/hsds/services/{mine.uuid}").status_code == 404
    assert _get(client, f"/hsds/services/{theirs.uuid}")["name"] == "Theirs"


def test_only_an_admin_may_change_access(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        hsds_services.set_access(actor=world["supervisor"], access=Access.PUBLIC)


@pytest.mark.parametrize(
    "path",
    ["/hsds/services", "/hsds/service_at_locations", "/hsds/organizations", "/hsds/taxonomy_terms"],
)
def test_a_page_reads_the_same_number_of_queries_whatever_the_size(
    world, path, django_assert_num_queries
):
    _directory(world)  # our organization and an imported one, with its taxonomy terms
    client = _reader(world)
    client.get(path)  # the token's first use writes its last_used_at once
    for more in (3, 30):
        for n in range(more):
            resource(world.program, name=f"Place {more}-{n}")
        with django_assert_num_queries(QUERIES[path]):
            assert client.get(path, {"full": "true", "per_page": 500}).status_code == 200


# The token and its person's standing (2), then the list's own reads: a count and the page of
# resources (services, service_at_locations); the organizations kept on their own, those of the
# services and the directory, grouped (organizations); the terms kept on their own and those of the
# services (taxonomy_terms). Organizations and terms rose by one each when the import began to keep
# what carries no service (HsdsObject).
QUERIES = {
    "/hsds/services": 4,
    "/hsds/service_at_locations": 4,
    "/hsds/organizations": 5,
    "/hsds/taxonomy_terms": 4,
}
