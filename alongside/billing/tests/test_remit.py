"""An 835 round trip: sent lines come back paid and denied, with reasons in plain words."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from alongside.billing import exports, remit
from alongside.billing.models import ClaimLine
from alongside.billing.selectors import queue
from alongside.billing.tests.factories import DAY, identity, payer, signed_note
from alongside.billing.tests.remits import Answer, Paid, validate_835, write_835
from alongside.records.tests.factories import START

pytestmark = pytest.mark.django_db


def sent(world):
    found = payer(world.program)
    identity(world, found)
    signed_note(world, minutes=45)
    signed_note(world, minutes=30, start=START + datetime.timedelta(days=1))
    exports.export(world.program, found, DAY, DAY + datetime.timedelta(days=2), fmt="837p", by=None)
    return list(ClaimLine.objects.order_by("day"))


def an_835(first, second):
    """The payer's answer to the two sent lines (one claim): the first paid, the second denied."""
    return write_835(
        [
            Answer(
                first.claim_id,
                [
                    Paid("HC:H0038:HF:95", Decimal(39), Decimal(39), first.day, 3),
                    Paid(
                        "HC:H0038:HF:95",
                        Decimal(26),
                        Decimal(0),
                        second.day,
                        2,
                        carc=["197"],
                        rarc=["N130"],
                    ),
                ],
            )
        ]
    )


def test_the_test_835s_are_valid_005010x221a1(world):
    first, second = sent(world)
    ok, errors = validate_835(an_835(first, second))
    assert ok, errors
    assert '"errors": []' in errors and "err_str" not in errors
    # and the check would see a broken one: the patient's name taken out of the claim
    broken = "~\n".join(s for s in an_835(first, second).split("~\n") if not s.startswith("NM1*QC"))
    ok, errors = validate_835(broken)
    assert not ok and "Patient Name" in errors


def test_an_835_marks_lines_paid_and_denied_with_reasons(world):
    first, second = sent(world)
    counts = remit.import_835(world.program, an_835(first, second))
    assert counts == {"paid": 1, "denied": 1, "voided": 0}
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, str(first.paid)) == ("paid", "39.00")
    assert second.state == "denied"
    assert second.reasons == (
        "197: prior authorisation was needed and not on file; N130: check the payer's rules for this service"
    )
    states = [q.state for q in queue(world.program, DAY, DAY + datetime.timedelta(days=2))]
    assert states == ["paid", "denied"]


def test_an_835_that_names_a_claim_we_did_not_send_changes_nothing(world):
    first, second = sent(world)
    text = an_835(first, second).replace(f"DTM*472*{second.day:%Y%m%d}", "DTM*472*20261225")
    with pytest.raises(ValidationError, match=r"SVC \(segment 17\): no line we sent matches"):
        remit.import_835(world.program, text)
    assert set(ClaimLine.objects.values_list("state", flat=True)) == {
        "exported"
    }  # nothing half-imported


def test_not_an_835(world):
    with pytest.raises(ValidationError, match="does not start with an ISA segment"):
        remit.import_835(world.program, "hello")


def test_the_command(world, tmp_path):
    first, second = sent(world)
    path = tmp_path / "december.835"
    path.write_text(an_835(first, second))
    call_command("billing", "remit", str(path))
    assert ClaimLine.objects.filter(state="paid").count() == 1
    path.write_text("ISA*broken")
    with pytest.raises(CommandError, match="december.835: This is not an X12 file"):
        call_command("billing", "remit", str(path))
