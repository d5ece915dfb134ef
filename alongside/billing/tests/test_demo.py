"""The demo bills: its signed notes are in the queue, and its 837P validates with pyx12."""

import datetime

import pytest
from django.utils import timezone

from alongside.billing import demo, exports
from alongside.billing.models import Identity, Payer
from alongside.billing.selectors import queue
from alongside.billing.tests.test_export import validate_837p
from alongside.records import demo as records_demo

pytestmark = pytest.mark.django_db


def test_the_demo_program_bills(world):
    records_demo.load(world.program)
    demo.load(world.program)
    demo.load(world.program)  # a second load adds nothing
    assert Payer.objects.filter(program=world.program).count() == 1
    assert Identity.objects.filter(program=world.program, member=world["member"]).exists()
    today = timezone.localdate()
    start = today - datetime.timedelta(days=10)
    lines = queue(world.program, start, today)
    states = [q.state for q in lines]
    assert "ready" in states, [(q.day, [b.reason for b in q.blocks]) for q in lines]
    assert "blocked" in states  # the note still waiting for the supervisor's co-signature
    batch, text = exports.export(
        world.program, Payer.objects.get(program=world.program), start, today, fmt="837p", by=None
    )
    ok, ack = validate_837p(text)
    assert ok, ack
    assert batch.lines.count() == states.count("ready")
