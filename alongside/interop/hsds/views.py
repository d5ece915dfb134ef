"""The HSDS 3.0 API under /hsds/, shaped as Open Referral's OpenAPI document says (plain JSON views, not
our /api/: its paths, parameters and paging are HSDS's), and the program's settings page for it."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from alongside.accounts.choices import Role
from alongside.accounts.models import Program
from alongside.accounts.selectors import standing
from alongside.common.http import AuthedRequest, role_required
from alongside.resources.interchange.hsds import list_shape

from . import selectors, services
from .forms import SettingsForm
from .selectors import Filters, Paging, Refused

OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
PROFILE_URL = "https://docs.openreferral.org/en/latest/hsds/overview.html"


class BadParameter(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _error(status: int, detail: str, errors: list[dict[str, str]] | None = None) -> JsonResponse:
    body: dict[str, Any] = {"detail": detail}
    if errors:
        body["errors"] = errors
    response = JsonResponse(body, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="hsds"'
    return response


def hsds_view(view: Callable[..., Any]) -> Callable[..., HttpResponseBase]:
    """A GET of the HSDS API: finds the program (or answers 401/404 as JSON), checks parameters (400
    naming the field), and answers the view's value as JSON (404 when it is None)."""

    @require_GET
    def wrapped(request: HttpRequest, **kwargs: Any) -> HttpResponseBase:
        try:
            program = selectors.program_for(request)
            found = view(request, program, **kwargs)
        except Refused as refused:
            return _error(refused.status, refused.detail)
        except BadParameter as bad:
            return _error(
                400, f"Please check: {bad.field}.", [{"field": bad.field, "message": bad.message}]
            )
        if found is None:
            return _error(404, "Not found.")
        if isinstance(found, HttpResponseBase):
            return found
        return JsonResponse(found, safe=False, json_dumps_params={"ensure_ascii": False})

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


# --- parameters ------------------------------------------------------------------------------------


def _whole(request: HttpRequest, name: str, default: int, low: int, high: int) -> int:
    text = request.GET.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        raise BadParameter(name, f"A whole number from {low} to {high}.") from None
    if not low <= value <= high:
        raise BadParameter(name, f"A whole number from {low} to {high}.")
    return value


def _flag(request: HttpRequest, name: str) -> bool:
    text = request.GET.get(name, "").strip().lower()
    if text in ("", "false", "0"):
        return False
    if text in ("true", "1"):
        return True
    raise BadParameter(name, "true or false.")


def _paging(request: HttpRequest) -> Paging:
    return Paging(
        page=_whole(request, "page", 1, 1, 1_000_000),
        per_page=_whole(request, "per_page", selectors.DEFAULT_PER_PAGE, 1, selectors.MAX_PER_PAGE),
    )


def _format(request: HttpRequest) -> str:
    found = request.GET.get("format", "json").strip().lower() or "json"
    if found not in ("json", "ndjson"):
        raise BadParameter("format", "json or ndjson.")
    return found


def _filters(request: HttpRequest) -> Filters:
    modified_after: datetime | None = None
    if text := request.GET.get("modified_after", "").strip():
        modified_after = parse_datetime(text)
        if modified_after is None or modified_after.tzinfo is None:
            raise BadParameter(
                "modified_after", "A date and time with its zone, like 2026-01-31T09:00:00Z."
            )
    proximity: float | None = None
    if text := request.GET.get("proximity", "").strip():
        try:
            proximity = float(text)
        except ValueError:
            raise BadParameter("proximity", "A distance in meters.") from None
        if not 0 < proximity <= 500_000:
            raise BadParameter("proximity", "A distance in meters, up to 500000.")
    return Filters(
        search=request.GET.get("search", "").strip(),
        taxonomy_term_id=request.GET.get("taxonomy_term_id", "").strip(),
        taxonomy_id=request.GET.get("taxonomy_id", "").strip(),
        organization_id=request.GET.get("organization_id", "").strip(),
        modified_after=modified_after,
        postcode=request.GET.get("postcode", "").strip(),
        proximity_m=proximity,
    )


def _listed(request: HttpRequest, items: list[dict[str, Any]]) -> dict[str, Any] | HttpResponseBase:
    """A list already in memory, as one page, or whole as NDJSON."""
    if _format(request) == "ndjson":
        return _ndjson(items)
    paging = _paging(request)
    return paging.page_of(len(items), items[paging.offset : paging.offset + paging.per_page])


def _ndjson(items: list[dict[str, Any]]) -> HttpResponseBase:
    body = "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)
    return HttpResponse(body, content_type="application/x-ndjson")


def _all_pages(fetch: Callable[[Paging], dict[str, Any]]) -> HttpResponseBase:
    """Every result, read page after page (one page's queries each), as NDJSON. Built whole: under
    ASGI Django would read a synchronous stream into memory anyway, with a warning."""
    items: list[dict[str, Any]] = []
    page = 1
    while True:
        found = fetch(Paging(page=page, per_page=selectors.MAX_PER_PAGE))
        items += found["contents"]
        if found["last_page"]:
            return _ndjson(items)
        page += 1


# --- the API ---------------------------------------------------------------------------------------


@hsds_view
def index(request: HttpRequest, program: Program) -> dict[str, Any]:
    """What this API is (the OpenAPI document's `GET /`)."""
    return {"version": "3.0", "profile": PROFILE_URL, "openapi_url": OPENAPI_URL}


@hsds_view
def services_list(request: HttpRequest, program: Program) -> dict[str, Any] | HttpResponseBase:
    filters, full, minimal = _filters(request), _flag(request, "full"), _flag(request, "minimal")

    def fetch(paging: Paging) -> dict[str, Any]:
        return selectors.services_page(program, filters, paging, full=full, minimal=minimal)

    return _all_pages(fetch) if _format(request) == "ndjson" else fetch(_paging(request))


@hsds_view
def service(request: HttpRequest, program: Program, service_id: str) -> dict[str, Any] | None:
    return selectors.service(program, service_id)


@hsds_view
def service_at_locations(
    request: HttpRequest, program: Program
) -> dict[str, Any] | HttpResponseBase:
    filters, full = _filters(request), _flag(request, "full")

    def fetch(paging: Paging) -> dict[str, Any]:
        return selectors.service_at_locations_page(program, filters, paging, full=full)

    return _all_pages(fetch) if _format(request) == "ndjson" else fetch(_paging(request))


@hsds_view
def service_at_location(
    request: HttpRequest, program: Program, link_id: str
) -> dict[str, Any] | None:
    return selectors.service_at_location(program, link_id)


@hsds_view
def organizations(request: HttpRequest, program: Program) -> dict[str, Any] | HttpResponseBase:
    search = request.GET.get("search", "").strip()
    full, full_service = _flag(request, "full"), _flag(request, "full_service")
    if full or full_service:
        found = selectors.organizations_with_services(
            program, full_service=full_service, search=search
        )
    else:
        found = [list_shape(o) for o in selectors.organizations(program, search)]
    return _listed(request, found)


@hsds_view
def organization(
    request: HttpRequest, program: Program, organization_id: str
) -> dict[str, Any] | None:
    return selectors.organization(
        program, organization_id, full_service=_flag(request, "full_service")
    )


@hsds_view
def taxonomies(request: HttpRequest, program: Program) -> dict[str, Any] | HttpResponseBase:
    found = selectors.all_taxonomies(program)
    return _listed(request, selectors.matching(found, request.GET.get("search", "").strip()))


@hsds_view
def taxonomy(request: HttpRequest, program: Program, taxonomy_id: str) -> dict[str, Any] | None:
    return next((t for t in selectors.all_taxonomies(program) if t["id"] == taxonomy_id), None)


@hsds_view
def taxonomy_terms(request: HttpRequest, program: Program) -> dict[str, Any] | HttpResponseBase:
    found = selectors.matching(selectors.all_terms(program), request.GET.get("search", "").strip())
    if taxonomy_id := request.GET.get("taxonomy_id", "").strip():
        found = [t for t in found if t.get("taxonomy_id") == taxonomy_id]
    if parent_id := request.GET.get("parent_id", "").strip():
        found = [t for t in found if t.get("parent_id") == parent_id]
    if _flag(request, "top_only"):
        found = [t for t in found if not t.get("parent_id")]
    return _listed(request, found)


@hsds_view
def taxonomy_term(request: HttpRequest, program: Program, term_id: str) -> dict[str, Any] | None:
    return next((t for t in selectors.all_terms(program) if t["id"] == term_id), None)


# --- the program's settings ------------------------------------------------------------------------


@role_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def settings(request: AuthedRequest) -> HttpResponse:
    """Who may read the program's directory at /hsds/: anyone, or apps with a token."""
    program = standing(request.user).program
    assert program is not None  # noqa: S101  # role_required: holding a role means holding a program
    form = SettingsForm(request.POST or None, initial={"access": selectors.access_of(program)})
    if request.method == "POST" and form.is_valid():
        services.set_access(actor=request.user, access=form.cleaned_data["access"])
        messages.success(request, _("Saved."))
        return redirect("hsds:settings")
    base = request.build_absolute_uri("/hsds/")
    return render(
        request, "hsds/settings.html", {"form": form, "program": program, "base_url": base}
    )
