import pytest

from alongside.audit.models import AccessLog
from alongside.audit.services import record_access, verify_chain

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
    assert verify_chain() is None


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
    AccessLog.objects.filter(pk=first.pk).update(purpose="nothing to see")
    assert verify_chain() == first.pk


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
