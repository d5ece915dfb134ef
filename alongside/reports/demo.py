"""Demo data for reports (synthetic people only): the stored report of the last 90 days, ready on the
first visit; with `--size large`, a year of activity at scale first (`large.build`)."""

from __future__ import annotations

from alongside.accounts.models import Program

from . import large, services
from .models import Snapshot


def load(program: Program, size: str = "normal") -> None:
    """Add this app's part of the demo program."""
    if size == "large":
        large.build(program)
    for starts_on, ends_on in services.standard_periods(program):
        snapshot, _ = Snapshot.objects.get_or_create(
            program=program, starts_on=starts_on, ends_on=ends_on
        )
        services.compute_snapshot(snapshot_id=snapshot.pk)  # and the daily refresh from tomorrow
