"""Validation twice: with fhir.resources' R4B models, and independently against the official FHIR R4 JSON
Schema vendored beside this file (schema/NOTICE.md)."""

from __future__ import annotations

import gzip
import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs
from fhir.resources.R4B import get_fhir_model_class

SCHEMA_FILE = Path(__file__).parent / "schema" / "fhir.schema.json.gz"


def _add_version_4_0_1(node: Any) -> int:
    """The vendored file is the schema of R4's first release (4.0.0); the 4.0.1 technical correction
    added "4.0.1" to the FHIR version code list, the one difference our resources meet (we declare
    fhirVersion 4.0.1). Add it to each copy of that list; how many were changed."""
    changed = 0
    if isinstance(node, dict):
        codes = node.get("enum")
        if isinstance(codes, list) and codes[-1:] == ["4.0.0"] and "3.0.1" in codes:
            codes.append("4.0.1")
            changed += 1
        node = list(node.values())
    if isinstance(node, list):
        changed += sum(_add_version_4_0_1(item) for item in node)
    return changed


@cache
def schema() -> dict[str, Any]:
    with gzip.open(SCHEMA_FILE, "rt", encoding="utf-8") as handle:
        found: dict[str, Any] = json.load(handle)
    # CapabilityStatement, ImplementationGuide, StructureDefinition and the FHIRVersion type.
    assert _add_version_4_0_1(found) == 4
    return found


@cache
def _validator(resource_type: str | None) -> Any:
    """The whole official schema (its oneOf over every resource), or one resource's definition (for
    errors that say which element is wrong)."""
    whole = schema()
    if resource_type is None:
        return jsonschema_rs.Draft6Validator(whole)
    return jsonschema_rs.Draft6Validator(
        {"$ref": f"#/definitions/{resource_type}", "definitions": whole["definitions"]}
    )


def schema_errors(resource: dict[str, Any]) -> list[str]:
    """What the official R4 JSON Schema finds wrong with `resource` (empty when valid)."""
    if _validator(None).is_valid(resource):
        return []
    specific = _validator(str(resource.get("resourceType")))
    errors = [f"{list(e.instance_path)}: {e.message}"[:300] for e in specific.iter_errors(resource)]
    return errors or ["not valid against the R4 schema's oneOf"]


def model_errors(resource: dict[str, Any]) -> list[str]:
    """What fhir.resources' R4B model finds wrong with `resource` (empty when valid)."""
    try:
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    except Exception as error:  # pydantic's ValidationError, or an unknown resource type
        return [str(error)[:500]]
    return []


def assert_valid_both_ways(resource: dict[str, Any]) -> None:
    label = f"{resource.get('resourceType')}/{resource.get('id')}"
    assert (errors := model_errors(resource)) == [], (label, errors)
    assert (errors := schema_errors(resource)) == [], (label, errors)
