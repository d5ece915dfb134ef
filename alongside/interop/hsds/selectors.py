"""Reads for the HSDS API: who may read which program's directory, and the directory as HSDS objects.

Every list reads a fixed number of queries whatever the directory's size: a count and one page of
resources for services and service_at_locations; one read of the imported organizations and terms
(the kept HSDS documents, by JSON key) for organizations and taxonomies.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import ExpressionWrapper, FloatField, Q, QuerySet, TextField, Value
from django.db.models.functions import Cast, Cos, Power, Radians, Sin
from django.http import HttpRequest

from alongside.accounts.models import Program
from alongside.accounts.selectors import standing, user_for_token
from alongside.resources import geo
from alongside.resources import selectors as directory
from alongside.resources.interchange import Publisher, kept_objects, service_of
from alongside.resources.interchange.hsds import (
    DETAILS_TAXONOMY,
    NEEDS_TAXONOMY,
    derived,
    is_uuid,
    list_shape,
    need_term,
    taxonomies,
    taxonomy_terms,
)
from alongside.resources.models import Need, Resource

from .models import Access, HsdsSettings

MAX_PER_PAGE = 500
DEFAULT_PER_PAGE = 50


class Refused(Exception):
    """The request may not read: `status` 401 (sign in with a token) or 404."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def access_of(program: Program) -> str:
    found = HsdsSettings.objects.filter(program=program).values_list("access", flat=True).first()
    return found or Access.TOKEN


def program_for(request: HttpRequest) -> Program:
    """The program whose directory the request reads: a bearer token's, a signed-in person's, or, for
    anyone else, `?program=<slug>` (else the first program, as the front page) if it is public."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        user = user_for_token(header[7:].strip())
        if user is None:
            raise Refused(401, "This token is unknown or has expired.")
        program = standing(user).program
    elif request.user.is_authenticated:
        program = standing(request.user).program
    else:
        slug = request.GET.get("program", "")
        programs = Program.objects.order_by("pk")
        program = (programs.filter(slug=slug) if slug else programs).first()
        if program is not None and access_of(program) != Access.PUBLIC:
            raise Refused(401, "Sign in with an API token of this program to read its directory.")
    if program is None:
        raise Refused(404, "Not found.")
    return program


# --- paging ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Paging:
    page: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def page_of(self, total: int, contents: list[Any]) -> dict[str, Any]:
        """The HSDS `Page` shape around one page of contents."""
        pages = max(1, math.ceil(total / self.per_page))
        return {
            "total_items": total,
            "total_pages": pages,
            "page_number": self.page,
            "size": len(contents),
            "first_page": self.page == 1,
            "last_page": self.page >= pages,
            "empty": total == 0,
            "contents": contents,
        }


# --- services --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """The search and filter parameters the HSDS OpenAPI names, already checked."""

    search: str = ""
    taxonomy_term_id: str = ""
    taxonomy_id: str = ""
    organization_id: str = ""
    modified_after: datetime | None = None
    postcode: str = ""
    proximity_m: float | None = None


def _mentioning(query: QuerySet[Resource], value: str) -> QuerySet[Resource]:
    """Resources whose kept HSDS document holds `value` as a JSON string anywhere."""
    as_text = query.annotate(hsds_text=Cast("hsds", TextField()))
    return as_text.filter(**{"hsds_text__contains": json.dumps(value)})


def services(program: Program, filters: Filters) -> QuerySet[Resource]:
    """The program's resources that pass the filters, by name."""
    query = directory.directory_of(program)
    if filters.search:
        query = query.filter(
            Q(name__icontains=filters.search) | Q(description__icontains=filters.search)
        )
    if filters.modified_after is not None:
        query = query.filter(updated_at__gte=filters.modified_after)
    if term := filters.taxonomy_term_id:
        need = next((c for c in Need.values if need_term(c)["id"] == term), None)
        # Our needs are packed in a column; other taxonomies' terms live in the kept document.
        query = query.filter(needs__contains=f"|{need}|") if need else _mentioning(query, term)
    if taxonomy := filters.taxonomy_id:
        if taxonomy == NEEDS_TAXONOMY["id"]:
            query = query.exclude(needs="")
        elif taxonomy != DETAILS_TAXONOMY["id"]:
            query = _mentioning(query, taxonomy)
    if organization := filters.organization_id:
        publisher = Publisher.of(program)
        if organization == publisher.id:
            query = query.filter(Q(hsds={}) | Q(hsds__organization_id=organization))
        else:
            query = query.filter(
                Q(hsds__organization_id=organization) | Q(hsds__organization__id=organization)
            )
    if filters.postcode:
        place = geo.locate(filters.postcode)
        if place is None:
            query = query.filter(postcode__iexact=filters.postcode)
        else:
            query = within(query, place, (filters.proximity_m or 25_000) / 1000)
    return query


def within(query: QuerySet[Resource], place: geo.Place, radius_km: float) -> QuerySet[Resource]:
    """Resources no further than `radius_km` from `place` along the Earth (haversine, as
    `geo.haversine_km`), in the database so that counts and pages stay right. The box around the
    circle comes first (the indexed pre-filter); then the circle itself, as the haversine's
    a = sin²(Δφ/2) + cos φ₁ cos φ₂ sin²(Δλ/2) ≤ sin²(r / 2R), which needs no asin or square root.
    Django gives SQLite these functions and PostgreSQL has them."""
    low_lat, high_lat, low_lon, high_lon = geo.bounding_box(place, radius_km)
    boxed = query.filter(latitude__range=(low_lat, high_lat), longitude__range=(low_lon, high_lon))
    if radius_km / geo.EARTH_RADIUS_KM >= math.pi:
        return boxed  # the circle covers the whole Earth
    lat0 = math.radians(place.latitude)

    def half_sine_squared(delta: Any) -> Any:
        return Power(Sin(delta / Value(2.0)), Value(2))

    spread = half_sine_squared(Radians("latitude") - Value(lat0)) + Value(math.cos(lat0)) * Cos(
        Radians("latitude")
    ) * half_sine_squared(Radians("longitude") - Value(math.radians(place.longitude)))
    limit = math.sin(radius_km / geo.EARTH_RADIUS_KM / 2) ** 2
    return boxed.alias(spread=ExpressionWrapper(spread, output_field=FloatField())).filter(
        spread__lte=limit
    )


def services_page(
    program: Program, filters: Filters, paging: Paging, *, full: bool, minimal: bool
) -> dict[str, Any]:
    query = services(program, filters)
    total = query.count()
    publisher = Publisher.of(program)
    found = [
        service_of(r, publisher) for r in query[paging.offset : paging.offset + paging.per_page]
    ]
    if minimal:
        contents = [{"id": s["id"], "last_modified": s.get("last_modified")} for s in found]
    else:
        contents = found if full else [list_shape(s) for s in found]
    return paging.page_of(total, contents)


def service(program: Program, service_id: str) -> dict[str, Any] | None:
    resource = _by_uuid(program, service_id)
    return None if resource is None else service_of(resource, Publisher.of(program))


def _by_uuid(program: Program, value: str) -> Resource | None:
    if not is_uuid(value):
        return None  # not a UUID: there is no such service
    return directory.directory_of(program).filter(uuid=value).first()


# --- service_at_location ---------------------------------------------------------------------------


def _link_of(service: dict[str, Any], index: int = 0) -> dict[str, Any] | None:
    links = [s for s in service.get("service_at_locations") or [] if isinstance(s, dict)]
    if len(links) <= index:
        return None
    link = dict(links[index])
    link.setdefault("service_id", service["id"])
    link["service"] = {k: v for k, v in service.items() if k != "service_at_locations"}
    return link


def service_at_locations_page(
    program: Program, filters: Filters, paging: Paging, *, full: bool
) -> dict[str, Any]:
    """Each service at its main location (the first of its service_at_locations)."""
    # Ours (nothing kept: `hsds={}`) always have one; a kept service one when its list is not
    # empty. (A bare exclude of the empty list also dropped ours: their missing key reads as NULL.)
    query = services(program, filters).filter(
        Q(hsds={}) | ~Q(hsds__service_at_locations=[]) & Q(hsds__service_at_locations__isnull=False)
    )
    total = query.count()
    publisher = Publisher.of(program)
    contents = []
    for resource in query[paging.offset : paging.offset + paging.per_page]:
        link = _link_of(service_of(resource, publisher))
        if link is not None:
            contents.append(link if full else list_shape(link))
    return paging.page_of(total, contents)


def service_at_location(program: Program, link_id: str) -> dict[str, Any] | None:
    publisher = Publisher.of(program)
    query = directory.directory_of(program)
    # Ours are derived from the service's uuid (no column to look up): compare uuids only, read one.
    mine = [
        pk
        for pk, uuid in query.filter(hsds={}).values_list("pk", "uuid")
        if _derived_link(uuid) == link_id
    ]
    candidates = list(query.filter(pk__in=mine[:1])) or list(_mentioning(query, link_id)[:20])
    for resource in candidates:
        found = service_of(resource, publisher)
        for index, link in enumerate(found.get("service_at_locations") or []):
            if isinstance(link, dict) and link.get("id") == link_id:
                return _link_of(found, index)
    return None


def _derived_link(service_uuid: object) -> str:
    return derived(str(service_uuid), "service_at_location")


# --- organizations ---------------------------------------------------------------------------------


def organizations(program: Program, search: str = "") -> list[dict[str, Any]]:
    """The program itself, then every organization its imported services came with, by name."""
    found = {(publisher := Publisher.of(program)).id: publisher.organization()}
    for _kind, alone in kept_objects(program, "organization"):
        found.setdefault(str(alone["id"]), alone)
    kept = (
        directory.directory_of(program)
        .exclude(hsds={})
        .values_list("hsds__organization", flat=True)
    )
    for organization in kept:
        if isinstance(organization, dict) and organization.get("id"):
            found.setdefault(str(organization["id"]), organization)
    listed = sorted(found.values(), key=lambda o: (o["id"] != publisher.id, str(o.get("name"))))
    if search:
        needle = search.lower()
        listed = [
            o
            for o in listed
            if needle in str(o.get("name", "")).lower()
            or needle in str(o.get("description", "")).lower()
        ]
    return listed


def organization(
    program: Program, organization_id: str, *, full_service: bool
) -> dict[str, Any] | None:
    """One organization with its services (one-to-one fields only, unless `full_service`)."""
    found = organizations_with_services(program, full_service=full_service, only=organization_id)
    return found[0] if found else None


def organizations_with_services(
    program: Program, *, full_service: bool, only: str = "", search: str = ""
) -> list[dict[str, Any]]:
    """Organizations, each with its services: one read of the directory, grouped here."""
    listed = [o for o in organizations(program, search) if not only or o["id"] == only]
    if not listed:
        return []
    publisher = Publisher.of(program)
    grouped: dict[str, list[dict[str, Any]]] = {o["id"]: [] for o in listed}
    for resource in directory.directory_of(program):
        full = service_of(resource, publisher)
        kept = full.pop("organization", None)
        owner = full.get("organization_id") or (kept or {}).get("id") or publisher.id
        if str(owner) in grouped:
            grouped[str(owner)].append(full if full_service else list_shape(full))
    return [{**o, "services": grouped[o["id"]]} for o in listed]


# --- taxonomies ------------------------------------------------------------------------------------


def _imported_terms(program: Program) -> list[dict[str, Any]]:
    kept = (
        directory.directory_of(program).exclude(hsds={}).values_list("hsds__attributes", flat=True)
    )
    return [
        attribute["taxonomy_term"]
        for attributes in kept
        if isinstance(attributes, list)
        for attribute in attributes
        if isinstance(attribute, dict) and isinstance(attribute.get("taxonomy_term"), dict)
    ]


def all_taxonomies(program: Program) -> list[dict[str, Any]]:
    """Ours, those kept on their own (an imported taxonomy or term), those of imported services'
    terms."""
    found = {t["id"]: t for t in taxonomies()}
    for _kind, alone in kept_objects(program, "taxonomy"):
        found.setdefault(str(alone["id"]), alone)
    for term in _imported_terms(program):
        detail = term.get("taxonomy_detail")
        if isinstance(detail, dict) and detail.get("id"):
            found.setdefault(str(detail["id"]), detail)
    return list(found.values())


def all_terms(program: Program) -> list[dict[str, Any]]:
    """Ours, those kept on their own (whole, as imported), those of imported services."""
    found = {t["id"]: t for t in taxonomy_terms()}
    for _kind, alone in kept_objects(program, "taxonomy_term"):
        found.setdefault(str(alone["id"]), alone)
    for term in _imported_terms(program):
        if term.get("id"):
            found.setdefault(
                str(term["id"]), {k: v for k, v in term.items() if k != "taxonomy_detail"}
            )
    return list(found.values())


def matching(items: list[dict[str, Any]], search: str) -> list[dict[str, Any]]:
    needle = search.lower()
    return [
        item
        for item in items
        if needle in str(item.get("name", "")).lower()
        or needle in str(item.get("description", "")).lower()
        or needle in str(item.get("code", "")).lower()
    ]
