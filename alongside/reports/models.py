"""Stored reports: a program's figures for one period, and the exports made from them."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Program, User
from alongside.common.models import TimeStampedModel


class Status(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Could not be prepared")


class Snapshot(TimeStampedModel):
    """A program's figures for one period (and the period before), computed by the worker and kept
    up to date each day (`services.refresh_reports`), so the dashboard only reads one row. Small cells
    are already suppressed in `figures`: nothing stored here can show fewer than 11 people."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    starts_on = models.DateField()
    ends_on = models.DateField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    figures = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["program", "starts_on", "ends_on"], name="reports_one_snapshot_per_period"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="reports_period_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"Report of program {self.program_id}, {self.starts_on} to {self.ends_on}"


class ExportKind(models.TextChoices):
    CSV = "csv", _("Tables as CSV (a zip of files)")
    XLSX = "xlsx", _("Tables as a spreadsheet (XLSX)")
    PDF = "pdf", _("Printable report (PDF)")
    MEMBERS = "members", _("People who agreed to research, without names (CSV)")


class Export(TimeStampedModel):
    """A file made in the background from a report, for the person who asked, with its progress."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=ExportKind.choices)
    starts_on = models.DateField()
    ends_on = models.DateField()
    language = models.CharField(max_length=8, default="en")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    content = models.BinaryField(blank=True, default=b"")
    filename = models.CharField(max_length=120, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.kind} export #{self.pk}"

    @property
    def content_type(self) -> str:
        return {
            ExportKind.CSV: "application/zip",
            ExportKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ExportKind.PDF: "application/pdf",
            ExportKind.MEMBERS: "text/csv",
        }[ExportKind(self.kind)]
