"""What US Core 6.1.0 asks of a resource that claims one of its profiles, read from the profiles' own
StructureDefinitions (their differentials, vendored in `uscore/`, see its NOTICE.md).

`problems` finds what breaks a claim: a mandatory element (min ≥ 1) missing where its parent is
present, a required slice with a pattern (Observation.category:survey) not matched, and a
must-support reference that does not point at a resource of the bundle claiming one of the profiles
the element allows. `must_support_missing` lists the must-support elements not sent (where their
parent is), which the caller compares with what we declare we do not hold. Value-set bindings and
FHIRPath invariants other than those are not checked here (no HL7 validator runs).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

DIFFERENTIALS = Path(__file__).parent / "uscore" / "us-core-6.1.0-differentials.json"
BASE = "http://hl7.org/fhir/StructureDefinition/"


@cache
def profiles() -> dict[str, Any]:
    found: dict[str, Any] = json.loads(DIFFERENTIALS.read_text(encoding="utf-8"))
    return found


def elements(url: str) -> list[dict[str, Any]]:
    return list(profiles()[url]["differential"]["element"])


def _children(value: Any, part: str) -> list[Any]:
    """The values under `part` of one value (lists flattened; `effective[x]` any effectiveXxx)."""
    if not isinstance(value, dict):
        return []
    if part.endswith("[x]"):
        stem = part[:-3]
        found = [v for k, v in value.items() if k.startswith(stem) and k[len(stem) :][:1].isupper()]
    else:
        found = [value[part]] if part in value else []
    flat: list[Any] = []
    for item in found:
        flat += item if isinstance(item, list) else [item]
    return flat


def values(resource: dict[str, Any], path: str) -> list[Any]:
    """Every value at an element path ("Observation.category.coding") of the resource."""
    current = [resource]
    for part in path.split(".")[1:]:
        current = [child for value in current for child in _children(value, part)]
    return current


def _parents(resource: dict[str, Any], path: str) -> list[Any]:
    return values(resource, path.rsplit(".", 1)[0]) if "." in path else []


def _matches(value: Any, pattern: Any) -> bool:
    """FHIR pattern matching: every element of the pattern is in the value (lists: any item)."""
    if isinstance(pattern, dict):
        return isinstance(value, dict) and all(
            k in value and _matches(value[k], v) for k, v in pattern.items()
        )
    if isinstance(pattern, list):
        items = value if isinstance(value, list) else []
        return all(any(_matches(item, p) for item in items) for p in pattern)
    return bool(value == pattern)


def _pattern(element: dict[str, Any]) -> Any:
    return next((v for k, v in element.items() if k.startswith(("pattern", "fixed"))), None)


def _claims(resource: dict[str, Any]) -> set[str]:
    return set(resource.get("meta", {}).get("profile", []))


def problems(resource: dict[str, Any], url: str, index: dict[str, dict[str, Any]]) -> list[str]:
    """Why `resource` does not meet the profile `url`; `index`: "Type/id" → resource of its bundle."""
    found = []
    for element in elements(url):
        ident, path, low = element["id"], element["path"], int(element.get("min", 0))
        if ":" in ident:
            pattern = _pattern(element)
            if ident.count(":") == 1 and ident.split(":")[1].count(".") == 0 and pattern:
                hits = [v for v in values(resource, path) if _matches(v, pattern)]
                if len(hits) < low:
                    found.append(f"{ident}: no {path} matches {json.dumps(pattern)}")
            continue
        if low >= 1:
            parents = _parents(resource, path) if path.count(".") > 1 else [resource]
            for parent in parents:
                if not _children(parent, path.rsplit(".", 1)[1]):
                    found.append(f"{ident}: missing (min {low})")
                    break
        targets = [
            profile
            for kind in element.get("type", [])
            if kind.get("code") == "Reference"
            for profile in kind.get("targetProfile", [])
        ]
        if element.get("mustSupport") and targets:
            for reference in values(resource, path):
                target = index.get(str((reference or {}).get("reference", "")))
                if target is None:
                    found.append(f"{ident}: {reference} is not in the bundle")
                elif not (_claims(target) & set(targets)) and (
                    BASE + target["resourceType"] not in targets
                ):
                    found.append(
                        f"{ident}: {reference['reference']} claims none of "
                        f"{[t.rsplit('/', 1)[1] for t in targets]}"
                    )
    return found


def must_support_missing(resource: dict[str, Any], url: str) -> set[str]:
    """Must-support elements (and must-support slices with a pattern) not sent where their parent
    is present."""
    missing = set()
    for element in elements(url):
        ident, path = element["id"], element["path"]
        if not element.get("mustSupport") or path.count(".") == 0:
            continue
        if ":" in ident:
            pattern = _pattern(element)
            if pattern is None or "." in ident.split(":", 1)[1]:
                if "." not in ident.split(":", 1)[1] and not values(resource, path):
                    missing.add(ident)  # a slice by binding, nothing there at all
                continue
            if not any(_matches(v, pattern) for v in values(resource, path)):
                missing.add(ident)
            continue
        parents = _parents(resource, path) if path.count(".") > 1 else [resource]
        if parents and not any(_children(p, path.rsplit(".", 1)[1]) for p in parents):
            missing.add(ident)
    return missing
