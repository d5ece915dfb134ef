"""Exports: an 837P that pyx12 validates with zero errors, a CSV, and each note billed once."""

import csv
import datetime
import io

import pytest
import pyx12.error_handler
import pyx12.params
import pyx12.x12n_document

from alongside.audit.models import AccessLog
from alongside.billing import exports
from alongside.billing.models import ClaimLine, ProviderNumber
from alongside.billing.selectors import queue
from alongside.billing.tests.factories import DAY, identity, payer, signed_note
from alongside.records.tests.factories import START

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 12, 7, 15, 30, tzinfo=datetime.UTC)


def validate_837p(text: str) -> tuple[bool, str]:
    """pyx12's own 005010X222A1 maps; its 999 acknowledgement lists any error."""
    params = pyx12.params.params()
    ack = io.StringIO()
    ok = pyx12.x12n_document.x12n_document(params, io.StringIO(text), ack, None)
    return ok, ack.getvalue()


def month(world, found):
    identity(world, found)
    signed_note(world, minutes=45)  # video, POS 10: H0038 HF 95, 3 units
    signed_note(world, minutes=20, start=START + datetime.timedelta(days=1), modality="group")
    signed_note(
        world, minutes=30, start=START + datetime.timedelta(days=1, hours=2), modality="group"
    )


def test_the_837p_validates_with_zero_errors(world):
    found = payer(world.program)
    month(world, found)
    ProviderNumber.objects.create(program=world.program, user=world["supporter"], npi="1245319599")
    batch, text = exports.export(
        world.program, found, DAY, DAY + datetime.timedelta(days=30), fmt="837p", by=None, now=NOW
    )
    ok, ack = validate_837p(text)
    assert ok, ack
    assert "IK3" not in ack and "AK9*A*1*1*1" in ack  # accepted, no segment errors
    segments = text.split("~\n")
    assert "SV1*HC:H0038:HF:95*39*UN*3***1:2" in segments
    # the second day's two group sessions, 20 + 30 minutes added up: 3 units (38-52 min), HQ
    assert "SV1*HC:H0038:HF:HQ*39*UN*3***1:2" in segments
    assert "DTP*472*D8*20261202" in segments
    assert "HI*ABK:F331*ABF:F1120" in segments
    assert "NM1*85*2*HARBOR PEERS INC*****XX*1234567893" in segments
    assert "NM1*82*1*" in text and "PRV*PE*PXC*175T00000X" in segments  # rendering peer, taxonomy
    assert "NM1*IL*1*INVENTEDPERSON*TESTY****MI*ZZ0000001" in segments
    assert ClaimLine.objects.filter(batch=batch).count() == 2


def test_an_export_sends_each_note_once_and_logs_the_identity_read(world):
    found = payer(world.program)
    month(world, found)
    before = AccessLog.objects.filter(purpose="Billed a claim").count()
    batch, _text = exports.export(
        world.program, found, DAY, DAY + datetime.timedelta(days=3), fmt="csv", by=None
    )
    assert AccessLog.objects.filter(purpose="Billed a claim").count() == before + 1
    assert {q.state for q in queue(world.program, DAY, DAY + datetime.timedelta(days=3))} == {
        "exported"
    }
    again, text = exports.export(
        world.program, found, DAY, DAY + datetime.timedelta(days=3), fmt="csv", by=None
    )
    assert (again, text) == (None, "")


def test_the_csv_has_a_row_per_day_of_service(world):
    found = payer(world.program)
    month(world, found)
    _batch, text = exports.export(
        world.program, found, DAY, DAY + datetime.timedelta(days=3), fmt="csv", by=None
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["date_of_service"], r["modifiers"], r["units"], r["charge"]) for r in rows] == [
        ("2026-12-01", "HF 95", "3", "39.00"),
        ("2026-12-02", "HF HQ", "3", "39.00"),
    ]
    assert rows[0]["member_id"] == "ZZ0000001" and rows[0]["diagnoses"] == "F331 F1120"


def test_a_blocked_line_stays_behind(world):
    found = payer(world.program)
    month(world, found)
    later = START + datetime.timedelta(days=2)
    signed_note(world, member=world.other_member, start=later)  # no billing details for this person
    _batch, text = exports.export(
        world.program, found, DAY, DAY + datetime.timedelta(days=3), fmt="csv", by=None
    )
    assert len(list(csv.DictReader(io.StringIO(text)))) == 2
    later_day = DAY + datetime.timedelta(days=2)
    assert [q.state for q in queue(world.program, later_day, later_day)] == ["blocked"]


def test_the_command_writes_the_837p(world, tmp_path):
    from django.core.management import CommandError, call_command

    found = payer(world.program)
    month(world, found)
    out = tmp_path / "december.837"
    call_command(
        "billing",
        "export",
        "--program",
        "harbor",
        "--from",
        "2026-12-01",
        "--to",
        "2026-12-31",
        "--format",
        "837p",
        "--out",
        str(out),
    )
    ok, ack = validate_837p(out.read_text())
    assert ok, ack
    with pytest.raises(CommandError, match="--to: This date is before the start date."):
        call_command(
            "billing",
            "export",
            "--program",
            "harbor",
            "--from",
            "2026-12-31",
            "--to",
            "2026-12-01",
            "--format",
            "csv",
            "--out",
            str(out),
        )
