"""Who may use each FHIR route (see alongside.common.testing.routes).

/fhir/R4/ ignores the website's session: only a FHIR-scoped bearer token signs in there, so every role
signed in on the website (and anonymous) gets 401 with an OperationOutcome; `metadata` is public, and
an unknown path answers 404 (an OperationOutcome too). What a token may read, role by role and member
by member, is the token matrix in test_views.py."""

from alongside.common.testing.routes import Route, anyone


def _patient(world, viewer, whose):
    return {"resource_type": "Patient", "resource_id": str(world["member"].pk)}


def _type(world, viewer, whose):
    return {"resource_type": "CarePlan"}


def _everything(world, viewer, whose):
    return {"patient_id": str(world["member"].pk)}


NEEDS_TOKEN = frozenset({401})
NOTE = "the website's session does not sign in to FHIR: 401 OperationOutcome for everyone"

ROUTES = [
    Route("fhir:metadata", anyone, check_axe=False, notes="the public CapabilityStatement"),
    Route("fhir:read", anyone, kwargs=_patient, ok=NEEDS_TOKEN, check_axe=False, notes=NOTE),
    Route("fhir:search", anyone, kwargs=_type, ok=NEEDS_TOKEN, check_axe=False, notes=NOTE),
    Route(
        "fhir:everything", anyone, kwargs=_everything, ok=NEEDS_TOKEN, check_axe=False, notes=NOTE
    ),
    Route("fhir:export", anyone, ok=NEEDS_TOKEN, check_axe=False, notes=NOTE),
    Route(
        "fhir:export-status",
        anyone,
        kwargs=lambda world, viewer, whose: {"job": "not-a-job"},
        ok=NEEDS_TOKEN,
        check_axe=False,
        notes=NOTE,
    ),
    Route(
        "fhir:export-file",
        anyone,
        kwargs=lambda world, viewer, whose: {"job": "not-a-job", "resource_type": "Patient"},
        ok=NEEDS_TOKEN,
        check_axe=False,
        notes=NOTE,
    ),
    Route(
        "fhir:discharge",
        anyone,
        method="POST",
        data=lambda world, viewer, whose: {"resourceType": "Bundle"},
        ok=NEEDS_TOKEN,
        check_axe=False,
        notes=NOTE,
    ),
    Route(
        "fhir:unknown",
        anyone,
        kwargs=lambda world, viewer, whose: {"rest": "Appointment"},
        ok=frozenset({404}),
        check_axe=False,
        notes="an OperationOutcome, not an HTML page",
    ),
]
