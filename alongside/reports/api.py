"""API routes for reports: a period's figures as JSON (the same stored report as the dashboard)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from alongside.accounts.choices import Role
from alongside.accounts.selectors import standing
from alongside.common.api import ApiError, caller

from . import services
from .forms import PeriodForm

router = Router(tags=["reports"])


@router.get("/figures", response={200: dict[str, Any], 202: dict[str, Any], 422: ApiError})
def figures(
    request: HttpRequest, start: date | None = None, end: date | None = None
) -> Status[Any]:
    """The program's figures for [start, end] (both included) beside the period before; small cells
    are already hidden ("hidden"). 202 with the progress while the worker prepares them."""
    program = standing(caller(request, Role.SUPERVISOR, Role.ADMIN)).program
    assert program is not None  # noqa: S101  # holding a role means holding a program
    default_start, default_end = services.standard_periods(program)[1]
    form = PeriodForm({"start": start or default_start, "end": end or default_end})
    if not form.is_valid():
        field, messages = next(iter(form.errors.items()))
        return Status(422, {"detail": " ".join(str(m) for m in messages), "field": field})
    snapshot = services.request_snapshot(
        program=program, starts_on=form.cleaned_data["start"], ends_on=form.cleaned_data["end"]
    )
    if not snapshot.figures:
        return Status(202, {"status": snapshot.status, "progress": snapshot.progress})
    return Status(200, snapshot.figures)
