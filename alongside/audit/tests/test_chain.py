"""The access log's chain finds truncation against its stored head; on PostgreSQL the database itself
refuses to change or delete entries; the administrators' page and `alongside audit verify` say whether
the log holds."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from alongside.audit.models import AccessLog, ChainHead
from alongside.audit.services import record_access, verify_chain
from alongside.audit.tests.tampering import tampering
from alongside.cli import main

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has no append-only trigger"
)


def _log(world, count=3, start=0):
    for n in range(start, start + count):
        record_access(
            viewer=world["clinician"],
            record=world["member"].profile,
            subject=world["member"],
            purpose=f"Read number {n}",
            program_id=world.program.pk,
        )


def test_an_untouched_log_holds(world):
    _log(world)
    check = verify_chain()
    assert check.holds
    assert check.entries == 3


def test_deleting_the_newest_entries_is_found(world):
    _log(world)
    with tampering():
        AccessLog.objects.filter(pk=AccessLog.objects.order_by("-pk")[0].pk).delete()
    check = verify_chain()
    assert not check.holds
    assert check.truncated
    assert check.entries == 2


def test_deleting_every_entry_is_found(world):
    _log(world)
    with tampering():
        AccessLog.objects.all().delete()
    check = verify_chain()
    assert not check.holds
    assert check.truncated


def test_deleting_the_newest_and_moving_the_head_back_is_still_found_by_the_count(world):
    _log(world)
    with tampering():
        newest = AccessLog.objects.order_by("-pk")
        AccessLog.objects.filter(pk=newest[0].pk).delete()
        ChainHead.objects.filter(pk=1).update(latest_hash=newest[0].entry_hash)
    assert verify_chain().truncated


def test_entries_written_while_the_check_runs_are_not_taken_for_damage(world):
    _log(world)
    head = ChainHead.objects.get()
    _log(
        world, count=1, start=3
    )  # as if written after the check read the head: put the head back to then
    with tampering():
        ChainHead.objects.filter(pk=1).update(latest_hash=head.latest_hash, entries=head.entries)
    assert verify_chain().holds


@postgresql_only
def test_the_database_refuses_to_change_or_delete_an_entry(world):
    _log(world)
    entry = AccessLog.objects.order_by("pk").first()
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLog.objects.filter(pk=entry.pk).update(purpose="nothing to see")
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLog.objects.filter(pk=entry.pk).delete()
    assert verify_chain().holds


@postgresql_only
def test_the_database_refuses_to_move_the_head_back_or_delete_it(world):
    _log(world)
    first = AccessLog.objects.order_by("pk").first()
    with pytest.raises(DatabaseError), transaction.atomic():
        ChainHead.objects.filter(pk=1).update(latest_hash=first.entry_hash, entries=1)
    with pytest.raises(DatabaseError), transaction.atomic():
        ChainHead.objects.all().delete()
    _log(world, count=1, start=3)  # the server still appends
    assert verify_chain().entries == 4


def test_the_administrators_page_says_whether_the_log_holds(world, client_for):
    _log(world)
    client = client_for("admin")
    response = client.get(reverse("audit:chain"))
    assert "The log holds" in response.content.decode()
    with tampering():
        AccessLog.objects.all().delete()
    response = client.get(reverse("audit:chain"))
    assert "The log does not hold" in response.content.decode()
    assert "are missing" in response.content.decode()


def test_alongside_audit_verify_says_whether_the_log_holds(world, capsys):
    _log(world)
    assert main(["audit", "verify"]) == 0
    assert "holds: 3 entries" in capsys.readouterr().out
    with tampering():
        AccessLog.objects.filter(pk=AccessLog.objects.order_by("-pk")[0].pk).delete()
    assert main(["audit", "verify"]) == 1
    assert "does NOT hold" in capsys.readouterr().err
