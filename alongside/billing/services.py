"""Changes in billing: payers from a preset, the identity store (sealed)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from alongside.accounts.models import Program, User
from alongside.audit.models import Action
from alongside.audit.services import record_access

from . import vault
from .models import Identity, Payer, PayerService
from .presets import PRESETS


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
    identity, _created = Identity.objects.update_or_create(
        program=program,
        member=member,
        defaults={
            "payer": payer,
            "sealed": vault.seal(facts),
            "has_diagnosis": bool(facts.diagnoses),
            "covered_from": start,
            "covered_to": end,
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
