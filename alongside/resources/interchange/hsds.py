"""The directory as Open Referral HSDS 3.0 objects (https://docs.openreferral.org/en/latest/), both ways.

One resource is one HSDS `service` with one `service_at_location` and its `location`, published by the
program's `organization`. Every object has a UUID: the service's is `Resource.uuid`; the others are
derived from it (uuid5), so they stay the same across exports without columns of their own.

Importing keeps the service whole in `Resource.hsds` and reads into the directory what it can use
(`row_of_service`). Exporting starts from that kept service and changes only what the directory now
says differently (`service_of`), so a service we imported goes out again as it came in, contacts,
funding, second locations and all, unless someone edited it here.

HSDS has no IANA time zone and no cost category, so they travel as attributes with terms of our own
taxonomy "Alongside details" (the attribute's `value` holds them); needs are terms of the taxonomy
"Alongside needs". Terms of other taxonomies become needs where a rule below exists (AIRS / 211
codes, Open Eligibility names); the import notes each one it could not map.
"""

from __future__ import annotations

import copy
import json
import re
import uuid
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.utils import translation

from ..hours import DAYS, hours_text, parse_hours_text
from ..models import Cost, Need, Resource
from .flat import LIMITS, clean_row, row_of

# Every derived id hangs from this namespace (uuid5); changing it would change every id we publish.
NAMESPACE = uuid.UUID("6b3f1e8e-6c1a-4c55-9a57-2a3e6f0c7d21")
HSDS_VERSION = "3.0"
HSDS_DAYS = {
    "mon": "MO",
    "tue": "TU",
    "wed": "WE",
    "thu": "TH",
    "fri": "FR",
    "sat": "SA",
    "sun": "SU",
}
DAY_OF = {code: day for day, code in HSDS_DAYS.items()}
DEFAULT_COUNTRY = "US"  # HSDS requires a country on an address; our directory has none of its own
Problem = dict[str, Any]  # {"line": n, "field": f, "message": m}


def derived(parent: uuid.UUID | str, *parts: str) -> str:
    """A stable UUID for a part of `parent` ("location", "schedule:mon:09:00"...)."""
    return str(uuid.uuid5(uuid.UUID(str(parent)), ":".join(parts)))


def is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return isinstance(value, str)


# --- our taxonomies --------------------------------------------------------------------------------

NEEDS_TAXONOMY = {
    "id": derived(NAMESPACE, "taxonomy", "needs"),
    "name": "Alongside needs",
    "description": "The kinds of need a resource in an Alongside directory meets.",
}
DETAILS_TAXONOMY = {
    "id": derived(NAMESPACE, "taxonomy", "details"),
    "name": "Alongside details",
    "description": "Facts HSDS has no field for; the attribute's value holds them.",
}
DETAILS = {
    "time_zone": ("Time zone", "The IANA time zone the service's opening hours are in."),
    "cost": ("Cost", "What using the service costs: " + ", ".join(Cost.values) + "."),
}


def need_term(code: str) -> dict[str, Any]:
    with translation.override("en"):
        label = str(Need(code).label)
    return {
        "id": derived(NAMESPACE, "term", "need", code),
        "code": code,
        "name": label,
        "description": f"Resources that help with: {label.lower()}.",
        "taxonomy": NEEDS_TAXONOMY["name"],
        "taxonomy_id": NEEDS_TAXONOMY["id"],
        "language": "en",
    }


def detail_term(code: str) -> dict[str, Any]:
    name, description = DETAILS[code]
    return {
        "id": derived(NAMESPACE, "term", "detail", code),
        "code": code,
        "name": name,
        "description": description,
        "taxonomy": DETAILS_TAXONOMY["name"],
        "taxonomy_id": DETAILS_TAXONOMY["id"],
        "language": "en",
    }


def taxonomies() -> list[dict[str, Any]]:
    return [dict(NEEDS_TAXONOMY), dict(DETAILS_TAXONOMY)]


def taxonomy_terms() -> list[dict[str, Any]]:
    return [need_term(code) for code in Need.values] + [detail_term(code) for code in DETAILS]


OUR_TERM_IDS = {term["id"] for term in taxonomy_terms()}

# Terms of other taxonomies that mean one of our needs. AIRS (the 211 LA taxonomy) by code prefix,
# the longest prefix first; Open Eligibility by its top-level names.
AIRS_CODE = re.compile(r"^[A-Z]{1,2}(-\d{4}(\.\d{4})*(-\d{3})?)?$")
AIRS_RULES = (
    ("RP-1500", Need.CRISIS),  # crisis intervention
    ("RX", Need.RECOVERY),  # substance use disorder services
    ("BD", Need.FOOD),
    ("BH", Need.HOUSING),
    ("BT", Need.TRANSPORT),
    ("FT", Need.LEGAL),  # legal services
    ("ND", Need.EMPLOYMENT),
    ("NL", Need.BENEFITS),  # public assistance programs
    ("NS", Need.BENEFITS),  # social insurance programs
    ("PH", Need.FAMILY),  # individual and family support services
    ("L", Need.CLINIC),  # health care
)
NAME_RULES = {
    "food": Need.FOOD,
    "housing": Need.HOUSING,
    "transit": Need.TRANSPORT,
    "transportation": Need.TRANSPORT,
    "health": Need.CLINIC,
    "legal": Need.LEGAL,
    "work": Need.EMPLOYMENT,
    "employment": Need.EMPLOYMENT,
    "money": Need.BENEFITS,
    "benefits": Need.BENEFITS,
    "crisis": Need.CRISIS,
    "family support": Need.FAMILY,
    "recovery": Need.RECOVERY,
}


def need_of(term: dict[str, Any]) -> str | None:
    """The need a taxonomy term stands for, or None when no rule covers it."""
    code = str(term.get("code") or "").strip()
    if term.get("id") in OUR_TERM_IDS or term.get("taxonomy") == NEEDS_TAXONOMY["name"]:
        return code if code in Need.values else None
    if AIRS_CODE.match(code):
        for prefix, need in AIRS_RULES:
            if code.startswith(prefix):
                return str(need)
    return NAME_RULES.get(str(term.get("name") or "").strip().lower())


# --- the publisher ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Publisher:
    """The program as the HSDS organization that publishes its directory."""

    id: str
    name: str
    description: str
    time_zone: str

    @classmethod
    def of(cls, program: Any) -> Publisher:
        return cls(
            id=derived(NAMESPACE, "program", program.slug),
            name=program.name,
            description=f"{program.name}: the resource directory of a peer-support program.",
            time_zone=program.time_zone,
        )

    def organization(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "description": self.description}


# --- export ----------------------------------------------------------------------------------------


def _attribute(service_id: str, term: dict[str, Any], value: str = "") -> dict[str, Any]:
    found = {
        "id": derived(service_id, "attribute", term["id"]),
        "link_id": service_id,
        "link_type": "service",
        "link_entity": "service",
        "taxonomy_term_id": term["id"],
        "taxonomy_term": {
            **term,
            "taxonomy_detail": NEEDS_TAXONOMY
            if term["taxonomy_id"] == NEEDS_TAXONOMY["id"]
            else DETAILS_TAXONOMY,
        },
    }
    if value:
        found["value"] = value
    return found


def _our_attributes(
    resource: Resource, publisher: Publisher, have: set[str]
) -> list[dict[str, Any]]:
    """Attributes for the needs not in `have`, and for time zone and cost when not the defaults."""
    sid = str(resource.uuid)
    found = [_attribute(sid, need_term(code)) for code in resource.need_codes if code not in have]
    if resource.time_zone != publisher.time_zone:
        found.append(_attribute(sid, detail_term("time_zone"), resource.time_zone))
    if resource.cost != Cost.FREE:
        found.append(_attribute(sid, detail_term("cost"), resource.cost))
    return found


def _schedules(resource: Resource) -> list[dict[str, Any]]:
    sid = str(resource.uuid)
    return [
        {
            "id": derived(sid, "schedule", day, opens),
            "service_id": sid,
            "freq": "WEEKLY",
            "byday": HSDS_DAYS[day],
            "opens_at": opens,
            "closes_at": closes,
        }
        for day in DAYS
        for opens, closes in resource.hours.get(day, [])
    ]


def _phones(resource: Resource) -> list[dict[str, Any]]:
    sid = str(resource.uuid)
    if not resource.phone:
        return []
    return [{"id": derived(sid, "phone"), "service_id": sid, "number": resource.phone}]


def _languages(resource: Resource, codes: list[str]) -> list[dict[str, Any]]:
    sid = str(resource.uuid)
    return [
        {"id": derived(sid, "language", code), "service_id": sid, "code": code} for code in codes
    ]


def _address(resource: Resource, location_id: str) -> dict[str, Any]:
    return {
        "id": derived(str(resource.uuid), "address"),
        "location_id": location_id,
        "address_1": resource.address,
        "city": resource.city,
        "state_province": "",
        "postal_code": resource.postcode,
        "country": DEFAULT_COUNTRY,
        "address_type": "physical",
    }


def _accessibility(resource: Resource, location_id: str) -> list[dict[str, Any]]:
    if not resource.accessibility:
        return []
    return [
        {
            "id": derived(str(resource.uuid), "accessibility"),
            "location_id": location_id,
            "description": resource.accessibility,
        }
    ]


def _location(resource: Resource, publisher: Publisher) -> dict[str, Any]:
    location_id = derived(str(resource.uuid), "location")
    location: dict[str, Any] = {
        "id": location_id,
        "location_type": "physical",
        "organization_id": publisher.id,
        "name": resource.name,
    }
    if resource.how_to_get_there:
        location["transportation"] = resource.how_to_get_there
    if resource.latitude is not None and resource.longitude is not None:
        location["latitude"] = resource.latitude
        location["longitude"] = resource.longitude
    if resource.address or resource.city or resource.postcode:
        location["addresses"] = [_address(resource, location_id)]
    location["accessibility"] = _accessibility(resource, location_id)
    return location


def _service_at_location(resource: Resource, publisher: Publisher) -> dict[str, Any]:
    sid = str(resource.uuid)
    location = _location(resource, publisher)
    return {
        "id": derived(sid, "service_at_location"),
        "service_id": sid,
        "location_id": location["id"],
        "location": location,
    }


def _modified(resource: Resource) -> str:
    return resource.updated_at.astimezone(UTC).isoformat().replace("+00:00", "Z")


def generated(resource: Resource, publisher: Publisher) -> dict[str, Any]:
    """A resource as a fresh HSDS service, from the directory's fields alone."""
    sid = str(resource.uuid)
    service: dict[str, Any] = {
        "id": sid,
        "organization_id": publisher.id,
        "name": resource.name,
        "description": resource.description,
        "status": "active",
        "last_modified": _modified(resource),
        "phones": _phones(resource),
        "schedules": _schedules(resource),
        "service_areas": [],
        "service_at_locations": [_service_at_location(resource, publisher)],
        "languages": _languages(resource, resource.language_codes),
        "organization": publisher.organization(),
        "attributes": _our_attributes(resource, publisher, set()),
    }
    for key, value in (
        ("url", resource.website),
        ("fees_description", resource.cost_note),
        ("eligibility_description", resource.eligibility),
        (
            "assured_date",
            resource.last_verified_on.isoformat() if resource.last_verified_on else "",
        ),
    ):
        if value:
            service[key] = value
    return service


def _set(target: dict[str, Any], key: str, value: Any) -> None:
    if value in ("", None):
        target.pop(key, None)
    else:
        target[key] = value


def _first_location(service: dict[str, Any]) -> dict[str, Any] | None:
    for link in service.get("service_at_locations") or []:
        if isinstance(link, dict) and isinstance(link.get("location"), dict):
            location: dict[str, Any] = link["location"]
            return location
    return None


def _location_for_edit(
    out: dict[str, Any], resource: Resource, publisher: Publisher
) -> dict[str, Any]:
    location = _first_location(out)
    if location is None:
        link = _service_at_location(resource, publisher)
        out.setdefault("service_at_locations", []).insert(0, link)
        location = link["location"]
    return location


def _edit_address(location: dict[str, Any], resource: Resource, column: str) -> None:
    addresses = location.setdefault("addresses", [])
    address = _main_address(location)
    if address is None:
        address = _address(
            resource, str(location.get("id") or derived(str(resource.uuid), "location"))
        )
        addresses.insert(0, address)
    if column == "address":
        address["address_1"] = resource.address
        address.pop("address_2", None)
    else:
        address[{"city": "city", "postcode": "postal_code"}[column]] = getattr(resource, column)


def _edit(out: dict[str, Any], column: str, resource: Resource, publisher: Publisher) -> None:
    """Make the kept service say what the directory says in one column."""
    fresh = generated(resource, publisher)
    scalars = {
        "name": "name",
        "description": "description",
        "website": "url",
        "cost_note": "fees_description",
        "eligibility": "eligibility_description",
        "last_verified_on": "assured_date",
    }
    if column in scalars:
        _set(out, scalars[column], fresh.get(scalars[column]))
    elif column == "phone":
        phones = out.get("phones") or []
        if phones and resource.phone:
            phones[0]["number"] = resource.phone
        elif phones:
            phones.pop(0)
        else:
            out["phones"] = fresh["phones"]
        # The number may have come from the location or a contact; the service's own now says it.
    elif column == "hours":
        out["schedules"] = fresh["schedules"]
    elif column in ("needs", "time_zone", "cost"):
        kept, have = [], set()
        for attribute in out.get("attributes") or []:
            term = attribute.get("taxonomy_term") or {}
            if term.get("id") in OUR_TERM_IDS or term.get("taxonomy") in (
                NEEDS_TAXONOMY["name"],
                DETAILS_TAXONOMY["name"],
            ):
                continue
            need = need_of(term)
            if need is not None and need not in resource.need_codes:
                continue  # a need taken away here
            kept.append(attribute)
            if need is not None:
                have.add(need)
        out["attributes"] = kept + _our_attributes(resource, publisher, have)
    elif column == "languages":
        codes = resource.language_codes
        kept = [lang for lang in out.get("languages") or [] if _language_code(lang) in codes]
        present = {_language_code(lang) for lang in kept}
        out["languages"] = kept + _languages(resource, [c for c in codes if c not in present])
    else:
        location = _location_for_edit(out, resource, publisher)
        if column in ("address", "city", "postcode"):
            _edit_address(location, resource, column)
        elif column in ("latitude", "longitude"):
            for key in ("latitude", "longitude"):
                _set(location, key, getattr(resource, key))
        elif column == "how_to_get_there":
            _set(location, "transportation", resource.how_to_get_there)
        elif column == "accessibility":
            location["accessibility"] = _accessibility(resource, str(location.get("id")))


# Model fields compared between what the kept service reads as and what the directory says now.
COMPARED = (
    "name", "description", "needs", "address", "city", "postcode", "latitude", "longitude",
    "time_zone", "hours", "languages", "cost", "cost_note", "eligibility", "accessibility",
    "how_to_get_there", "phone", "website", "last_verified_on",
)  # fmt: skip


def service_of(resource: Resource, publisher: Publisher) -> dict[str, Any]:
    """One resource as a full HSDS 3.0 service (compiled `service.json`)."""
    if not resource.hsds:
        return generated(resource, publisher)
    out: dict[str, Any] = copy.deepcopy(resource.hsds)
    was, _problems = clean_row(row_of_service(resource.hsds, publisher)[0])
    changed = False
    for column in COMPARED:
        if was.get(column) != getattr(resource, column):
            _edit(out, column, resource, publisher)
            changed = True
    if changed:
        out["last_modified"] = _modified(resource)
    return out


def write_hsds(resources: list[Resource], publisher: Publisher) -> str:
    """The directory as a JSON list of full HSDS services (what `/hsds/services?full=true` pages hold)."""
    return json.dumps([service_of(r, publisher) for r in resources], ensure_ascii=False, indent=1)


def list_shape(value: dict[str, Any]) -> dict[str, Any]:
    """An object with only its one-to-one fields (the `*_list.json` schemas): no arrays."""
    return {
        key: list_shape(item) if isinstance(item, dict) else item
        for key, item in value.items()
        if not isinstance(item, list)
    }


# --- import ----------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _language_code(language: Any) -> str:
    return _text((language or {}).get("code") if isinstance(language, dict) else "").lower()


def _fit(text: str, limit: int, field: str, notes: list[tuple[str, str]]) -> str:
    if len(text) <= limit:
        return text
    notes.append(
        (field, f"Longer than {limit} characters: shortened in the directory, kept whole.")
    )
    return text[: limit - 1].rstrip() + "…"


def _number(value: Any, low: float, high: float, field: str, notes: list[tuple[str, str]]) -> str:
    if value in (None, ""):
        return ""
    try:
        number = float(value)
    except (TypeError, ValueError):
        notes.append((field, f"{value!r} is not a number: kept, not used for distance."))
        return ""
    if not low <= number <= high:
        notes.append((field, f"{value} is not on the map: kept, not used for distance."))
        return ""
    return repr(number)


def _phone_number(service: dict[str, Any]) -> str:
    """The first phone of the service, else of its first location link, location or organization."""
    location = _first_location(service) or {}
    links = [s for s in service.get("service_at_locations") or [] if isinstance(s, dict)]
    for holder in (service, *(links[:1]), location, service.get("organization") or {}):
        for phone in holder.get("phones") or []:
            if isinstance(phone, dict) and _text(phone.get("number")):
                # Some files quote the number inside the string ('"+44 1234 234567"').
                return _text(phone["number"]).strip("\"'").strip()
    return ""


def _hours(service: dict[str, Any], notes: list[tuple[str, str]]) -> str:
    """Weekly opening hours from the service's schedules (else its first location link's)."""
    schedules = service.get("schedules") or []
    if not schedules:
        links = [s for s in service.get("service_at_locations") or [] if isinstance(s, dict)]
        schedules = (links[0].get("schedules") or []) if links else []
    parts = []
    for schedule in schedules:
        if not isinstance(schedule, dict):
            continue
        opens, closes = _text(schedule.get("opens_at"))[:5], _text(schedule.get("closes_at"))[:5]
        days = [d.strip().upper() for d in _text(schedule.get("byday")).split(",") if d.strip()]
        if not (opens and closes and days) or _text(schedule.get("freq")).upper() not in (
            "",
            "WEEKLY",
        ):
            notes.append(
                ("schedules", "A schedule that is not weekly opening hours: kept, not shown.")
            )
            continue
        limits = [k for k in ("byweekno", "bymonthday", "byyearday") if _text(schedule.get(k))]
        if limits or _text(schedule.get("valid_to")) or _text(schedule.get("until")):
            notes.append(
                (
                    "schedules",
                    "Shown as weekly hours; its limits (dates, weeks) are kept, not shown.",
                )
            )
        parts += [f"{DAY_OF.get(day, day.lower())} {opens}-{closes}" for day in days]
    text = "; ".join(parts)
    try:
        return hours_text(parse_hours_text(text))
    except ValueError:
        return text  # clean_row names the problem


def _needs_and_details(
    service: dict[str, Any], notes: list[tuple[str, str]]
) -> tuple[list[str], dict[str, str]]:
    needs, details = [], {}
    for attribute in service.get("attributes") or []:
        term = (attribute or {}).get("taxonomy_term") or {}
        if term.get("taxonomy") == DETAILS_TAXONOMY["name"] or term.get("id") in {
            detail_term(code)["id"] for code in DETAILS
        }:
            details[_text(term.get("code"))] = _text(attribute.get("value"))
            continue
        need = need_of(term)
        if need is None:
            name = _text(term.get("name")) or _text(term.get("code")) or _text(term.get("id"))
            notes.append(("attributes", f"No need matches the taxonomy term {name!r}: kept."))
        else:
            needs.append(need)
    return needs, details


def _cost(service: dict[str, Any], details: dict[str, str]) -> str:
    if details.get("cost"):
        return details["cost"]
    for option in service.get("cost_options") or []:
        try:
            if float((option or {}).get("amount") or 0) > 0:
                return Cost.FEE
        except (TypeError, ValueError):
            continue
    return Cost.FREE


def _main_address(location: dict[str, Any]) -> dict[str, Any] | None:
    addresses = [a for a in location.get("addresses") or [] if isinstance(a, dict)]
    physical = [a for a in addresses if a.get("address_type") == "physical"]
    return (physical or addresses)[0] if addresses else None


def row_of_service(
    service: dict[str, Any], publisher: Publisher
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """What the directory reads from an HSDS service (a flat row), and notes on what it kept but could
    not use. Deterministic: the export compares a kept service's row with the resource."""
    notes: list[tuple[str, str]] = []
    location = _first_location(service) or {}
    address = _main_address(location) or {}
    needs, details = _needs_and_details(service, notes)
    street = ", ".join(filter(None, (_text(address.get(k)) for k in ("address_1", "address_2"))))
    accessibility = " ".join(
        part
        for item in location.get("accessibility") or []
        if isinstance(item, dict)
        for part in (_text(item.get("description")), _text(item.get("details")))
        if part
    )
    row = {
        "id": _text(service.get("id")),
        "name": _fit(_text(service.get("name")), LIMITS["name"], "name", notes),
        "description": _text(service.get("description")),
        "needs": ";".join(needs),
        "address": _fit(street, LIMITS["address"], "addresses", notes),
        "city": _fit(_text(address.get("city")), LIMITS["city"], "addresses", notes),
        "postcode": _fit(_text(address.get("postal_code")), LIMITS["postcode"], "addresses", notes),
        "latitude": _number(location.get("latitude"), -90, 90, "latitude", notes),
        "longitude": _number(location.get("longitude"), -180, 180, "longitude", notes),
        "time_zone": details.get("time_zone") or publisher.time_zone,
        "hours": _hours(service, notes),
        "languages": ";".join(filter(None, map(_language_code, service.get("languages") or []))),
        "cost": _cost(service, details),
        "cost_note": _fit(
            _text(service.get("fees_description")), LIMITS["cost_note"], "fees_description", notes
        ),
        "eligibility": _text(service.get("eligibility_description")),
        "accessibility": accessibility,
        "how_to_get_there": _text(location.get("transportation")),
        "phone": _fit(_phone_number(service), LIMITS["phone"], "phones", notes),
        "website": _text(service.get("url")),
        "last_verified_on": _text(service.get("assured_date"))[:10],
    }
    if row["latitude"] == "" or row["longitude"] == "":
        row["latitude"] = row["longitude"] = ""
    return row, notes


ORGANIZATION_KEYS = frozenset(
    ("services", "email", "website", "tax_status", "legal_status", "year_incorporated", "logo",
     "parent_organization_id", "funding", "locations", "programs", "organization_identifiers")
)  # fmt: skip
TERM_KEYS = frozenset(
    ("code", "term_uri", "parent_id", "taxonomy", "taxonomy_id", "taxonomy_detail")
)


@dataclass
class Contents:
    """What an HSDS document holds: services, and objects kept without one (organizations, locations,
    taxonomies, terms: `(kind, object)`), and the shapes it had that hold neither."""

    services: list[Any]
    kept: list[tuple[str, dict[str, Any]]]
    empty: list[str]

    def add(self, other: Contents) -> None:
        self.services += other.services
        self.kept += other.kept
        self.empty += other.empty


def contents_of(document: Any) -> Contents:
    """The services and service-less objects of an HSDS document, whichever shape it has: a service,
    an organization (with its services or none), a service_at_location with its service, a location,
    a taxonomy or term, a list or an API page of any of them."""
    if isinstance(document, list):
        found = Contents([], [], [])
        for item in document:
            if isinstance(item, dict):
                found.add(contents_of(item))
            else:
                found.services.append(item)  # reported as "not an object" by number
        return found
    if not isinstance(document, dict):
        return Contents([], [], ["value"])
    if isinstance(document.get("contents"), list) and "total_items" in document:
        return contents_of(document["contents"])
    if "status" in document or "service_at_locations" in document:
        return Contents([document], [], [])
    if isinstance(document.get("service"), dict):
        link = {k: v for k, v in document.items() if k != "service"}
        service = dict(document["service"])
        service.setdefault("service_at_locations", []).insert(0, link)
        return Contents([service], [], [])
    if TERM_KEYS & document.keys():
        return Contents([], [("taxonomy_term", document)], [])
    if "location_type" in document:
        return Contents([], [("location", document)], [])
    if ORGANIZATION_KEYS & document.keys():
        services = document.get("services")
        organization = {k: v for k, v in document.items() if k != "services"}
        if not isinstance(services, list) or not services:
            return Contents([], [("organization", organization)], [])
        return Contents(
            [{**s, "organization": organization} if isinstance(s, dict) else s for s in services],
            [],
            [],
        )
    if "version" in document and "name" in document:
        return Contents([], [("taxonomy", document)], [])
    if "openapi_url" in document or "profile" in document:
        return Contents([], [], ["description of an HSDS API (base.json)"])
    if "name" in document and "id" in document:
        return Contents([], [("organization", document)], [])
    return Contents([], [], ["object"])


def services_in(document: Any) -> tuple[list[Any], str]:
    """The services an HSDS document holds (see `contents_of`), and what it is when it holds none."""
    found = contents_of(document)
    shape = found.kept[0][0] if found.kept else (found.empty or ["service"])[0]
    return found.services, shape


KEPT_WHERE = {
    "organization": "listed at /hsds/organizations",
    "location": "kept with the directory's HSDS tables",
    "taxonomy": "listed at /hsds/taxonomies",
    "taxonomy_term": "listed at /hsds/taxonomy_terms",
}


def kept_rows(
    kept: list[tuple[str, dict[str, Any]]], lines: list[int], files: dict[str, str] | None = None
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Import rows for objects kept without a service, `{"line", "kind", "hsds", "notes"}`, the n-th
    on `lines[n]` (`files` names where each kind came from, for the tabular form); one id once per
    kind (the last copy wins, as a second import's would). A term's taxonomy is kept with it."""
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    problems: list[Problem] = []
    where = files or {}
    for number, (kind, obj) in zip(lines, kept, strict=True):
        if not is_uuid(obj.get("id")):
            problems.append(
                {"line": number, "field": f"{where.get(kind, kind)}: id", "message": "An HSDS id "
                 "is a UUID, like ac148810-d857-441c-9679-408f346de14b."}
            )  # fmt: skip
            continue
        detail = obj.get("taxonomy_detail")
        if kind == "taxonomy_term" and isinstance(detail, dict) and is_uuid(detail.get("id")):
            rows.setdefault(
                ("taxonomy", str(detail["id"])),
                {"line": number, "kind": "taxonomy", "hsds": detail, "notes": []},
            )
        name = _text(obj.get("name")) or _text(obj.get("id"))
        rows[(kind, str(obj["id"]))] = {
            "line": number,
            "kind": kind,
            "hsds": obj,
            "notes": [
                {
                    "line": number,
                    "field": where.get(kind, kind),
                    "message": f"The {kind.replace('_', ' ')} {name!r} carries no service: kept "
                    f"whole, not in the directory ({KEPT_WHERE[kind]}).",
                }
            ],
        }
    return list(rows.values()), problems


def read_hsds(content: str, publisher: Publisher) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Rows numbered by service (the first is 1), each with the service whole and notes on what the
    directory could not use, then rows for objects kept without a service (numbered on); and problems
    with the file itself."""
    try:
        document = json.loads(content)
    except json.JSONDecodeError as error:
        return [], [{"line": error.lineno, "field": "file", "message": "This is not valid JSON."}]
    found = contents_of(document)
    if not found.services and not found.kept:
        shape = (found.empty or ["object"])[0]
        return [], [
            {
                "line": 1,
                "field": "file",
                "message": f"This HSDS file holds no services, organizations, locations or "
                f"taxonomies (it looks like a {shape}).",
            }
        ]
    rows, problems = rows_of_services(found.services, publisher)
    first = len(found.services) + 1
    more, more_problems = kept_rows(found.kept, list(range(first, first + len(found.kept))))
    everything = rows + more
    if found.empty and everything:  # say so, rather than drop them without a word
        everything[0]["notes"].append(
            {
                "line": 1,
                "field": "file",
                "message": f"{len(found.empty)} item(s) of the file hold nothing to import (they "
                f"look like a {', a '.join(sorted(set(found.empty)))}): left out.",
            }
        )
    return everything, problems + more_problems


def rows_of_services(
    services: list[Any], publisher: Publisher, where: str = "service"
) -> tuple[list[dict[str, Any]], list[Problem]]:
    rows, problems = [], []
    for number, service in enumerate(services, start=1):
        if not isinstance(service, dict):
            problems.append({"line": number, "field": where, "message": "Not an object."})
            continue
        if not is_uuid(service.get("id")):
            problems.append(
                {"line": number, "field": "id", "message": "An HSDS id is a UUID, like "
                 "ac148810-d857-441c-9679-408f346de14b."}
            )  # fmt: skip
            continue
        try:
            flat, notes = row_of_service(service, publisher)
        except (AttributeError, TypeError):
            problems.append({"line": number, "field": where, "message": "Malformed service."})
            continue
        rows.append(
            {
                "line": number,
                "data": flat,
                "hsds": service,
                "notes": [{"line": number, "field": f, "message": m} for f, m in notes],
            }
        )
    return rows, problems


__all__ = ["Publisher", "read_hsds", "row_of", "service_of", "write_hsds"]
