"""The official HSDS 3.0 artefacts vendored in `spec/` (see its README), and a validator for them.

Objects are checked as Open Referral's own CI checks its examples (`validate_examples_json_schema.sh`):
against the compiled schema with `additionalProperties: false` added everywhere, so a misspelt or
invented field fails too; formats (uuid, date, date-time, email) are checked.
"""

from __future__ import annotations

import copy
import csv
import gzip
import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT202012

SPEC = Path(__file__).with_name("spec")
EXAMPLES = SPEC / "examples"


def load(relative: str) -> Any:
    path = SPEC / relative
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    return json.loads(gzip.decompress(path.with_name(path.name + ".gz").read_bytes()))


def example(name: str) -> Any:
    return load(f"examples/{name}.json")


def example_tables() -> dict[str, list[dict[str, str]]]:
    """The official examples/csv files: file name → rows."""
    return {
        path.name: list(csv.DictReader(path.open(encoding="utf-8")))
        for path in sorted((EXAMPLES / "csv").glob("*.csv"))
    }


def _closed(node: Any) -> Any:
    if isinstance(node, dict):
        node = {key: _closed(value) for key, value in node.items()}
        if "properties" in node:
            node.setdefault("additionalProperties", False)
    elif isinstance(node, list):
        node = [_closed(item) for item in node]
    return node


@cache
def validator(name: str) -> Draft202012Validator:
    """`name`: "compiled/service", "compiled/organization_list", "taxonomy_term"..."""
    # taxonomy_term.json refers to taxonomy.json and metadata.json by relative name.
    registry: Registry[Any] = Registry().with_resources(
        (f"{n}.json", DRAFT202012.create_resource(_closed(load(f"schema/{n}.json"))))
        for n in ("taxonomy", "metadata")
    )
    schema = _closed(copy.deepcopy(load(f"schema/{name}.json")))
    return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())


def problems(name: str, obj: Any) -> list[str]:
    """Every way `obj` breaks the schema, as "path: message" (empty when it validates)."""
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator(name).iter_errors(obj)
    ]
