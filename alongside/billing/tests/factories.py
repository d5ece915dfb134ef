"""Test helpers for billing: a payer from a preset, a person's billing identity, a signed note."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Permission

from alongside.billing import services, vault
from alongside.records import services as records
from alongside.records.tests.factories import START, encounter

IDS = {
    "payer_id": "NJHZN",
    "receiver_id": "CLEARHOUSE01",
    "submitter_id": "HARBOR01",
    "billing_name": "Harbor Peers Inc",
    "billing_npi": "1234567893",
    "billing_tax_id": "123456789",
    "billing_address": "100 Example Street",
    "billing_city": "Trenton",
    "billing_state": "NJ",
    "billing_zip": "086080001",
    "contact_phone": "5555550100",
}


def payer(program, preset="nj-horizon", **changes):
    return services.payer_from_preset(program, preset, **(IDS | changes))


def facts(**changes):
    base = vault.Facts(
        legal_first="Testy",
        legal_last="Inventedperson",
        birth_date="1990-04-02",
        sex="F",
        address="1 Made Up Lane",
        city="Trenton",
        state="NJ",
        zip="08608",
        member_id="ZZ0000001",
        diagnoses=["F331", "F1120"],
        order_from="2026-11-01",
        order_to="2027-10-31",
        plan_from="2026-11-01",
        plan_to="2027-04-30",
    )
    for name, value in changes.items():
        setattr(base, name, value)
    return base


def identity_form(found_payer, **changes):
    """What a billing clerk types on a person's billing details page (invented)."""
    return {
        "payer": found_payer.pk,
        "legal_first": "Testy",
        "legal_last": "Inventedperson",
        "birth_date": "1990-04-02",
        "sex": "F",
        "address": "1 Made Up Lane",
        "city": "Trenton",
        "state": "NJ",
        "zip": "08608",
        "member_id": "ZZ0000001",
        "diagnoses": "F33.1",
        "order_from": "2026-11-01",
        "order_to": "2027-10-31",
        "plan_from": "2026-11-01",
        "plan_to": "2027-04-30",
        **changes,
    }


def identity(world, found_payer, member=None, **changes):
    return services.keep_identity(
        program=world.program,
        member=member or world["member"],
        payer=found_payer,
        facts=facts(**changes),
        by=None,
    )


def signed_note(world, *, minutes=45, start=START, modality="video", member=None, supporter=None):
    supporter = supporter or world["supporter"]
    member = member or world["member"]
    found = encounter(
        world.program, supporter, [member], minutes=minutes, start=start, modality=modality
    )
    note = records.start_note(encounter=found, member=member, author=supporter)
    records.save_note(
        note=note,
        author=supporter,
        goal="Find a flat",
        did="Looked at listings together.",
        response="Felt good to have a plan.",
        next_steps="Call the office on Monday.",
    )
    return records.sign_note(note=note, author=supporter)


def make_biller(user):
    user.user_permissions.add(Permission.objects.get(codename="read_identity"))
    return user


DAY = datetime.date(2026, 12, 1)


def answered_claim(program, member, *, payer_id="PCLAIM", state="paid"):
    """A claim line of `program` the payer answered (no notes behind it): for the routes' matrix."""
    from decimal import Decimal

    from django.utils import timezone

    from alongside.billing.models import Batch, ClaimLine

    found = payer(program, payer_id=payer_id)
    batch = Batch.objects.create(
        program=program,
        payer=found,
        created_at=timezone.now(),
        format="837p",
        period_from=DAY,
        period_to=DAY,
    )
    return ClaimLine.objects.create(
        program=program,
        batch=batch,
        member=member,
        service=found.services.first(),
        day=DAY,
        minutes=45,
        units=3,
        charge=Decimal("39.00"),
        paid=Decimal("39.00") if state == "paid" else Decimal("0"),
        claim_id=f"{batch.pk}-{member.pk}-1",
        place_of_service="10",
        state=state,
        payer_claim_number="PAYERCLAIM9",
    )
