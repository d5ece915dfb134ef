"""Reads for reports: the stored report of a period, and a person's own exports."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from alongside.accounts.models import Program, User

from .models import Export, Snapshot


def snapshot_of(program: Program, snapshot_id: int) -> Snapshot:
    snapshot = Snapshot.objects.filter(program=program, pk=snapshot_id).first()
    if snapshot is None:
        raise Http404
    return snapshot


def exports_of(viewer: User, program: Program) -> QuerySet[Export]:
    """The viewer's own recent exports in `program`, newest first, without their content."""
    return (
        Export.objects.filter(program=program, requested_by=viewer)
        .defer("content")
        .order_by("-created_at", "-pk")
    )


def access_export(viewer: User, program: Program, export_id: int) -> Export:
    """An export is its maker's alone (it may hold member-level rows): anyone else gets Http404."""
    export = Export.objects.filter(program=program, requested_by=viewer, pk=export_id).first()
    if export is None:
        raise Http404
    return export
