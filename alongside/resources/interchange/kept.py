"""HSDS objects kept without a service: organizations, locations, taxonomies and terms an import
brought on their own (an organization list, a bare location, a taxonomy, a tabular file's rows that
no service reaches). They are not directory entries; the HSDS API and the tabular export serve them
again as they came. A second import of the same id updates the object, never duplicates it."""

from __future__ import annotations

import uuid
from typing import Any

from django.utils import timezone

from alongside.accounts.models import Program

from ..models import HsdsKind, HsdsObject


def keep_objects(program: Program, rows: list[dict[str, Any]]) -> tuple[int, int]:
    """Create or update each `{"kind", "hsds"}` row by kind and id; (created, updated)."""
    wanted = {(row["kind"], uuid.UUID(str(row["hsds"]["id"]))): row["hsds"] for row in rows}
    if not wanted:
        return 0, 0
    existing = {
        (o.kind, o.uuid): o
        for o in HsdsObject.objects.filter(
            program=program, uuid__in=[ident for _kind, ident in wanted]
        )
    }
    fresh, changed = [], []
    for (kind, ident), document in wanted.items():
        found = existing.get((kind, ident))
        if found is None:
            fresh.append(HsdsObject(program=program, kind=kind, uuid=ident, document=document))
        else:
            found.document = document
            found.updated_at = timezone.now()
            changed.append(found)
    HsdsObject.objects.bulk_create(fresh, batch_size=500)
    if changed:
        HsdsObject.objects.bulk_update(changed, ["document", "updated_at"], batch_size=500)
    return len(fresh), len(changed)


def kept_objects(program: Program, *kinds: str) -> list[tuple[str, dict[str, Any]]]:
    """`(kind, object)` of the program's kept objects of these kinds (all when none), by kind and id:
    one query."""
    query = HsdsObject.objects.filter(program=program).order_by("kind", "uuid")
    if kinds:
        query = query.filter(kind__in=kinds)
    return [(kind, document) for kind, document in query.values_list("kind", "document")]


__all__ = ["HsdsKind", "keep_objects", "kept_objects"]
