"""Changes for reports: computing a period's figures in the background, the daily refresh, exports."""

from __future__ import annotations

import logging
import zoneinfo
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation

from alongside.accounts.models import Program, User
from alongside.accounts.selectors import today_in
from alongside.audit.models import Action
from alongside.audit.services import record_access

from . import figures
from .exports import build as build_export
from .models import Export, ExportKind, Snapshot, Status

log = logging.getLogger(__name__)

STANDARD_DAYS = (30, 90, 365)  # the periods the daily refresh keeps ready, ending yesterday
KEEP_FRESH_DAYS = 30  # a period someone looked at within this many days is refreshed too
REFRESH_AT = time(3, 0)  # program time: after the day is over, before anyone looks


def standard_periods(program: Program, today: date | None = None) -> list[tuple[date, date]]:
    today = today or today_in(program)
    end = today - timedelta(days=1)
    return [(end - timedelta(days=days - 1), end) for days in STANDARD_DAYS]


def _enqueue(task: object, *args: int, at: datetime | None = None) -> None:
    from django_tasks import default_task_backend

    if at is not None and default_task_backend.supports_defer:
        task = task.using(run_after=at)  # type: ignore[attr-defined]
    elif at is not None:
        return  # a backend that cannot wait (tests): no daily chain
    transaction.on_commit(lambda: task.enqueue(*args))  # type: ignore[attr-defined]


def request_snapshot(*, program: Program, starts_on: date, ends_on: date) -> Snapshot:
    """The stored report of this period, queued for the worker when missing or not computed today.
    What was computed before stays readable meanwhile."""
    from .tasks import compute_snapshot

    snapshot, _created = Snapshot.objects.get_or_create(
        program=program, starts_on=starts_on, ends_on=ends_on
    )
    stale = snapshot.computed_at is None or (
        timezone.localdate(snapshot.computed_at, zoneinfo.ZoneInfo(program.time_zone))
        < today_in(program)
    )
    if stale and snapshot.status not in (Status.QUEUED, Status.RUNNING) or _created:
        Snapshot.objects.filter(pk=snapshot.pk).update(status=Status.QUEUED, progress=0)
        snapshot.status, snapshot.progress = Status.QUEUED, 0
        _enqueue(compute_snapshot, snapshot.pk)
    return snapshot


def compute_snapshot(*, snapshot_id: int, schedule: bool = True) -> bool:
    """Compute one stored report, saving its progress as it goes. Not atomic on purpose: the progress
    must be visible to the page while the figures are computed."""
    snapshot = Snapshot.objects.select_related("program").filter(pk=snapshot_id).first()
    if snapshot is None:
        return False
    Snapshot.objects.filter(pk=snapshot.pk).update(status=Status.RUNNING, progress=5)

    def progress(percent: int) -> None:
        Snapshot.objects.filter(pk=snapshot.pk).update(progress=min(percent, 99))

    try:
        result = figures.compute(
            snapshot.program, snapshot.starts_on, snapshot.ends_on, progress=progress
        )
    except Exception:
        log.exception("Report %s could not be computed", snapshot.pk)
        Snapshot.objects.filter(pk=snapshot.pk).update(status=Status.FAILED)
        raise
    _store(snapshot, result)
    if schedule:
        schedule_daily_refresh(snapshot.program)
    return True


def _store(snapshot: Snapshot, result: dict[str, Any]) -> None:
    Snapshot.objects.filter(pk=snapshot.pk).update(
        status=Status.READY, progress=100, figures=result, computed_at=timezone.now()
    )


def _computed_today(snapshot: Snapshot) -> bool:
    zone = zoneinfo.ZoneInfo(snapshot.program.time_zone)
    return (
        snapshot.status == Status.READY
        and snapshot.computed_at is not None
        and timezone.localdate(snapshot.computed_at, zone) == today_in(snapshot.program)
    )


def figures_for_export(
    *, program: Program, starts_on: date, ends_on: date, progress: figures.Progress
) -> dict[str, Any]:
    """A period's figures for a file, inside the worker's export task: the stored report when the
    worker computed it today (the dashboard's very figures), else computed here with the export's
    progress and kept as the period's stored report, so the dashboard and the next export read it
    instead of computing it again. Never called while a request waits."""
    snapshot, _created = Snapshot.objects.select_related("program").get_or_create(
        program=program, starts_on=starts_on, ends_on=ends_on
    )
    if _computed_today(snapshot):
        progress(50)
        found: dict[str, Any] = snapshot.figures
        return found
    result = figures.compute(program, starts_on, ends_on, progress=progress)
    _store(snapshot, result)
    return result


def schedule_daily_refresh(program: Program) -> None:
    """Have the worker refresh the program's reports tomorrow morning (a backend that can wait)."""
    from .tasks import refresh_reports

    zone = zoneinfo.ZoneInfo(program.time_zone)
    tomorrow = today_in(program) + timedelta(days=1)
    if not cache.add(f"reports-refresh-{program.pk}-{tomorrow}", True, timeout=2 * 86400):
        return  # already scheduled from this process
    at = datetime.combine(tomorrow, REFRESH_AT, tzinfo=zone)
    _enqueue(refresh_reports, program.pk, at=at)


def refresh_reports(*, program_id: int) -> int:
    """Recompute the standard periods and any period looked at lately; returns how many."""
    program = Program.objects.filter(pk=program_id).first()
    if program is None:
        return 0
    for starts_on, ends_on in standard_periods(program):
        Snapshot.objects.get_or_create(program=program, starts_on=starts_on, ends_on=ends_on)
    recent = timezone.now() - timedelta(days=KEEP_FRESH_DAYS)
    ids = list(
        Snapshot.objects.filter(program=program, updated_at__gte=recent).values_list(
            "pk", flat=True
        )
    )
    for snapshot_id in ids:
        compute_snapshot(snapshot_id=snapshot_id, schedule=False)
    schedule_daily_refresh(program)
    return len(ids)


@transaction.atomic
def request_export(
    *, actor: User, program: Program, kind: ExportKind, starts_on: date, ends_on: date
) -> Export:
    """Queue a file for `actor`; the worker makes it and the page shows its progress."""
    from .tasks import make_export

    export = Export.objects.create(
        program=program,
        requested_by=actor,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        language=translation.get_language() or "en",
    )
    _enqueue(make_export, export.pk)
    return export


def make_export(*, export_id: int) -> bool:
    """Build an export's file from the period's figures (computed afresh), noting progress."""
    export = Export.objects.select_related("program", "requested_by").filter(pk=export_id).first()
    if export is None or export.status == Status.READY:
        return False
    Export.objects.filter(pk=export.pk).update(status=Status.RUNNING, progress=1)

    def progress(percent: int) -> None:
        Export.objects.filter(pk=export.pk).update(progress=max(1, min(percent, 99)))

    try:
        with translation.override(export.language):
            content, filename = build_export(export, progress=progress)
    except Exception:
        log.exception("Export %s could not be made", export.pk)
        Export.objects.filter(pk=export.pk).update(status=Status.FAILED)
        raise
    Export.objects.filter(pk=export.pk).update(
        status=Status.READY,
        progress=100,
        content=content,
        filename=filename,
        finished_at=timezone.now(),
    )
    if export.kind == ExportKind.MEMBERS:  # member-level rows left the program: on the record
        record_access(
            viewer=export.requested_by,
            record=export,
            subject=None,
            purpose="Research export of consenting members, pseudonymised",
            program_id=export.program_id,
            action=Action.EXPORT,
        )
    return True
