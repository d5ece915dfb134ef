"""Billing's pages, for a program's billing clerk: the queue, a person's billing details, exports."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alongside.accounts.choices import Role
from alongside.accounts.models import User
from alongside.accounts.selectors import today_in
from alongside.common.http import AuthedRequest, role_required

from . import remit, selectors, services, vault
from .forms import IdentityForm, PayerForm, PeriodForm, PresetForm, RemitForm, ServiceFormSet
from .models import Payer


def _period(request: AuthedRequest, program) -> tuple[PeriodForm, datetime.date, datetime.date]:  # type: ignore[no-untyped-def]
    today = today_in(program)
    first = today.replace(day=1)
    default_start = (first - datetime.timedelta(days=1)).replace(day=1)
    form = PeriodForm(request.GET or {"start": default_start, "end": today})
    if form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, default_start, today


@role_required(Role.ADMIN)
def queue(request: AuthedRequest) -> HttpResponse:
    program = selectors.billing_program(request.user)
    form, start, end = _period(request, program)
    lines = selectors.queue(program, start, end)
    counts = {
        state: sum(1 for q in lines if q.state == state)
        for state in ("ready", "blocked", "exported", "paid", "denied")
    }
    return render(
        request,
        "billing/queue.html",
        {
            "form": form,
            "lines": lines,
            "counts": counts,
            "payers": selectors.payers_of(program),
            "start": start,
            "end": end,
        },
    )


def _facts_from(data: dict[str, Any]) -> vault.Facts:
    """The form's cleaned data as the facts to seal: dates as ISO text, nothing given as ""."""
    values: dict[str, Any] = {}
    for f in dataclasses.fields(vault.Facts):
        value = data[f.name]
        if isinstance(value, datetime.date):
            value = value.isoformat()
        values[f.name] = "" if value is None else value
    return vault.Facts(**values)


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMIN)
def identity(request: AuthedRequest, member_id: int) -> HttpResponse:
    program = selectors.billing_program(request.user)
    found, facts = selectors.access_identity(request.user, member_id)
    member = User.objects.get(pk=member_id)
    if request.method == "POST":
        form = IdentityForm(request.POST, program=program)
        if form.is_valid():
            data = form.cleaned_data
            kept = _facts_from(data)
            services.keep_identity(
                program=program, member=member, payer=data["payer"], facts=kept, by=request.user
            )
            messages.success(request, _("Billing details kept."))
            return redirect("billing:queue")
    else:
        initial = dataclasses.asdict(facts)
        initial["diagnoses"] = " ".join(facts.diagnoses)
        initial["payer"] = found.payer_id if found else None
        form = IdentityForm(initial=initial, program=program)
    return render(request, "billing/identity.html", {"form": form, "member": member})


@require_POST
@role_required(Role.ADMIN)
def export(request: AuthedRequest) -> HttpResponse:
    """Queue an export for the worker, then show its progress."""
    program = selectors.billing_program(request.user)
    form = PeriodForm(request.POST)
    payer = Payer.objects.filter(program=program, pk=request.POST.get("payer") or 0).first()
    fmt = request.POST.get("format")
    if payer is None or fmt not in ("837p", "csv") or not form.is_valid():
        if payer is None:
            messages.error(request, _("Choose the payer to export for."))
        else:
            messages.error(request, _("Choose the period and the format (837P or CSV)."))
        return redirect("billing:queue")
    job = services.request_export(
        program=program,
        payer=payer,
        start=form.cleaned_data["start"],
        end=form.cleaned_data["end"],
        fmt=fmt,
        by=request.user,
    )
    return redirect("billing:export-job", job_id=job.pk)


@require_GET
@role_required(Role.ADMIN)
def export_job(request: AuthedRequest, job_id: int) -> HttpResponse:
    """An export's progress: the page, or (for htmx) the region it polls."""
    job = selectors.access_export_job(request.user, job_id)
    template = "billing/_export_progress.html" if request.htmx else "billing/export_job.html"
    return render(request, template, {"job": job})


@require_GET
@role_required(Role.ADMIN)
def export_download(request: AuthedRequest, job_id: int) -> HttpResponse:
    """The export's file, once made (each download in the access log)."""
    job = selectors.access_export_job(request.user, job_id, download=True)
    response = HttpResponse(vault.unseal_bytes(job.sealed), content_type=job.content_type)
    response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
    return response


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMIN)
def remit_upload(request: AuthedRequest) -> HttpResponse:
    """Read an 835 from the payer: all of it or, with the reason naming the segment, none of it."""
    program = selectors.billing_program(request.user)
    form = RemitForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            counts = remit.import_835(program, form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(
                request,
                _("835 read: %(paid)s lines paid, %(denied)s denied, %(voided)s voids done.")
                % counts,
            )
            return redirect("billing:queue")
    status = 400 if request.method == "POST" else 200
    return render(request, "billing/remit.html", {"form": form}, status=status)


CLAIM_CHANGES = {
    "correct": (
        services.correct_claim,
        gettext_lazy("Claim %(claim)s will go again as a corrected claim in the next export."),
    ),
    "void": (
        services.void_claim,
        gettext_lazy("Claim %(claim)s will be voided in the next export."),
    ),
    "keep": (
        services.keep_claim,
        gettext_lazy("Claim %(claim)s stays as the payer answered it."),
    ),
}


@require_POST
@role_required(Role.ADMIN)
def claim_change(request: AuthedRequest, claim_id: str, action: str) -> HttpResponse:
    """Correct (frequency 7), void (8), or keep a claim the payer answered; back to the queue."""
    program = selectors.billing_program(request.user)
    change, done = CLAIM_CHANGES[action]
    try:
        change(program=program, claim_id=claim_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done % {"claim": claim_id})
    return redirect(_back_to_queue(request))


def _back_to_queue(request: AuthedRequest) -> str:
    """The queue for the period the person was looking at (the form sends it), else the default."""
    form = PeriodForm(request.POST)
    url = reverse("billing:queue")
    if form.is_valid():
        data = form.cleaned_data
        url += f"?start={data['start']:%Y-%m-%d}&end={data['end']:%Y-%m-%d}"
    return url


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMIN)
def payers(request: AuthedRequest) -> HttpResponse:
    program = selectors.billing_program(request.user)
    form = PresetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        preset = data.pop("preset")
        payer = services.payer_from_preset(program, preset, **data)
        messages.success(request, _("Payer added. Check its rules against your contract."))
        return redirect("billing:payer", payer_id=payer.pk)
    return render(
        request, "billing/payers.html", {"form": form, "payers": selectors.payers_of(program)}
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMIN)
def payer(request: AuthedRequest, payer_id: int) -> HttpResponse:
    program = selectors.billing_program(request.user)
    found = Payer.objects.filter(program=program, pk=payer_id).first()
    if found is None:
        raise Http404
    form = PayerForm(request.POST or None, instance=found)
    formset = ServiceFormSet(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        form.save()
        formset.save()
        messages.success(request, _("Payer saved."))
        return redirect("billing:payers")
    return render(request, "billing/payer.html", {"form": form, "formset": formset, "payer": found})
