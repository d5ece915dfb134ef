"""Demo data for billing (synthetic people only): the New Jersey preset as the one payer, obviously
invented billing identities for the demo members who have signed notes, and demo-admin as the billing
clerk (the `billing.read_identity` permission), so the demo's signed notes appear in the queue."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.db.models import QuerySet

from alongside.accounts.models import Program, User
from alongside.records.selectors import members_with_signed_notes

from . import services, vault
from .models import Payer

DEMO_IDS = {
    "payer_id": "DEMOPAYER",
    "receiver_id": "DEMOCLEARING",
    "submitter_id": "DEMOSUBMIT",
    "billing_name": "Demo Peer Program",
    "billing_npi": "1234567893",  # the check-digit example from the CMS NPI standard, not a real provider
    "billing_tax_id": "000000000",
    "billing_address": "1 Example Way",
    "billing_city": "Exampleton",
    "billing_state": "NJ",
    "billing_zip": "000000000",
    "contact_phone": "5555550100",
}

INVENTED = [("Demo", "Personone"), ("Sample", "Persontwo"), ("Example", "Personthree")]


def invented_facts(first: str, last: str, *, member_id: str) -> vault.Facts:
    """A claim's identity for an invented person (the demo's and the benchmark's): no real name, address
    or number."""
    return vault.Facts(
        legal_first=first,
        legal_last=last,
        birth_date="1990-01-01",
        sex="U",
        address="1 Example Way",
        city="Exampleton",
        state="NJ",
        zip="00000",
        member_id=member_id,
        diagnoses=["F331"],
        order_from="2026-01-01",
        order_to="2027-12-31",
        plan_from="2026-01-01",
        plan_to="2027-12-31",
    )


def _members_with_notes(program: Program) -> QuerySet[User]:
    return members_with_signed_notes(program)


def load(program: Program) -> None:
    """Add this app's part of the demo program (once)."""
    if Payer.objects.filter(program=program).exists():
        return
    payer = services.payer_from_preset(program, "nj-horizon", **DEMO_IDS)
    clerk = User.objects.filter(username="demo-admin").first()
    if clerk is not None:
        clerk.user_permissions.add(Permission.objects.get(codename="read_identity"))
    for (first, last), member in zip(INVENTED, _members_with_notes(program), strict=False):
        facts = invented_facts(first, last, member_id=f"DEMO{member.pk:06d}")
        services.keep_identity(program=program, member=member, payer=payer, facts=facts, by=None)
