"""An 835 round trip: sent lines come back paid and denied, with reasons in plain words."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from alongside.billing import exports, remit
from alongside.billing.models import ClaimLine
from alongside.billing.selectors import queue
from alongside.billing.tests.factories import DAY, identity, payer, signed_note
from alongside.records.tests.factories import START

pytestmark = pytest.mark.django_db


def sent(world):
    found = payer(world.program)
    identity(world, found)
    signed_note(world, minutes=45)
    signed_note(world, minutes=30, start=START + datetime.timedelta(days=1))
    exports.export(world.program, found, DAY, DAY + datetime.timedelta(days=2), fmt="837p", by=None)
    return list(ClaimLine.objects.order_by("day"))


def an_835(first, second, *, second_claim=None):
    claim = first.claim_id
    return (
        "~\n".join(
            [
                "ISA*00*          *00*          *ZZ*NJHZN          *ZZ*HARBOR01       *261220*1200"
                "*^*00501*000000007*0*T*:",
                "GS*HP*NJHZN*HARBOR01*20261220*1200*7*X*005010X221A1",
                "ST*835*0001",
                "BPR*I*39*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20261220",
                "TRN*1*12345*1512345678",
                "N1*PR*HORIZON NJ HEALTH",
                "N1*PE*HARBOR PEERS INC*XX*1234567893",
                "LX*1",
                f"CLP*{claim}*1*65*39**MC*PAYERCLAIM1*10*1",
                "SVC*HC:H0038:HF:95*39*39**3",
                f"DTM*472*{first.day:%Y%m%d}",
                "SVC*HC:H0038:HF:95*26*0**2",
                f"DTM*472*{second.day:%Y%m%d}",
                "CAS*CO*197*26",
                "LQ*HE*N130",
                "SE*14*0001",
                "GE*1*7",
                "IEA*1*000000007",
            ]
        ).replace(f"CLP*{claim}", f"CLP*{second_claim or claim}", 1 if second_claim else 0)
        + "~\n"
    )


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
    with pytest.raises(ValidationError, match=r"SVC \(segment 12\): no line we sent matches"):
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
