"""The authorization matrix: every route × every role × own / other / foreign object.

Allowed requests must succeed; denied ones must look like nothing is there (404), ask anonymous people
to sign in (302 to the sign-in page, or 401 from the API), and never leak the page.
"""

import json
import re

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from alongside.accounts.services import issue_api_token
from alongside.api import api
from alongside.common.testing.routes import ANONYMOUS, all_routes, cases
from conftest import World, build_world, reload_world, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def _one_world(django_db_setup, django_db_blocker):
    """One world for the whole matrix, in a transaction around the module: each case runs in a savepoint
    of it (pytest-django's per-test transaction nests inside) and is rolled back, so every case still
    starts from the same world, without making it again for each of the thousands of cases."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(_one_world: World) -> World:
    return reload_world(_one_world)


def _prepare(route, world, viewer, whose):
    """The request, ready to send: its objects made and its client signed in beforehand, so what the
    request itself writes can be told apart."""
    kwargs = route.kwargs(world, viewer, whose)
    data = route.data(world, viewer, whose) if route.data else {}
    if route.is_api:
        client = Client()
        headers = {}
        if viewer != ANONYMOUS:
            headers["Authorization"] = f"Bearer {issue_api_token(user=world[viewer])}"
        url = route.name.format(**kwargs)
        if route.method == "GET":
            return lambda: client.get(url, data, headers=headers)
        body = json.dumps(data)
        return lambda: client.generic(
            route.method, url, data=body, content_type="application/json", headers=headers
        )
    client = Client() if viewer == ANONYMOUS else sign_in(Client(), world[viewer])
    url = reverse(route.name, kwargs=kwargs)
    if route.method == "GET":
        return lambda: client.get(url, data)
    return lambda: client.post(url, data)


@pytest.mark.parametrize(
    ("route", "viewer", "whose"),
    cases(),
    ids=[f"{r.label}-{v}-{w or 'any'}" for r, v, w in cases()],
)
def test_route_answers_only_whom_it_should(world, route, viewer, whose):
    send = _prepare(route, world, viewer, whose)
    with CaptureQueriesContext(connection) as queries:
        response = send()
    if route.allow(viewer, whose):
        assert response.status_code in route.ok, response.content[:300]
        return
    assert _writes(queries) == [], "a refused request changed something"
    if route.is_api:
        assert response.status_code == (401 if viewer == ANONYMOUS else 404)
    elif viewer == ANONYMOUS:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign-in"))
    else:
        assert response.status_code == 404


# What a refused request may still write: the session it rode on (sign-in, last activity) and the API
# token's last use. Anything else written is a change the refusal should have prevented.
_BOOKKEEPING = {"django_session", "accounts_apitoken"}
_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([\w.]+)"?', re.I)


def _writes(queries: CaptureQueriesContext) -> list[str]:
    """Tables written by the captured statements, other than bookkeeping."""
    written = (_WRITE.match(query["sql"]) for query in queries.captured_queries)
    return [m.group(1) for m in written if m and m.group(1) not in _BOOKKEEPING]


def _url_names(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _url_names(pattern.url_patterns, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{prefix}{pattern.name}"


def test_every_page_route_is_in_the_registry():
    registered = {route.name for route in all_routes() if not route.is_api}
    pages = {
        name for name in _url_names(get_resolver().url_patterns) if not name.startswith("api:")
    }
    assert pages - registered == set(), "add these routes to their app's tests/routes.py"


def test_every_api_operation_is_in_the_registry():
    registered = {(route.method, route.name) for route in all_routes() if route.is_api}
    schema = api.get_openapi_schema()
    operations = {
        (method.upper(), path.rstrip("/"))
        for path, item in schema["paths"].items()
        for method in item
    }
    assert operations - registered == set(), "add these API routes to their app's tests/routes.py"
