"""Who may use each hsds route (see alongside.common.testing.routes).

The HSDS API answers JSON, never a sign-in page: a request with no token and no session gets 401 while
the program keeps its directory to token holders (the default), so anonymous is "allowed" with 401 as
its answer; test_api.py checks 401 and the public choice precisely. Anyone with a session or a token
of the program reads its directory; an id from another program is 404 for everyone.
"""

from alongside.common.testing.routes import ANONYMOUS, Route, roles
from alongside.resources.tests.factories import resource

EVERYONE = ("member", "supporter", "supervisor", "clinician", "admin")
API = frozenset({200, 401})


def _reads(viewer, whose):
    return viewer == ANONYMOUS or whose in (None, "own", "other")


def _service(world, viewer, whose):
    program = world.foreign_program if whose == "foreign" else world.program
    return {"service_id": str(resource(program).uuid)}


def _link(world, viewer, whose):
    from alongside.resources.interchange.hsds import derived

    program = world.foreign_program if whose == "foreign" else world.program
    return {"link_id": derived(str(resource(program).uuid), "service_at_location")}


def _organization(world, viewer, whose):
    from alongside.resources.interchange import Publisher

    program = world.foreign_program if whose == "foreign" else world.program
    return {"organization_id": Publisher.of(program).id}


def _term(world, viewer, whose):
    from alongside.resources.interchange.hsds import need_term

    return {"term_id": need_term("food")["id"]}


def _taxonomy(world, viewer, whose):
    from alongside.resources.interchange.hsds import NEEDS_TAXONOMY

    return {"taxonomy_id": NEEDS_TAXONOMY["id"]}


def _api(name, **extra):
    return Route(name, _reads, ok=API, check_axe=False, notes="HSDS JSON", **extra)


ROUTES = [
    _api("hsds:index"),
    _api("hsds:services"),
    _api("hsds:service", object_scoped=True, kwargs=_service),
    _api("hsds:service-at-locations"),
    _api("hsds:service-at-location", object_scoped=True, kwargs=_link),
    _api("hsds:organizations"),
    _api("hsds:organization", object_scoped=True, kwargs=_organization),
    _api("hsds:taxonomies"),
    _api("hsds:taxonomy", kwargs=_taxonomy),
    _api("hsds:taxonomy-terms"),
    _api("hsds:taxonomy-term", kwargs=_term),
    Route("hsds:settings", roles("admin")),
    Route(
        "hsds:settings",
        roles("admin"),
        method="POST",
        data=lambda world, viewer, whose: {"access": "public"},
        ok=frozenset({302}),
    ),
]
