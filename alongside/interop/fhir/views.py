"""The read-only FHIR R4 endpoint, /fhir/R4/: plain Django views answering application/fhir+json, every
error an OperationOutcome (never an HTML page). A partner signs in with a FHIR-scoped bearer token."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt

from alongside.accounts.choices import ApiScope
from alongside.accounts.models import User
from alongside.accounts.selectors import pin_standing, user_for_token

from . import selectors, services
from .capability import capability_statement
from .mapping import Context, Json

logger = logging.getLogger(__name__)

FHIR_JSON = "application/fhir+json; charset=utf-8"
FHIR_NDJSON = "application/fhir+ndjson"


class FhirError(Exception):
    def __init__(self, status: int, code: str, message: str, expression: str = "") -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.expression = status, code, message, expression


def outcome(code: str, message: str, *, expression: str = "", severity: str = "error") -> Json:
    issue: Json = {"severity": severity, "code": code, "diagnostics": message}
    if expression:
        issue["expression"] = [expression]
    return {"resourceType": "OperationOutcome", "issue": [issue]}


def fhir_response(body: Json, status: int = 200, **headers: str) -> HttpResponse:
    response = HttpResponse(json.dumps(body), status=status, content_type=FHIR_JSON)
    response["Cache-Control"] = "no-store"
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _context(request: HttpRequest) -> Context:
    return Context(base=request.build_absolute_uri("/fhir/R4").rstrip("/"))


def _partner(request: HttpRequest) -> User:
    header = request.headers.get("Authorization", "")
    kind, _, token = header.partition(" ")
    user = user_for_token(token.strip(), scope=ApiScope.FHIR) if kind.lower() == "bearer" else None
    if user is None:
        raise FhirError(
            401,
            "login",
            'Send Authorization: Bearer <token>, a token from POST /api/auth/token with "scope": '
            '"fhir".',
        )
    # The program the partner reads in, for a partner in several: named by `X-Alongside-Program` (its id
    # or slug), as in the API; one they are not in is refused. Without it, their first program.
    named = request.headers.get("X-Alongside-Program")
    if pin_standing(user, named, strict=True).program is None and named:
        raise FhirError(
            404,
            "not-found",
            "You are not in the program X-Alongside-Program names.",
            expression="X-Alongside-Program",
        )
    return user


View = Callable[..., HttpResponse]


def fhir_view(*methods: str, signed_in: bool = True) -> Callable[[View], View]:
    """Method check, FHIR-token sign-in and OperationOutcome answers for every failure."""

    def wrap(view: View) -> View:
        @csrf_exempt  # bearer tokens, never cookies: no cross-site request can carry one
        @wraps(view)
        def inner(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                if request.method not in methods:
                    raise FhirError(
                        405, "not-supported", f"Use {' or '.join(methods)} here; this server reads."
                    )
                partner = _partner(request) if signed_in else None
                return view(request, partner, *args, **kwargs)
            except FhirError as error:
                headers = {"WWW_Authenticate": "Bearer"} if error.status == 401 else {}
                body = outcome(error.code, error.message, expression=error.expression)
                return fhir_response(body, error.status, **headers)
            except (Http404, PermissionDenied):
                return fhir_response(
                    outcome("not-found", "No such resource, or not shared with you."), 404
                )
            except Exception:  # a bug must still answer FHIR, not an HTML page
                logger.exception("FHIR request failed: %s", request.path)
                return fhir_response(outcome("exception", "Something went wrong on our side."), 500)

        return inner

    return wrap


@fhir_view("GET", signed_in=False)
def metadata(request: HttpRequest, partner: None) -> HttpResponse:
    return fhir_response(capability_statement(_context(request).base))


DEFAULT_COUNT = 50  # entries a searchset page holds unless `_count` asks for fewer or more
MAX_COUNT = 500


@dataclass(frozen=True)
class Page:
    """Which part of a search's matches one Bundle holds: `_count` entries from `_offset`."""

    count: int
    offset: int

    @classmethod
    def of(cls, request: HttpRequest) -> Page:
        return cls(
            count=min(_whole(request, "_count", DEFAULT_COUNT), MAX_COUNT),
            offset=_whole(request, "_offset", 0),
        )

    def window(self, total: int) -> slice:
        return slice(min(self.offset, total), min(self.offset + self.count, total))


def _whole(request: HttpRequest, name: str, default: int) -> int:
    text = request.GET.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit():
        raise FhirError(400, "value", f"{name} is a whole number, 0 or more.", name)
    return int(text)


def _page_url(request: HttpRequest, page: Page, offset: int) -> str:
    """This search again at another offset: the same parameters, `_count` and `_offset` last."""
    query = request.GET.copy()
    for name in ("_count", "_offset"):
        query.pop(name, None)
    query["_count"] = str(page.count)
    query["_offset"] = str(offset)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def _links(request: HttpRequest, page: Page, total: int) -> list[Json]:
    """self, first, previous, next and last, as the FHIR search page describes them (3.1.1.5.5):
    previous and next only where there is such a page."""
    links = [
        {"relation": "self", "url": _page_url(request, page, page.offset)},
        {"relation": "first", "url": _page_url(request, page, 0)},
    ]
    if page.count == 0:  # _count=0: the total only
        return links
    if page.offset > 0:
        previous = max(0, min(page.offset, total) - page.count)
        links.append({"relation": "previous", "url": _page_url(request, page, previous)})
    if page.offset + page.count < total:
        links.append(
            {"relation": "next", "url": _page_url(request, page, page.offset + page.count)}
        )
    last = max(0, (total - 1) // page.count * page.count)
    links.append({"relation": "last", "url": _page_url(request, page, last)})
    return links


def _searchset(request: HttpRequest, resources: list[Json], total: int | None = None) -> Json:
    """A searchset Bundle of one page: `resources` are the page's own when `total` (of every match)
    is given, else every match, sliced here."""
    base = _context(request).base
    page = Page.of(request)
    if total is None:
        total = len(resources)
        resources = resources[page.window(total)]
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "timestamp": timezone.now().isoformat(timespec="seconds"),
        "total": total,
        "link": _links(request, page, total),
        "entry": [
            {
                "fullUrl": f"{base}/{r['resourceType']}/{r['id']}",
                "resource": r,
                "search": {"mode": "match"},
            }
            for r in resources
        ],
    }


def _patient_param(request: HttpRequest, resource_type: str) -> str | None:
    for name in ("patient", "subject", *(("_id",) if resource_type == "Patient" else ())):
        if value := request.GET.get(name):
            return value.removeprefix("Patient/")
    return None


@fhir_view("GET")
def search(request: HttpRequest, partner: User, resource_type: str) -> HttpResponse:
    """`[type]?patient=<id>`: that member's resources of one type; Patient without a parameter lists
    everyone who shares with the reader."""
    ctx = _context(request)
    if resource_type in selectors.DIRECTORY_TYPES:  # the program and its directory: no patient
        found = selectors.directory_list(partner, resource_type)
        if wanted := request.GET.get("_id"):
            found = [r for r in found if r["id"] in wanted.split(",")]
        return fhir_response(_searchset(request, found))
    patient_id = _patient_param(request, resource_type)
    if patient_id is None:
        if resource_type != "Patient":
            raise FhirError(400, "required", "Search by patient: ?patient=<id>.", "patient")
        # Only the page's members are read (and logged).
        members = selectors.sharing_members(partner).order_by("pk")
        page = Page.of(request)
        total = members.count()
        found = []
        for member in members[page.window(total)]:
            selectors.access_member(partner, member.pk, purpose="FHIR search Patient")
            found += selectors.member_resources(partner, member, ctx, types=["Patient"])
        return fhir_response(_searchset(request, found, total))
    try:
        member = selectors.access_member(
            partner, patient_id, purpose=f"FHIR search {resource_type}"
        )
    except Http404:
        return fhir_response(_searchset(request, []))  # nobody shared: an empty searchset
    found = selectors.member_resources(partner, member, ctx, types=[resource_type])
    return fhir_response(_searchset(request, found))


@fhir_view("GET")
def read(request: HttpRequest, partner: User, resource_type: str, resource_id: str) -> HttpResponse:
    return fhir_response(selectors.read(partner, resource_type, resource_id, _context(request)))


@fhir_view("GET")
def everything(request: HttpRequest, partner: User, patient_id: str) -> HttpResponse:
    """Patient/<id>/$everything: all the member shares with the reader, as a searchset Bundle."""
    member = selectors.access_member(partner, patient_id, purpose="FHIR Patient/$everything")
    return fhir_response(
        _searchset(request, selectors.member_resources(partner, member, _context(request)))
    )


def _types(wanted: str | None) -> list[str] | None:
    if not wanted:
        return None
    types = [t.strip() for t in wanted.split(",") if t.strip()]
    if unknown := sorted(set(types) - set(selectors.RESOURCE_TYPES)):
        raise FhirError(
            400, "not-supported", f"Unknown or unserved type: {', '.join(unknown)}.", "_type"
        )
    return types


def _ndjson(resources: list[Json], filename: str) -> HttpResponse:
    body = "".join(json.dumps(r, separators=(",", ":")) + "\n" for r in resources)
    response = HttpResponse(body, content_type=FHIR_NDJSON)
    response["Cache-Control"] = "no-store"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# An export's status and file links carry who asked, for which types, and when, signed: no table, and
# every file is built when it is fetched, so a consent revoked since the kick-off is already out of it.
EXPORT_SALT = "alongside.fhir.export"
EXPORT_LIFETIME = 24 * 60 * 60  # seconds a status or file link works


def _export_job(partner: User, job: str) -> dict[str, Any]:
    try:
        found: dict[str, Any] = signing.loads(job, salt=EXPORT_SALT, max_age=EXPORT_LIFETIME)
    except signing.BadSignature:  # also expired
        raise Http404 from None
    if found.get("user") != partner.pk:
        raise Http404  # someone else's export looks exactly like a missing one
    return found


@fhir_view("GET")
def export(request: HttpRequest, partner: User) -> HttpResponse:
    """$export of every resource the program's members share with the reader (`_type` narrows it).
    With `Prefer: respond-async` it follows the Bulk Data protocol (202 and a status URL, whose
    manifest links one NDJSON file per type); without it the NDJSON comes at once, grouped by type."""
    types = _types(request.GET.get("_type"))
    if "_since" in request.GET:  # refused rather than ignored: everything is not "changed since"
        raise FhirError(
            400,
            "not-supported",
            "_since is not supported yet (our resources carry no last-changed time); export "
            "without it for everything shared now.",
            "_since",
        )
    if "respond-async" in request.headers.get("Prefer", ""):
        job = signing.dumps(
            {
                "user": partner.pk,
                "types": types,
                "at": timezone.now().isoformat(),
                "request": request.build_absolute_uri(),
            },
            salt=EXPORT_SALT,
        )
        status = request.build_absolute_uri(reverse("fhir:export-status", args=[job]))
        return fhir_response(
            outcome("informational", "Export accepted.", severity="information"),
            202,
            Content_Location=status,
        )
    found = selectors.export(partner, _context(request), types)
    found.sort(key=lambda r: r["resourceType"])  # stable: each type's lines stay in their order
    return _ndjson(found, "alongside-export.ndjson")


@fhir_view("GET", "DELETE")
def export_status(request: HttpRequest, partner: User, job: str) -> HttpResponse:
    """The export's manifest (Bulk Data): complete at once, one file per type that has resources."""
    found = _export_job(partner, job)
    if request.method == "DELETE":  # nothing runs in the background: nothing to stop
        return fhir_response(
            outcome("informational", "Export cancelled.", severity="information"), 202
        )
    resources = selectors.export(partner, _context(request), found["types"])
    counts: dict[str, int] = {}
    for resource in resources:
        counts[resource["resourceType"]] = counts.get(resource["resourceType"], 0) + 1
    manifest = {
        "transactionTime": found["at"],
        "request": found["request"],
        "requiresAccessToken": True,
        "output": [
            {
                "type": kind,
                "url": request.build_absolute_uri(reverse("fhir:export-file", args=[job, kind])),
                "count": count,
            }
            for kind, count in sorted(counts.items())
        ],
        "error": [],
    }
    response = HttpResponse(json.dumps(manifest), content_type="application/json")
    response["Cache-Control"] = "no-store"
    response["Expires"] = http_date(time.time() + EXPORT_LIFETIME)
    return response


@fhir_view("GET")
def export_file(request: HttpRequest, partner: User, job: str, resource_type: str) -> HttpResponse:
    """One file of an export: that type's resources as the members share them now."""
    found = _export_job(partner, job)
    if found["types"] is not None and resource_type not in found["types"]:
        raise Http404
    resources = selectors.export(partner, _context(request), [resource_type])
    return _ndjson(resources, f"{resource_type}.ndjson")


@fhir_view("POST")
def discharge(request: HttpRequest, partner: User) -> HttpResponse:
    """Import a hospital's discharge Bundle (Patient, Encounter, Consent) as a hand-off."""
    try:
        bundle = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise FhirError(400, "invalid", "The body is not JSON.") from None
    try:
        found = services.import_discharge(sender=partner, bundle=bundle)
    except services.DischargeError as error:
        raise FhirError(422, "invalid", error.message, error.expression) from None
    link = request.build_absolute_uri(found.invite_path)
    message = f"Hand-off started for {found.pseudonym}. Give the person this link to finish joining: {link}"
    return fhir_response(
        outcome("informational", message, severity="information"),
        201,
        Location=request.build_absolute_uri(
            reverse("resources:hand-off", args=[found.hand_off_id])
        ),
    )


@fhir_view("GET", "POST", "PUT", "PATCH", "DELETE", signed_in=False)
def unknown(request: HttpRequest, partner: None, rest: str) -> HttpResponse:
    raise FhirError(404, "not-found", f"This server does not serve {rest or 'that'}.")
