"""The payer's limits across days, one test per rule: units a year and an episode, prior
authorisation after N units (the NC preset's 24), group size, and who may bill by credential type."""

import datetime

import pytest

from alongside.billing import exports
from alongside.billing.selectors import BLOCKED, READY, queue
from alongside.billing.tests.factories import (
    DAY,
    identity,
    identity_form,
    make_biller,
    payer,
    signed_note,
)
from alongside.billing.tests.test_export import validate_837p
from alongside.records import services as records
from alongside.records.tests.factories import START, encounter
from alongside.training.tests.factories import credential_of

pytestmark = pytest.mark.django_db
WEEK = (DAY, DAY + datetime.timedelta(days=6))


def days_of_90_minutes(world, count):
    """One 90-minute session a day (6 units under the 8-minute rule) for `count` days."""
    for n in range(count):
        signed_note(world, minutes=90, start=START + datetime.timedelta(days=n))


def states(world):
    return [(q.day.day, q.state, [b.reason for b in q.blocks]) for q in queue(world.program, *WEEK)]


def test_prior_authorisation_is_needed_after_24_units_a_year(world):
    nc = payer(world.program, "nc-medicaid")
    assert nc.services.get().prior_auth_after_units == 24
    identity(world, nc)
    days_of_90_minutes(world, 5)
    found = states(world)
    assert [(day, state) for day, state, _r in found] == [
        (1, READY),
        (2, READY),
        (3, READY),
        (4, READY),  # exactly 24 units: still without approval
        (5, BLOCKED),
    ]
    assert found[4][2] == [
        "Prior authorisation is needed after 24 units a year, and none on file covers this day."
    ]
    blocked = queue(world.program, *WEEK)[4]
    assert blocked.blocks[0].fix_url == f"/billing/people/{world['member'].pk}/"


def test_a_prior_authorisation_on_file_lets_the_line_go_with_its_number(world):
    nc = payer(world.program, "nc-medicaid")
    identity(
        world, nc, prior_auth="PA2026-77", prior_auth_from="2026-12-05", prior_auth_to="2027-03-31"
    )
    days_of_90_minutes(world, 5)
    assert {state for _d, state, _r in states(world)} == {READY}
    _batch, text = exports.export(world.program, nc, *WEEK, fmt="837p", by=None)
    ok, ack = validate_837p(text)
    assert ok, ack
    assert "REF*G1*PA2026-77" in text.split("~\n")


def test_units_already_sent_count_towards_the_year(world):
    nc = payer(world.program, "nc-medicaid")
    identity(world, nc)
    days_of_90_minutes(world, 5)
    exports.export(world.program, nc, DAY, DAY + datetime.timedelta(days=3), fmt="csv", by=None)
    fifth = DAY + datetime.timedelta(days=4)
    (line,) = queue(world.program, fifth, fifth)  # asked alone: the 24 sent units still count
    assert line.state == BLOCKED and "Prior authorisation" in line.blocks[0].reason


def test_most_units_a_year(world):
    found = payer(world.program)
    found.services.update(max_units_per_year=10)
    identity(world, found)
    days_of_90_minutes(world, 3)
    assert states(world) == [
        (1, READY, []),
        (
            2,
            BLOCKED,
            [
                "Over the payer's 10 units a year for this person: "
                "6 were sent or are earlier in the queue this year."
            ],
        ),
        (
            3,
            BLOCKED,
            [
                "Over the payer's 10 units a year for this person: "
                "6 were sent or are earlier in the queue this year."
            ],
        ),
    ]


def test_most_units_in_an_episode_of_care(world):
    found = payer(world.program)
    found.services.update(max_units_per_episode=12)
    identity(world, found)
    days_of_90_minutes(world, 3)
    found_states = states(world)
    assert [state for _d, state, _r in found_states] == [READY, READY, BLOCKED]
    assert found_states[2][2] == [
        "Over the payer's 12 units for this episode of care (the service order's dates): "
        "12 were sent or are earlier in the queue."
    ]


def test_a_group_larger_than_the_payer_pays(world):
    nc = payer(world.program, "nc-medicaid")
    nc.services.update(max_group_size=1)
    identity(world, nc)
    group = encounter(
        world.program,
        world["supporter"],
        [world["member"], world.other_member],
        modality="group",
    )
    note = records.start_note(encounter=group, member=world["member"], author=world["supporter"])
    records.save_note(
        note=note, author=world["supporter"], goal="g", did="d", response="r", next_steps="n"
    )
    records.sign_note(note=note, author=world["supporter"])
    (line,) = queue(world.program, DAY, DAY)
    assert [b.reason for b in line.blocks] == [
        "The group had 2 people; this payer pays for groups of at most 1."
    ]
    nc.services.update(max_group_size=2)
    (line,) = queue(world.program, DAY, DAY)
    assert line.state == READY


def test_who_may_bill_by_credential_type_on_the_day_of_service(world):
    found = payer(world.program)
    found.services.update(credential_kinds="recovery_coach national")
    identity(world, found)
    signed_note(world)
    supporter = world["supporter"]
    credential_of(supporter, world.program, expires_on=datetime.date(2027, 6, 1))  # state peer
    (line,) = queue(world.program, DAY, DAY)
    assert [b.reason for b in line.blocks] == [
        "This payer pays this service only from a supporter with a current credential of these "
        "kinds: National certification, Recovery coach. The supporter held none that day."
    ]
    assert line.blocks[0].fix_url == "/training/compliance/"
    # a recovery coach credential that ran out the day of service does not count; a current one does
    credential_of(supporter, world.program, kind="recovery_coach", expires_on=DAY)
    assert queue(world.program, DAY, DAY)[0].state == BLOCKED
    credential_of(
        supporter, world.program, kind="recovery_coach", expires_on=DAY + datetime.timedelta(1)
    )
    assert queue(world.program, DAY, DAY)[0].state == READY


def test_the_pages_keep_the_limits_and_the_prior_authorisation(world, client_for):
    from django.urls import reverse

    found = payer(world.program, "nc-medicaid")
    make_biller(world["admin"])
    client = client_for("admin")
    page = client.get(reverse("billing:payer", args=[found.pk])).content.decode()
    assert "Recovery coach" in page and "Units a year before prior authorisation" in page
    url = reverse("billing:identity", args=[world["member"].pk])
    data = identity_form(found, prior_auth="PA-1")
    page = client.post(url, data).content.decode()
    assert "A prior authorisation needs its number and both dates." in page
    data |= {"prior_auth_from": "2026-12-01", "prior_auth_to": "2027-01-31"}
    assert client.post(url, data).status_code == 302
    from alongside.billing.models import Identity

    kept = Identity.objects.get(member=world["member"])
    assert (kept.authorised_from, kept.authorised_to) == (
        datetime.date(2026, 12, 1),
        datetime.date(2027, 1, 31),
    )


def test_the_payers_rules_keep_the_queue_to_a_fixed_number_of_queries(world, client_for):
    """Credentials, limits and group sizes are read once per page: more people on the same days add no
    query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    nc = payer(world.program, "nc-medicaid")
    nc.services.update(credential_kinds="recovery_coach", max_units_per_year=400)
    credential_of(
        world["supporter"],
        world.program,
        kind="recovery_coach",
        expires_on=datetime.date(2027, 6, 1),
    )
    identity(world, nc)
    make_biller(world["admin"])
    client = client_for("admin")
    period = {"start": "2026-12-01", "end": "2026-12-31"}
    signed_note(world, modality="group")
    client.get(
        reverse("billing:queue"), period
    )  # the first visit after signing in stores the timeout
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("billing:queue"), period)
    identity(world, nc, member=world.other_member)
    later = START + datetime.timedelta(hours=2)
    signed_note(world, member=world.other_member, start=later, modality="group")
    with CaptureQueriesContext(connection) as more:
        page = client.get(reverse("billing:queue"), period).content.decode()
    assert "Ready: 2 · Blocked: 0" in page
    assert len(more) == len(few)


def test_credentials_are_read_once_for_all_the_days_of_service(world, client_for):
    """Credentials current on each day of service come in one query for the whole period, not one a day
    (the signing gate, asked through accounts.gates, still asks once a day)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    nc = payer(world.program, "nc-medicaid")
    nc.services.update(credential_kinds="recovery_coach")
    credential_of(
        world["supporter"],
        world.program,
        kind="recovery_coach",
        expires_on=datetime.date(2026, 12, 3),
    )
    identity(world, nc)
    make_biller(world["admin"])
    client = client_for("admin")
    period = {"start": "2026-12-01", "end": "2026-12-31"}
    signed_note(world)
    with CaptureQueriesContext(connection) as one_day:
        client.get(reverse("billing:queue"), period)
    signed_note(world, start=START + datetime.timedelta(days=1))
    signed_note(world, start=START + datetime.timedelta(days=5))  # after the credential expired
    with CaptureQueriesContext(connection) as three_days:
        page = client.get(reverse("billing:queue"), period).content.decode()
    assert "Ready: 2 · Blocked: 1" in page

    def credential_reads(queries):
        return [q for q in queries.captured_queries if 'FROM "training_credential"' in q["sql"]]

    assert len(credential_reads(three_days)) == len(credential_reads(one_day)) == 1
