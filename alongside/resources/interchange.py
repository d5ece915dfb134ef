"""The directory as CSV and as Open Referral HSDS JSON, both ways.

Both formats go through one flat row ({column: text}, the CSV columns below) and one check,
`clean_row`, which returns the model fields or every problem with the field it is in. The import
service writes nothing unless every row is clean.

HSDS: we write and read HSDS 3.0 `service` objects, each with its `locations` (address, latitude,
longitude, transportation, accessibility), `schedules` (one weekly `byday` with `opens_at`/`closes_at`
per interval), `languages`, `phones`, `attributes` (our need codes, taxonomy "alongside-need"),
`fees_description`, `eligibility_description` and `assured_date` (the last verified date). HSDS has no
IANA time-zone field, so the zone travels as `x_alongside_time_zone`, with the cost category as
`x_alongside_cost`.
"""

from __future__ import annotations

import csv
import io
import json
import zoneinfo
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from .hours import DAYS, Hours, hours_text, parse_hours_text
from .models import Cost, Need, Resource, pack

COLUMNS = (
    "id",
    "name",
    "description",
    "needs",
    "address",
    "city",
    "postcode",
    "latitude",
    "longitude",
    "time_zone",
    "hours",
    "languages",
    "cost",
    "cost_note",
    "eligibility",
    "accessibility",
    "how_to_get_there",
    "phone",
    "website",
    "last_verified_on",
)
HSDS_DAYS = {
    "mon": "MO",
    "tue": "TU",
    "wed": "WE",
    "thu": "TH",
    "fri": "FR",
    "sat": "SA",
    "sun": "SU",
}
NEED_TAXONOMY = "alongside-need"
LIMITS = {"name": 200, "address": 200, "city": 100, "postcode": 20, "phone": 40, "cost_note": 200}
Problem = tuple[str, str]  # (field, message)


def _codes(text: str) -> list[str]:
    return [c.strip() for c in text.replace(",", ";").split(";") if c.strip()]


def _coordinate(text: str, low: float, high: float) -> float | None:
    if not text.strip():
        return None
    value = float(text)
    if not low <= value <= high:
        raise ValueError(text)
    return value


def clean_row(row: dict[str, str]) -> tuple[dict[str, Any], list[Problem]]:
    """Model fields for one flat row, and every problem found (empty when the row is good)."""
    text = {column: str(row.get(column) or "").strip() for column in COLUMNS}
    problems: list[Problem] = []
    fields: dict[str, Any] = {"external_id": text["id"], "name": text["name"]}
    if not text["id"]:
        problems.append(("id", "Every row needs an id."))
    if not text["name"]:
        problems.append(("name", "Every resource needs a name."))
    for column, limit in LIMITS.items():
        if len(text[column]) > limit:
            problems.append((column, f"At most {limit} characters."))
    for column in (
        "description",
        "address",
        "city",
        "postcode",
        "cost_note",
        "eligibility",
        "accessibility",
        "how_to_get_there",
        "phone",
    ):
        fields[column] = text[column]
    needs = _codes(text["needs"])
    if unknown := [n for n in needs if n not in Need.values]:
        problems.append(
            ("needs", f"Unknown need {', '.join(unknown)}; use {', '.join(Need.values)}.")
        )
    fields["needs"] = pack(needs)
    fields["languages"] = pack([c.lower() for c in _codes(text["languages"])])
    try:
        fields["latitude"] = _coordinate(text["latitude"], -90, 90)
    except ValueError:
        problems.append(("latitude", "A number from -90 to 90, or empty."))
    try:
        fields["longitude"] = _coordinate(text["longitude"], -180, 180)
    except ValueError:
        problems.append(("longitude", "A number from -180 to 180, or empty."))
    if (fields.get("latitude") is None) != (fields.get("longitude") is None) and not any(
        f in ("latitude", "longitude") for f, _ in problems
    ):
        problems.append(("longitude", "Give both latitude and longitude, or neither."))
    fields["time_zone"] = text["time_zone"] or "America/New_York"
    try:
        zoneinfo.ZoneInfo(fields["time_zone"])
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        problems.append(("time_zone", "A time zone such as America/New_York."))
    try:
        fields["hours"] = parse_hours_text(text["hours"])
    except ValueError as error:
        problems.append(("hours", str(error)))
    cost = text["cost"] or Cost.FREE
    if cost not in Cost.values:
        problems.append(("cost", f"One of {', '.join(Cost.values)}."))
    fields["cost"] = cost
    if text["website"]:
        try:
            URLValidator()(text["website"])
        except ValidationError:
            problems.append(("website", "A full web address starting with https://."))
    fields["website"] = text["website"]
    fields["last_verified_on"] = None
    if text["last_verified_on"]:
        try:
            fields["last_verified_on"] = date.fromisoformat(text["last_verified_on"])
        except ValueError:
            problems.append(("last_verified_on", "A date written YYYY-MM-DD."))
    return fields, problems


def row_of(resource: Resource) -> dict[str, str]:
    """A resource as one flat row (the CSV columns)."""

    def number(value: float | None) -> str:
        return "" if value is None else repr(value)

    return {
        "id": resource.external_id,
        "name": resource.name,
        "description": resource.description,
        "needs": ";".join(resource.need_codes),
        "address": resource.address,
        "city": resource.city,
        "postcode": resource.postcode,
        "latitude": number(resource.latitude),
        "longitude": number(resource.longitude),
        "time_zone": resource.time_zone,
        "hours": hours_text(resource.hours),
        "languages": ";".join(resource.language_codes),
        "cost": resource.cost,
        "cost_note": resource.cost_note,
        "eligibility": resource.eligibility,
        "accessibility": resource.accessibility,
        "how_to_get_there": resource.how_to_get_there,
        "phone": resource.phone,
        "website": resource.website,
        "last_verified_on": resource.last_verified_on.isoformat()
        if resource.last_verified_on
        else "",
    }


# --- CSV -------------------------------------------------------------------------------------------


def write_csv(resources: list[Resource]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for resource in resources:
        writer.writerow(row_of(resource))
    return out.getvalue()


def read_csv(content: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Rows as [{"line": n, "data": {...}}] (the header is line 1), and problems with the file itself."""
    reader = csv.DictReader(io.StringIO(content.lstrip("\ufeff")))
    missing = [c for c in ("id", "name") if c not in (reader.fieldnames or [])]
    if missing:
        return [], [{"line": 1, "field": c, "message": "This column is missing."} for c in missing]
    rows = []
    for record in reader:
        if not any((v or "").strip() for v in record.values() if isinstance(v, str)):
            continue  # a blank line
        rows.append({"line": reader.line_num, "data": {c: record.get(c) or "" for c in COLUMNS}})
    return rows, []


# --- HSDS ------------------------------------------------------------------------------------------


def _schedules(hours: Hours) -> list[dict[str, str]]:
    return [
        {"freq": "WEEKLY", "byday": HSDS_DAYS[day], "opens_at": opens, "closes_at": closes}
        for day in DAYS
        for opens, closes in hours.get(day, [])
    ]


def service_of(resource: Resource) -> dict[str, Any]:
    """One resource as an HSDS 3.0 service with its location."""
    location: dict[str, Any] = {
        "id": f"{resource.external_id}-location",
        "latitude": resource.latitude,
        "longitude": resource.longitude,
        "transportation": resource.how_to_get_there,
        "addresses": [
            {
                "address_1": resource.address,
                "city": resource.city,
                "postal_code": resource.postcode,
                "address_type": "physical",
            }
        ],
        "accessibility": [{"description": resource.accessibility}]
        if resource.accessibility
        else [],
    }
    return {
        "id": resource.external_id,
        "name": resource.name,
        "description": resource.description,
        "url": resource.website,
        "status": "active",
        "fees_description": resource.cost_note,
        "eligibility_description": resource.eligibility,
        "assured_date": resource.last_verified_on.isoformat()
        if resource.last_verified_on
        else None,
        "phones": [{"number": resource.phone}] if resource.phone else [],
        "languages": [{"code": code} for code in resource.language_codes],
        "schedules": _schedules(resource.hours),
        "attributes": [
            {"taxonomy_term": {"code": code, "taxonomy": NEED_TAXONOMY}}
            for code in resource.need_codes
        ],
        "locations": [location],
        "x_alongside_time_zone": resource.time_zone,
        "x_alongside_cost": resource.cost,
    }


def write_hsds(resources: list[Resource]) -> str:
    return json.dumps(
        {"hsds_version": "3.0", "services": [service_of(r) for r in resources]},
        ensure_ascii=False,
        indent=1,
    )


def _flat_service(service: dict[str, Any]) -> dict[str, str]:
    """An HSDS service as a flat row; anything malformed is left for `clean_row` to name."""
    location = (service.get("locations") or [{}])[0] or {}
    address = (location.get("addresses") or [{}])[0] or {}
    by_code = {v: k for k, v in HSDS_DAYS.items()}
    hours = "; ".join(
        f"{by_code.get(str(day).strip().upper(), str(day))} {s.get('opens_at', '')}-{s.get('closes_at', '')}"
        for s in service.get("schedules") or []
        for day in str(s.get("byday", "")).split(",")
    )
    needs = [
        (a.get("taxonomy_term") or {}).get("code", "")
        for a in service.get("attributes") or []
        if (a.get("taxonomy_term") or {}).get("taxonomy") == NEED_TAXONOMY
    ]

    def text(value: Any) -> str:
        return "" if value is None else str(value)

    return {
        "id": text(service.get("id")),
        "name": text(service.get("name")),
        "description": text(service.get("description")),
        "needs": ";".join(needs),
        "address": text(address.get("address_1")),
        "city": text(address.get("city")),
        "postcode": text(address.get("postal_code")),
        "latitude": text(location.get("latitude")),
        "longitude": text(location.get("longitude")),
        "time_zone": text(service.get("x_alongside_time_zone")),
        "hours": hours,
        "languages": ";".join(text(lang.get("code")) for lang in service.get("languages") or []),
        "cost": text(service.get("x_alongside_cost")),
        "cost_note": text(service.get("fees_description")),
        "eligibility": text(service.get("eligibility_description")),
        "accessibility": " ".join(
            text(a.get("description")) for a in location.get("accessibility") or []
        ),
        "how_to_get_there": text(location.get("transportation")),
        "phone": text(((service.get("phones") or [{}])[0] or {}).get("number")),
        "website": text(service.get("url")),
        "last_verified_on": text(service.get("assured_date")),
    }


def read_hsds(content: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Rows numbered by service (the first service is 1), and problems with the file itself."""
    try:
        document = json.loads(content)
    except json.JSONDecodeError as error:
        return [], [{"line": error.lineno, "field": "file", "message": "This is not valid JSON."}]
    services = document.get("services") if isinstance(document, dict) else document
    if not isinstance(services, list):
        return [], [{"line": 1, "field": "services", "message": "Expected a list of services."}]
    rows, problems = [], []
    for number, service in enumerate(services, start=1):
        if not isinstance(service, dict):
            problems.append({"line": number, "field": "service", "message": "Not an object."})
            continue
        try:
            rows.append({"line": number, "data": _flat_service(service)})
        except (AttributeError, TypeError):
            problems.append({"line": number, "field": "service", "message": "Malformed service."})
    return rows, problems
