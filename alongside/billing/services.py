"""Changes in billing: payers from a preset, the identity store (sealed), corrections and voids."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.models import Program, User
from alongside.audit.models import Action
from alongside.audit.services import record_access

from . import vault
from .models import (
    ClaimLine,
    ExportJob,
    ExportStatus,
    Identity,
    LineState,
    Payer,
    PayerService,
)
from .presets import PRESETS

log = logging.getLogger(__name__)


@transaction.atomic
def payer_from_preset(program: Program, preset: str, **identifiers: Any) -> Payer:
    """A payer and its services from a state preset; `identifiers` are the program's own (NPI, ids)."""
    found = PRESETS[preset]
    payer = Payer(program=program, preset=preset, source_url=found["source_url"], **found["payer"])
    for name, value in identifiers.items():
        setattr(payer, name, value)
    payer.full_clean()
    payer.save()
    for spec in found["services"]:
        service = PayerService(payer=payer, **spec)
        service.full_clean()
        service.save()
    return payer


@transaction.atomic
def keep_identity(
    *, program: Program, member: User, payer: Payer, facts: vault.Facts, by: User | None
) -> Identity:
    """Seal and keep what a claim needs about `member`; the write goes to the access log."""
    start, end = facts.covered()
    authorised_from, authorised_to = facts.authorised()
    identity, _created = Identity.objects.update_or_create(
        program=program,
        member=member,
        defaults={
            "payer": payer,
            "sealed": vault.seal(facts),
            "has_diagnosis": bool(facts.diagnoses),
            "covered_from": start,
            "covered_to": end,
            "authorised_from": authorised_from,
            "authorised_to": authorised_to,
            "updated_by": by,
        },
    )
    record_access(
        viewer=by,
        record_type="billing.identity",
        record_id=member.pk,
        subject=member,
        purpose="Kept billing details",
        program_id=program.pk,
        action=Action.WRITE,
    )
    return identity


def _claim_lines(program: Program, claim_id: str) -> list[ClaimLine]:
    lines = list(
        ClaimLine.objects.select_for_update()
        .filter(program=program, claim_id=claim_id)
        .order_by("line_number")
    )
    if not lines:
        raise Http404
    return lines


def _answered(lines: list[ClaimLine]) -> None:
    """A claim can be corrected or voided once the payer has answered it (its 835 gave its number)."""
    if any(line.state not in (LineState.PAID, LineState.DENIED) for line in lines):
        raise ValidationError(
            _(
                "Only a claim the payer has answered (paid or denied) can be corrected or voided; "
                "wait for its 835."
            )
        )
    if not lines[0].payer_claim_number:
        raise ValidationError(
            _(
                "The payer's 835 gave no claim number for this claim, and a correction or void "
                "must quote it. Ask the payer for it."
            )
        )


@transaction.atomic
def correct_claim(*, program: Program, claim_id: str) -> int:
    """Mark a paid or denied claim to go again, recomputed from its notes as they are now, as a
    corrected claim (frequency 7) in the next export; the lines' count."""
    return _send_again_as(program, claim_id, LineState.CORRECTING)


@transaction.atomic
def void_claim(*, program: Program, claim_id: str) -> int:
    """Mark a paid or denied claim to be cancelled (frequency 8) in the next export; the lines' count."""
    return _send_again_as(program, claim_id, LineState.VOIDING)


def _send_again_as(program: Program, claim_id: str, state: LineState) -> int:
    """Every line of an answered (paid or denied) claim marked to go out again as `state`."""
    lines = _claim_lines(program, claim_id)
    _answered(lines)
    return ClaimLine.objects.filter(pk__in=[line.pk for line in lines]).update(state=state)


@transaction.atomic
def keep_claim(*, program: Program, claim_id: str) -> int:
    """Undo a correction or void not sent yet: each line goes back to what the payer said."""
    lines = _claim_lines(program, claim_id)
    pending = [line for line in lines if line.state in (LineState.CORRECTING, LineState.VOIDING)]
    for line in pending:
        line.state = LineState.PAID if line.paid else LineState.DENIED
        line.save(update_fields=["state"])
    return len(pending)


def request_export(
    *,
    program: Program,
    payer: Payer,
    start: datetime.date,
    end: datetime.date,
    fmt: str,
    by: User,
) -> ExportJob:
    """Queue an export for the worker; the page shows its progress until the file is ready."""
    from .tasks import make_export

    job = ExportJob.objects.create(
        program=program,
        payer=payer,
        requested_by=by,
        format=fmt,
        period_from=start,
        period_to=end,
    )
    transaction.on_commit(lambda: make_export.enqueue(job.pk))
    return job


def make_export(*, job_id: int) -> bool:
    """Make a queued export (`exports.export`, all or nothing), noting its progress; the file sealed."""
    from . import exports

    job = (
        ExportJob.objects.select_related("program", "payer", "requested_by")
        .filter(pk=job_id)
        .first()
    )
    if job is None or not job.is_running:
        return False
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING, progress=1)

    shown = [1]

    def progress(percent: int) -> None:
        percent = max(1, min(percent, 99))
        if percent != shown[-1]:  # one write per step the page can show, not per person
            ExportJob.objects.filter(pk=job.pk).update(progress=percent)
            shown.append(percent)

    try:
        batch, text = exports.export(
            job.program,
            job.payer,
            job.period_from,
            job.period_to,
            fmt=job.format,
            by=job.requested_by,
            progress=progress,
        )
    except Exception:
        log.exception("Billing export %s could not be made", job.pk)
        ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.FAILED)
        raise
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.READY if batch else ExportStatus.EMPTY,
        progress=100,
        batch=batch,
        sealed=vault.seal_bytes(text.encode()) if batch else b"",
        finished_at=timezone.now(),
    )
    return True
