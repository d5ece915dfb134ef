"""The billing queue: one test per blocking rule, and a ready line."""

import datetime

import pytest

from alongside.accounts import gates
from alongside.billing.selectors import BLOCKED, READY, queue
from alongside.billing.tests.factories import DAY, identity, payer, signed_note
from alongside.records.tests.factories import START, require_cosign

pytestmark = pytest.mark.django_db


def lines(world):
    return queue(world.program, DAY, DAY)


def reasons(world):
    return [b.reason for line in lines(world) for b in line.blocks]


def test_a_signed_note_with_everything_on_file_is_ready(world):
    identity(world, payer(world.program))
    signed_note(world, minutes=45)
    (line,) = lines(world)
    assert (line.state, line.units, line.minutes, line.modifiers) == (READY, 3, 45, ["HF", "95"])
    assert line.place_of_service == "10" and str(line.charge) == "39.00"


def test_no_billing_details(world):
    payer(world.program)
    signed_note(world)
    (line,) = lines(world)
    assert line.state == BLOCKED and "No billing details" in line.blocks[0].reason
    assert line.blocks[0].fix_url == f"/billing/people/{world['member'].pk}/"


def test_missing_diagnosis(world):
    identity(world, payer(world.program), diagnoses=[])
    signed_note(world)
    assert reasons(world) == ["No diagnosis on file from the clinician's service order."]


def test_no_current_service_order_or_plan(world):
    identity(world, payer(world.program), plan_to="2026-11-30")  # the plan ran out the day before
    signed_note(world)
    assert reasons(world) == ["No current service order and plan on this day."]


def test_note_not_cosigned(world):
    require_cosign(world.program)
    identity(world, payer(world.program))
    note = signed_note(world)
    (line,) = lines(world)
    assert [b.reason for b in line.blocks] == [
        "The note is waiting for the supervisor's co-signature."
    ]
    assert line.blocks[0].fix_url == f"/records/notes/{note.pk}/"


def test_a_payer_that_requires_cosignature(world):
    found = payer(world.program)
    found.services.update(requires_cosign=True)
    identity(world, found)
    signed_note(
        world
    )  # final without a co-signature: the program does not ask for one, the payer does
    assert reasons(world) == ["This payer needs a supervisor to co-sign the note."]


def test_expired_credential(world):
    identity(world, payer(world.program))
    signed_note(world)

    def checker(user_ids, program, activity, on):
        if activity == gates.Activity.SIGN_NOTES and on == DAY:
            return {uid: ["Certified peer specialist (expired 30 Nov 2026)"] for uid in user_ids}
        return {}

    gates.register(checker)
    try:
        assert reasons(world) == [
            "The peer supporter's credential was not current that day:"
            " Certified peer specialist (expired 30 Nov 2026)."
        ]
    finally:
        gates._checkers.remove(checker)


def test_units_over_the_daily_limit(world):
    identity(world, payer(world.program))  # Horizon: 16 units a day
    signed_note(world, minutes=150)
    signed_note(world, minutes=120, start=START + datetime.timedelta(hours=3))
    (line,) = lines(world)
    assert line.units == 18 and line.minutes == 270  # the day's minutes added up
    assert [b.reason for b in line.blocks] == ["More units this day than the payer allows (16)."]


def test_two_sessions_of_one_supporter_overlapping(world):
    identity(world, payer(world.program))
    identity(world, payer(world.program, payer_id="OTHER1"), member=world.other_member)
    signed_note(world, minutes=45)
    signed_note(
        world, minutes=45, start=START + datetime.timedelta(minutes=30), member=world.other_member
    )
    assert reasons(world) == ["Two sessions of the same supporter overlap in time."] * 2


def test_back_to_back_sessions_do_not_overlap(world):
    identity(world, payer(world.program))
    signed_note(world, minutes=30)
    signed_note(world, minutes=30, start=START + datetime.timedelta(minutes=30))
    (line,) = lines(world)
    assert (line.state, line.units) == (READY, 4)


def test_too_short_to_bill(world):
    identity(world, payer(world.program))
    signed_note(world, minutes=7)
    assert reasons(world) == ["Too short to bill: under the first unit's minutes."]


def test_group_sessions_take_the_group_modifier(world):
    identity(world, payer(world.program))
    signed_note(world, modality="group")
    (line,) = lines(world)
    assert line.modifiers == ["HF", "HQ"]
