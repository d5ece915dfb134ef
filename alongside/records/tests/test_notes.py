from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from alongside.accounts import gates
from alongside.audit.models import AccessLog
from alongside.records import services
from alongside.records.models import EntryKind, NoteSettings, NoteState, NoteVersion
from alongside.safety.models import Escalation

from .factories import WORDS, draft, encounter, require_cosign, signed

pytestmark = pytest.mark.django_db


def test_a_note_opens_prefilled_from_its_encounter(world):
    found = encounter(world.program, world["supporter"], [world["member"]])
    note = services.start_note(encounter=found, member=world["member"], author=world["supporter"])
    version = note.versions.get()
    assert (version.number, version.place_of_service, version.goal) == (1, "10", "")
    again = services.start_note(encounter=found, member=world["member"], author=world["supporter"])
    assert again.pk == note.pk and note.versions.count() == 1


def test_only_the_encounters_supporter_starts_a_note_and_only_for_a_participant(world):
    found = encounter(world.program, world["supporter"], [world["member"]])
    with pytest.raises(PermissionDenied):
        services.start_note(encounter=found, member=world["member"], author=world["supervisor"])
    with pytest.raises(PermissionDenied):
        services.start_note(encounter=found, member=world.other_member, author=world["supporter"])


def test_a_draft_changes_in_place_until_it_is_signed(world):
    note = draft(world)
    services.save_note(note=note, author=world["supporter"], **(WORDS | {"did": "Talked."}))
    assert note.versions.count() == 1
    assert note.versions.get().did == "Talked."


def test_signing_needs_every_part_and_names_what_is_missing(world):
    note = draft(world, response="", next_steps=" ")
    with pytest.raises(ValidationError) as refused:
        services.sign_note(note=note, author=world["supporter"])
    assert set(refused.value.message_dict) == {"response", "next_steps"}
    note.refresh_from_db()
    assert note.state == NoteState.DRAFT


def test_without_cosignature_a_signed_note_is_final_and_released_after_the_delay(world):
    NoteSettings.objects.create(program=world.program, release_delay_days=3)
    note = signed(world)
    assert note.state == NoteState.FINAL
    assert note.release_at - note.final_at == timedelta(days=3)
    assert not note.is_released()
    assert note.is_released(timezone.now() + timedelta(days=3, minutes=1))
    version = note.versions.get()
    assert version.signed_by == world["supporter"] and version.signed_at is not None


def test_a_signed_note_cannot_be_edited_only_added_to(world):
    note = signed(world)
    with pytest.raises(ValidationError):
        services.save_note(note=note, author=world["supporter"], **WORDS)
    entry = services.add_addendum(
        note=note, author=world["supporter"], body="Sam called me after: the office said yes."
    )
    assert entry.kind == EntryKind.ADDENDUM
    assert note.versions.get().did == WORDS["did"]  # the signed words are as they were


def test_the_gate_can_keep_someone_from_signing(world, monkeypatch):
    def checker(user_ids, program, activity, on):
        if activity == gates.Activity.SIGN_NOTES:
            return dict.fromkeys(user_ids, ["Documentation course"])
        return {}

    monkeypatch.setattr(gates, "_checkers", [checker])
    note = draft(world)
    with pytest.raises(ValidationError, match="Documentation course"):
        services.sign_note(note=note, author=world["supporter"])


def test_cosign_flow_return_revise_and_cosign_keeps_every_version(world):
    require_cosign(world.program)
    note = signed(world)
    assert note.state == NoteState.AWAITING_COSIGN
    with pytest.raises(PermissionDenied):  # nobody co-signs their own note
        services.cosign_note(note=note, supervisor=world["supporter"])
    with pytest.raises(ValidationError) as refused:
        services.return_note(note=note, supervisor=world["supervisor"], comment=" ")
    assert "comment" in refused.value.message_dict
    services.return_note(
        note=note, supervisor=world["supervisor"], comment="Say which goal this was."
    )
    note.refresh_from_db()
    assert note.state == NoteState.RETURNED
    services.save_note(note=note, author=world["supporter"], **(WORDS | {"goal": "Housing"}))
    services.sign_note(note=note, author=world["supporter"])
    services.cosign_note(note=note, supervisor=world["supervisor"])
    note.refresh_from_db()
    assert note.state == NoteState.FINAL and note.cosigned_by == world["supervisor"]
    versions = list(NoteVersion.objects.filter(note=note).values_list("number", "goal"))
    assert versions == [(1, WORDS["goal"]), (2, "Housing")]
    kinds = list(note.events.values_list("kind", flat=True))
    assert kinds == ["signed", "returned", "revised", "cosigned"]


def test_the_member_comments_only_once_the_note_is_released(world):
    NoteSettings.objects.create(program=world.program, release_delay_days=2)
    note = signed(world)
    with pytest.raises(PermissionDenied):
        services.comment_on_note(note=note, member=world["member"], body="Thank you.")
    note.release_at = timezone.now() - timedelta(minutes=1)
    note.save(update_fields=["release_at"])
    entry = services.comment_on_note(note=note, member=world["member"], body="Thank you.")
    assert entry.kind == EntryKind.MEMBER_COMMENT
    with pytest.raises(PermissionDenied):
        services.comment_on_note(note=note, member=world.other_member, body="Hi")


def test_worrying_words_in_a_note_open_an_escalation_about_the_person(world):
    note = draft(world, response="She said she has pills saved and plans to kill herself tonight.")
    escalation = Escalation.objects.get(source_kind="peer_note", source_id=note.pk)
    assert escalation.person == world["member"]
    assert escalation.assigned_supporter == world["supporter"]
    note.refresh_from_db()
    assert note.risk_level in {"high", "imminent"}


def test_signing_and_cosigning_are_in_the_access_log(world):
    require_cosign(world.program)
    note = signed(world)
    services.cosign_note(note=note, supervisor=world["supervisor"])
    purposes = set(
        AccessLog.objects.filter(record_type="records.note").values_list("purpose", flat=True)
    )
    assert {"Signed a peer note", "Co-signed a peer note"} <= purposes


def test_settings_are_for_the_programs_administrators_and_the_delay_is_bounded(world):
    with pytest.raises(PermissionDenied):
        services.save_note_settings(
            program=world.program,
            by=world["supervisor"],
            cosign_required=True,
            release_delay_days=1,
        )
    with pytest.raises(ValidationError) as refused:
        services.save_note_settings(
            program=world.program, by=world["admin"], cosign_required=True, release_delay_days=61
        )
    assert "release_delay_days" in refused.value.message_dict
    saved = services.save_note_settings(
        program=world.program, by=world["admin"], cosign_required=True, release_delay_days=7
    )
    assert (saved.cosign_required, saved.release_delay_days) == (True, 7)
