"""The directory as our own CSV, both ways, and the one flat row every format goes through.

Every format (this CSV, HSDS JSON, HSDS tabular) becomes one flat row per resource ({column: text},
the CSV columns below) and goes through one check, `clean_row`, which returns the model fields or every
problem with the field it is in. The import service writes nothing unless every row is clean.
"""

from __future__ import annotations

import csv
import io
import zoneinfo
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from ..hours import hours_text, parse_hours_text
from ..models import Cost, Need, Resource, pack

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
