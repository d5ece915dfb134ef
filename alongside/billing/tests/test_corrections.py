"""Corrected and void claims: a claim the payer answered goes again (frequency 7) or is cancelled
(frequency 8), quoting the payer's claim number (REF*F8); the 837P stays pyx12-valid."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from alongside.billing import exports, remit, services
from alongside.billing.models import ClaimLine, ClaimNote, Frequency
from alongside.billing.selectors import BLOCKED, READY, queue
from alongside.billing.tests.factories import DAY, identity, make_biller
from alongside.billing.tests.test_export import validate_837p
from alongside.billing.tests.test_remit import an_835, sent

pytestmark = pytest.mark.django_db
PERIOD = (DAY, DAY + datetime.timedelta(days=2))


def answered(world):
    """Two lines sent on one claim; the payer paid the first and denied the second."""
    first, second = sent(world)
    remit.import_835(world.program, an_835(first, second))
    return first.claim_id


def export_837p(world):
    payer = ClaimLine.objects.first().service.payer
    return exports.export(world.program, payer, *PERIOD, fmt="837p", by=None)


def test_a_corrected_claim_goes_again_with_code_7_and_the_payers_number(world):
    claim = answered(world)
    identity(world, ClaimLine.objects.first().service.payer, diagnoses=["F1120"])  # the fix
    assert services.correct_claim(program=world.program, claim_id=claim) == 2
    lines = queue(world.program, *PERIOD)
    assert [(q.state, q.corrects.claim_id) for q in lines] == [(READY, claim), (READY, claim)]

    batch, text = export_837p(world)
    ok, ack = validate_837p(text)
    assert ok, ack
    assert "IK3" not in ack
    segments = text.split("~\n")
    new_claim = f"{batch.pk}-{world['member'].pk}-1"
    assert f"CLM*{new_claim}*65***10:B:7*Y*A*Y*Y" in segments
    assert "REF*F8*PAYERCLAIM1" in segments
    assert "HI*ABK:F1120" in segments  # recomputed from the details as they are now
    assert set(ClaimLine.objects.filter(claim_id=claim).values_list("state", flat=True)) == {
        "replaced"
    }
    # the notes now belong to the corrected lines: billed once, shown once
    assert set(ClaimNote.objects.values_list("line__claim_id", flat=True)) == {new_claim}
    shown = queue(world.program, *PERIOD)
    assert [(q.state, q.claim.replaces.claim_id) for q in shown] == [
        ("exported", claim),
        ("exported", claim),
    ]
    assert export_837p(world) == (None, "")  # nothing goes twice


def test_a_void_cancels_the_claim_with_code_8(world):
    claim = answered(world)
    services.void_claim(program=world.program, claim_id=claim)
    assert [q.state for q in queue(world.program, *PERIOD)] == ["voiding", "voiding"]
    _batch, text = export_837p(world)
    ok, ack = validate_837p(text)
    assert ok, ack
    segments = text.split("~\n")
    assert any(s.startswith("CLM*") and "*10:B:8*" in s for s in segments)
    assert "REF*F8*PAYERCLAIM1" in segments
    assert "SV1*HC:H0038:HF:95*39*UN*3***1:2" in segments  # the lines as they were sent
    assert [q.state for q in queue(world.program, *PERIOD)] == ["voided", "voided"]
    voids = ClaimLine.objects.filter(frequency=Frequency.VOID)
    assert voids.count() == 2 and not ClaimNote.objects.filter(line__in=voids).exists()


def test_a_claim_without_the_payers_answer_cannot_be_corrected(world):
    first, _second = sent(world)
    with pytest.raises(ValidationError, match="wait for its 835"):
        services.correct_claim(program=world.program, claim_id=first.claim_id)
    with pytest.raises(ValidationError, match="wait for its 835"):
        services.void_claim(program=world.program, claim_id=first.claim_id)


def test_a_correction_that_is_blocked_waits_and_can_be_taken_back(world):
    claim = answered(world)
    payer = ClaimLine.objects.first().service.payer
    identity(world, payer, diagnoses=[])  # the correction would go without a diagnosis
    services.correct_claim(program=world.program, claim_id=claim)
    lines = queue(world.program, *PERIOD)
    assert {q.state for q in lines} == {BLOCKED}
    assert export_837p(world) == (None, "")
    assert services.keep_claim(program=world.program, claim_id=claim) == 2
    assert [q.state for q in queue(world.program, *PERIOD)] == ["paid", "denied"]


def test_the_queue_buttons_correct_void_and_keep(world, client_for):
    claim = answered(world)
    make_biller(world["admin"])
    client = client_for("admin")
    period = {"start": "2026-12-01", "end": "2026-12-03"}
    page = client.get(reverse("billing:queue"), period).content.decode()
    assert f"Correct claim {claim}" in page and f"Fix and send claim {claim} again" in page
    response = client.post(reverse("billing:claim-void", args=[claim]), period)
    assert response.status_code == 302
    assert response["Location"] == "/billing/?start=2026-12-01&end=2026-12-03"
    page = client.get(response["Location"]).content.decode()
    assert "will be voided in the next export" in page and f"Do not void claim {claim}" in page
    client.post(reverse("billing:claim-keep", args=[claim]), period)
    client.post(reverse("billing:claim-correct", args=[claim]), period)
    page = client.get(reverse("billing:queue"), period).content.decode()
    assert f"Correction of claim {claim}:" in page
    assert set(ClaimLine.objects.values_list("state", flat=True)) == {"correcting"}
    # a claim not answered yet: the reason, and nothing changed
    client.post(reverse("billing:claim-keep", args=[claim]), period)
    ClaimLine.objects.update(state="exported")
    page = client.post(reverse("billing:claim-void", args=[claim]), period, follow=True)
    assert "wait for its 835" in page.content.decode()
    assert reverse("billing:claim-void", args=["no-such-claim"]) and (
        client.post(reverse("billing:claim-void", args=["1-2-3"]), period).status_code == 404
    )


def test_the_payers_reversal_of_a_voided_claim_leaves_it_voided(world):
    from decimal import Decimal

    from alongside.billing.tests.remits import Answer, Paid, validate_835, write_835

    claim = answered(world)
    services.void_claim(program=world.program, claim_id=claim)
    export_837p(world)
    old = list(ClaimLine.objects.filter(claim_id=claim).order_by("day"))
    void = list(ClaimLine.objects.filter(frequency=Frequency.VOID).order_by("day"))
    code = "HC:H0038:HF:95"
    answer = write_835(
        [
            Answer(claim, [Paid(code, Decimal(39), Decimal(0), old[0].day, 3, carc=["129"])]),
            Answer(
                void[0].claim_id,
                [
                    Paid(code, Decimal(39), Decimal(0), void[0].day, 3, carc=["129"]),
                    Paid(code, Decimal(26), Decimal(0), void[1].day, 2, carc=["129"]),
                ],
            ),
        ]
    )
    assert validate_835(answer)[0]
    assert remit.import_835(world.program, answer) == {"paid": 0, "denied": 0, "voided": 3}
    assert set(ClaimLine.objects.values_list("state", flat=True)) == {"voided"}
