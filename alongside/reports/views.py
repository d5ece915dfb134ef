"""Pages of the reports: the director's dashboard for a period, exports and their progress."""

from __future__ import annotations

from datetime import date

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from alongside.accounts.choices import Role
from alongside.accounts.models import Program
from alongside.accounts.selectors import standing
from alongside.common.http import AuthedRequest, role_required

from . import selectors, services
from .forms import ExportForm, PeriodForm
from .models import ExportKind, Status
from .present import present

STAFF = (Role.SUPERVISOR, Role.ADMIN)
RECENT_EXPORTS = 10


def _program(request: AuthedRequest) -> Program:
    program = standing(request.user).program
    if program is None:
        raise Http404
    return program


def _period(request: AuthedRequest, program: Program) -> tuple[PeriodForm, date, date]:
    """The period asked for, or the last 90 days to yesterday (kept ready by the daily refresh)."""
    starts_on, ends_on = services.standard_periods(program)[1]
    form = PeriodForm(request.GET or None, initial={"start": starts_on, "end": ends_on})
    if request.GET and form.is_valid():
        starts_on, ends_on = form.cleaned_data["start"], form.cleaned_data["end"]
    return form, starts_on, ends_on


@role_required(*STAFF)
@require_GET
def dashboard(request: AuthedRequest) -> HttpResponse:
    program = _program(request)
    form, starts_on, ends_on = _period(request, program)
    snapshot = services.request_snapshot(program=program, starts_on=starts_on, ends_on=ends_on)
    context = {
        "form": form,
        "snapshot": snapshot,
        "report": present(snapshot.figures) if snapshot.figures else None,
        "export_form": ExportForm(initial={"start": starts_on, "end": ends_on}),
        "is_admin": standing(request.user).has(Role.ADMIN),
    }
    template = "reports/_report.html" if request.htmx else "reports/dashboard.html"
    return render(request, template, context)


@role_required(*STAFF)
@require_GET
def progress(request: AuthedRequest, snapshot_id: int) -> HttpResponse:
    """How far the worker has got with a period's figures (polled by the dashboard)."""
    snapshot = selectors.snapshot_of(_program(request), snapshot_id)
    return render(request, "reports/_progress.html", {"snapshot": snapshot})


@role_required(*STAFF)
@require_http_methods(["GET", "POST"])
def exports(request: AuthedRequest) -> HttpResponse:
    program = _program(request)
    form = ExportForm(request.POST or None)
    is_admin = standing(request.user).has(Role.ADMIN)
    if request.method == "POST" and form.is_valid():
        kind = ExportKind(form.cleaned_data["kind"])
        if kind == ExportKind.MEMBERS and not is_admin:
            form.add_error("kind", _("Only a program administrator may export member-level rows."))
        else:
            export = services.request_export(
                actor=request.user,
                program=program,
                kind=kind,
                starts_on=form.cleaned_data["start"],
                ends_on=form.cleaned_data["end"],
            )
            return redirect("reports:export", export_id=export.pk)
    recent = list(selectors.exports_of(request.user, program)[:RECENT_EXPORTS])
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "exports": recent, "is_admin": is_admin}
    return render(request, "reports/exports.html", context, status=status)


@role_required(*STAFF)
@require_GET
def export(request: AuthedRequest, export_id: int) -> HttpResponse:
    found = selectors.access_export(request.user, _program(request), export_id)
    template = "reports/_export.html" if request.htmx else "reports/export.html"
    return render(request, template, {"export": found})


@role_required(*STAFF)
@require_GET
def download(request: AuthedRequest, export_id: int) -> HttpResponse:
    found = selectors.access_export(request.user, _program(request), export_id)
    if found.status != Status.READY:
        raise Http404
    response = HttpResponse(bytes(found.content), content_type=found.content_type)
    response["Content-Disposition"] = f'attachment; filename="{found.filename}"'
    return response
