from datetime import timedelta

import pytest

from alongside.audit.models import AccessLog, Action, ChainHead
from alongside.audit.services import (
    REPEAT_READ_WINDOW,
    _entry_hash,
    _hashed_fields,
    record_access,
    verify_chain,
)
from alongside.audit.tests.tampering import tampering

pytestmark = pytest.mark.django_db


def test_each_entry_is_chained_to_the_one_before(world):
    for purpose in ("first", "second", "third"):
        record_access(
            viewer=world["clinician"],
            record=world["member"].profile,
            subject=world["member"],
            purpose=purpose,
            program_id=world.program.pk,
        )
    entries = list(AccessLog.objects.order_by("pk"))
    assert [e.previous_hash for e in entries[1:]] == [e.entry_hash for e in entries[:-1]]
    assert verify_chain().holds


def test_a_changed_entry_breaks_the_chain(world):
    for purpose in ("first", "second"):
        record_access(
            viewer=world["clinician"],
            record=world["member"].profile,
            subject=world["member"],
            purpose=purpose,
            program_id=world.program.pk,
        )
    first = AccessLog.objects.order_by("pk").first()
    with tampering():
        AccessLog.objects.filter(pk=first.pk).update(purpose="nothing to see")
    assert verify_chain().broken_at == first.pk


def test_an_entry_records_who_with_which_roles_what_and_why(world):
    entry = record_access(
        viewer=world["clinician"],
        record=world["member"].profile,
        subject=world["member"],
        purpose="Viewed profile",
        program_id=world.program.pk,
    )
    assert (entry.actor, entry.actor_roles, entry.subject) == (
        world["clinician"],
        "clinician",
        world["member"],
    )
    assert entry.record_type == "accounts.profile"
    assert entry.record_id == str(world["member"].profile.pk)


def _read_profile(world, *, viewer=None, purpose="Viewed profile", action=None):
    return record_access(
        viewer=viewer or world["clinician"],
        record=world["member"].profile,
        subject=world["member"],
        purpose=purpose,
        program_id=world.program.pk,
        **({"action": action} if action else {}),
    )


def test_reloading_a_record_within_the_window_is_one_read(world):
    first = _read_profile(world)
    for _ in range(14):  # reloads and reconnects
        assert _read_profile(world) == first
    assert AccessLog.objects.count() == 1
    assert verify_chain().holds


def test_another_person_reason_or_action_is_its_own_line(world):
    _read_profile(world)
    _read_profile(world, viewer=world["supporter"])
    _read_profile(world, purpose="Opened the plan")
    _read_profile(world, action=Action.EXPORT)
    _read_profile(world, action=Action.EXPORT)  # only reads fold together
    assert AccessLog.objects.count() == 5
    assert verify_chain().holds


def test_a_read_after_the_window_is_written_again_and_chained(world):
    first = _read_profile(world)
    # Age the first line past the window, and re-chain the log as it would read had it been written then.
    with tampering():
        AccessLog.objects.filter(pk=first.pk).update(
            at=first.at - REPEAT_READ_WINDOW - timedelta(seconds=1)
        )
        first.refresh_from_db()
        rehashed = _entry_hash(first.previous_hash, _hashed_fields(first))
        AccessLog.objects.filter(pk=first.pk).update(entry_hash=rehashed)
        ChainHead.objects.filter(pk=1).update(latest_hash=rehashed)

    second = _read_profile(world)
    assert second.pk != first.pk
    assert second.previous_hash == rehashed
    assert verify_chain().holds
