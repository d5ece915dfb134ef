"""The HSDS 3.0 tabular form: one CSV file per table and a `datapackage.json`, in one zip.

Tables become nested services (the compiled `service.json` shape) and back, so the tabular import is
the JSON import (`hsds.rows_of_services`) and the tabular export flattens what `hsds.service_of` says.
Nesting follows the foreign keys: a row sits under every object its keys name (a phone with a
`service_id` and a `location_id` appears under both, as in the official examples), and flattening
merges the copies back into one row by id.

`hsds_datapackage.json` is Open Referral's own `datapackage.json` (HSDS 3.0.0, CC BY-SA 4.0:
"Human Services Data Specification: an Open Referral resource", https://openreferral.org/); the
export ships it unchanged and reads the tables' columns and types from it.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

from .hsds import Problem, Publisher, kept_rows, rows_of_services

# Where each table nests: parent table → (key, child table, how they link). ("down", col): the
# child's `col` holds the parent's id; ("up", col): the parent's `col` holds the child's id.
Link = tuple[str, str, tuple[str, str]]
_TAIL: list[Link] = [
    ("attributes", "attribute", ("down", "link_id")),
    ("metadata", "metadata", ("down", "resource_id")),
]
NEST: dict[str, list[Link]] = {
    "service": [
        ("organization", "organization", ("up", "organization_id")),
        ("program", "program", ("up", "program_id")),
        ("phones", "phone", ("down", "service_id")),
        ("schedules", "schedule", ("down", "service_id")),
        ("service_areas", "service_area", ("down", "service_id")),
        ("service_at_locations", "service_at_location", ("down", "service_id")),
        ("languages", "language", ("down", "service_id")),
        ("funding", "funding", ("down", "service_id")),
        ("cost_options", "cost_option", ("down", "service_id")),
        ("required_documents", "required_document", ("down", "service_id")),
        ("contacts", "contact", ("down", "service_id")),
        *_TAIL,
    ],
    "service_at_location": [
        ("contacts", "contact", ("down", "service_at_location_id")),
        ("phones", "phone", ("down", "service_at_location_id")),
        ("schedules", "schedule", ("down", "service_at_location_id")),
        ("location", "location", ("up", "location_id")),
        *_TAIL,
    ],
    "location": [
        ("languages", "language", ("down", "location_id")),
        ("addresses", "address", ("down", "location_id")),
        ("contacts", "contact", ("down", "location_id")),
        ("accessibility", "accessibility", ("down", "location_id")),
        ("phones", "phone", ("down", "location_id")),
        ("schedules", "schedule", ("down", "location_id")),
        *_TAIL,
    ],
    "organization": [
        ("funding", "funding", ("down", "organization_id")),
        ("contacts", "contact", ("down", "organization_id")),
        ("phones", "phone", ("down", "organization_id")),
        ("locations", "location", ("down", "organization_id")),
        ("programs", "program", ("down", "organization_id")),
        ("organization_identifiers", "organization_identifier", ("down", "organization_id")),
        *_TAIL,
    ],
    "phone": [("languages", "language", ("down", "phone_id")), *_TAIL],
    "contact": [("phones", "phone", ("down", "contact_id")), *_TAIL],
    "attribute": [
        ("taxonomy_term", "taxonomy_term", ("up", "taxonomy_term_id")),
        _TAIL[1],
    ],
    "taxonomy_term": [("taxonomy_detail", "taxonomy", ("up", "taxonomy_id")), _TAIL[1]],
    "metadata": [],
    "taxonomy": [_TAIL[1]],
}


@cache
def datapackage() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        (Path(__file__).with_name("hsds_datapackage.json")).read_text(encoding="utf-8")
    )
    return loaded


@cache
def tables() -> dict[str, tuple[str, dict[str, str]]]:
    """table name → (file name, {column: type}) in the datapackage's order."""
    return {
        r["name"]: (r["path"], {f["name"]: f["type"] for f in r["schema"]["fields"]})
        for r in datapackage()["resources"]
    }


def _children(table: str) -> list[Link]:
    return NEST.get(table, _TAIL)


# --- export ----------------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def flatten(
    services: list[dict[str, Any]], kept: list[tuple[str, dict[str, Any]]] | None = None
) -> dict[str, list[dict[str, str]]]:
    """Rows per table for nested services and objects kept without one (`(table, object)`); an
    object met twice is one row with every key it had."""
    found: dict[str, dict[str, dict[str, str]]] = {name: {} for name in tables()}

    def visit(table: str, obj: dict[str, Any], context: dict[str, str]) -> None:
        columns = tables()[table][1]
        row = found[table].setdefault(str(obj.get("id")), dict.fromkeys(columns, ""))
        for column in columns:
            value = obj.get(column)
            if value is None and column in context:
                value = context[column]
            if _cell(value) and not row[column]:
                row[column] = _cell(value)
        for key, child_table, (direction, column) in _children(table):
            items = obj.get(key)
            for child in items if isinstance(items, list) else [items] if items else []:
                if not isinstance(child, dict):
                    continue
                if direction == "up":
                    if not row.get(column):
                        row[column] = _cell(child.get("id"))
                    visit(child_table, child, {})
                else:
                    visit(child_table, child, {column: str(obj.get("id"))})

    for service in services:
        visit("service", service, {})
    for table, obj in kept or []:
        visit(table, obj, {})
    return {name: list(rows.values()) for name, rows in found.items()}


def write_tabular(
    services: list[dict[str, Any]], kept: list[tuple[str, dict[str, Any]]] | None = None
) -> bytes:
    """A zip of one CSV per table (header only when empty) and the datapackage.json; `kept`: the
    program's objects kept without a service (`kept.kept_objects`)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", json.dumps(datapackage(), indent=4))
        for name, rows in flatten(services, kept or []).items():
            path, columns = tables()[name]
            text = io.StringIO()
            writer = csv.DictWriter(text, fieldnames=list(columns), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
            archive.writestr(path, text.getvalue())
    return out.getvalue()


# --- import ----------------------------------------------------------------------------------------


def _typed(text: str, kind: str) -> Any:
    """A cell as the JSON value the schemas want ("100" → 100 for a number); raises ValueError."""
    if kind in ("number", "integer"):
        number = float(text)
        return (
            int(number)
            if number.is_integer() and "." not in text and "e" not in text.lower()
            else number
        )
    if kind == "boolean":
        if text.lower() not in ("true", "false"):
            raise ValueError(text)
        return text.lower() == "true"
    return text


def read_tables(
    files: dict[str, str],
) -> tuple[dict[str, list[dict[str, Any]]], list[Problem]]:
    """Typed rows per table from CSV texts by file name; problems name the file, line and column."""
    found: dict[str, list[dict[str, Any]]] = {}
    problems: list[Problem] = []
    for name, (path, columns) in tables().items():
        if path not in files:
            continue
        reader = csv.DictReader(io.StringIO(files[path].lstrip("\ufeff")))
        if "id" not in (reader.fieldnames or []):
            problems.append(
                {"line": 1, "field": f"{path}: id", "message": "This column is missing."}
            )
            continue
        rows = []
        for record in reader:
            row: dict[str, Any] = {}
            for column, text in record.items():
                if column is None or not (text or "").strip() or column not in columns:
                    continue  # an empty cell is a field left out
                try:
                    row[column] = _typed(text, columns[column])
                except ValueError:
                    problems.append(
                        {
                            "line": reader.line_num,
                            "field": f"{path}: {column}",
                            "message": f"{text!r} is not a {columns[column]}.",
                        }
                    )
            if row:
                row["_line"] = reader.line_num
                rows.append(row)
        found[name] = rows
    return found, problems


# Tables whose rows we keep on their own when no service reaches them, in this order (an organization
# first takes its locations, a term its taxonomy); what hangs from them (phones, schedules,
# addresses...) comes along nested.
KEPT_TABLES = ("organization", "location", "taxonomy_term", "taxonomy")


def nest(
    rows: dict[str, list[dict[str, Any]]],
) -> tuple[list[dict[str, Any]], list[tuple[str, dict[str, Any], int]], list[Problem]]:
    """Nested services from rows per table; organizations, locations, taxonomy terms and taxonomies
    that no service reaches, nested the same way, with their line; and a note for every other row
    that nothing reaches."""
    by_id = {name: {str(r.get("id")): r for r in table} for name, table in rows.items()}
    by_link: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for name, table in rows.items():
        for row in table:
            for column, value in row.items():
                if column.endswith("_id"):
                    by_link.setdefault((name, column, str(value)), []).append(row)
    reached: set[tuple[str, str]] = set()

    def build(table: str, row: dict[str, Any], ancestors: tuple[str, ...]) -> dict[str, Any]:
        reached.add((table, str(row.get("id"))))
        obj = {k: v for k, v in row.items() if k != "_line"}
        for key, child_table, (direction, column) in _children(table):
            if child_table in ancestors or child_table == table:
                continue
            if direction == "up":
                target = by_id.get(child_table, {}).get(str(row.get(column)))
                if target is not None:
                    obj[key] = build(child_table, target, (*ancestors, table))
            else:
                kids = by_link.get((child_table, column, str(row.get("id"))), [])
                if kids:
                    obj[key] = [build(child_table, kid, (*ancestors, table)) for kid in kids]
        return obj

    services = [build("service", row, ()) for row in rows.get("service", [])]
    kept = []
    for kind in KEPT_TABLES:
        for row in rows.get(kind, []):
            if (kind, str(row.get("id"))) not in reached:
                kept.append((kind, build(kind, row, ()), row["_line"]))
    notes = [
        {
            "line": row["_line"],
            "field": tables()[name][0],
            "message": f"No service in this file leads to the row with id {row.get('id')}: "
            "not imported.",
        }
        for name, table in rows.items()
        for row in table
        if (name, str(row.get("id"))) not in reached
    ]
    return services, kept, notes


def read_tabular(
    content: bytes, publisher: Publisher
) -> tuple[list[dict[str, Any]], list[Problem], list[Problem]]:
    """Rows numbered by services.csv line (as `read_hsds`), problems, and notes on rows left out."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            files = {
                Path(info.filename).name: archive.read(info).decode("utf-8-sig")
                for info in archive.infolist()
                if info.filename.endswith(".csv")
            }
    except (zipfile.BadZipFile, UnicodeDecodeError):
        return [], [{"line": 1, "field": "file", "message": "This is not a zip of CSV files."}], []
    if "services.csv" not in files:
        return [], [{"line": 1, "field": "services.csv", "message": "This file is missing."}], []
    found, problems = read_tables(files)
    if problems:
        return [], problems, []
    services, kept, notes = nest(found)
    lines = [row["_line"] for row in found.get("service", [])]
    rows, problems = rows_of_services(services, publisher, where="services.csv")
    for row in rows:
        row["line"] = lines[row["line"] - 1]
        for note in row["notes"]:
            note["line"] = row["line"]
    for problem in problems:
        problem["line"] = lines[problem["line"] - 1]
        problem["field"] = f"services.csv: {problem['field']}"
    more, more_problems = kept_rows(
        [(kind, obj) for kind, obj, _line in kept],
        [line for _kind, _obj, line in kept],
        {kind: tables()[kind][0] for kind, _obj, _line in kept},
    )
    for row in more:
        notes.extend(row.pop("notes"))
    return rows + more, problems + more_problems, notes
