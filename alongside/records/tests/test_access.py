import pytest
from django.http import Http404

from alongside.accounts.choices import ConsentScope, Role
from alongside.accounts.services import grant_consent, revoke_consent
from alongside.accounts.tests.factories import person
from alongside.audit.models import AccessLog
from alongside.records.selectors import access_note

from .factories import draft, require_cosign, signed

pytestmark = pytest.mark.django_db


def test_a_draft_is_its_authors_alone(world):
    note = draft(world)
    assert access_note(world["supporter"], note.pk) == note
    for role in ("member", "supervisor", "clinician", "admin"):
        with pytest.raises(Http404):
            access_note(world[role], note.pk)


def test_a_note_waiting_for_cosignature_is_for_author_and_supervisors(world):
    require_cosign(world.program)
    note = signed(world)
    assert access_note(world["supervisor"], note.pk) == note
    for role in ("member", "clinician"):
        with pytest.raises(Http404):
            access_note(world[role], note.pk)


def test_a_final_note_is_read_by_the_person_and_their_care_team_and_each_read_is_logged(world):
    note = signed(world)
    for role in ("member", "clinician", "supervisor"):
        assert access_note(world[role], note.pk) == note
        assert AccessLog.objects.filter(
            actor=world[role], record_type="records.note", record_id=str(note.pk)
        ).exists()
    with pytest.raises(Http404):
        access_note(world["admin"], note.pk)
    with pytest.raises(Http404):
        access_note(world.other_member, note.pk)


def test_outside_the_care_team_only_the_persons_consent_opens_a_note(world):
    note = signed(world)
    outsider = person(world.program, Role.CLINICIAN)
    with pytest.raises(Http404):
        access_note(outsider, note.pk)
    consent = grant_consent(member=world["member"], grantee=outsider, scope=ConsentScope.NOTES)
    assert access_note(outsider, note.pk) == note
    revoke_consent(member=world["member"], consent_id=consent.pk)
    with pytest.raises(Http404):
        access_note(outsider, note.pk)


def test_the_person_does_not_read_the_versions_history(world):
    note = signed(world)
    with pytest.raises(Http404):
        access_note(world["member"], note.pk, history=True)
    assert access_note(world["clinician"], note.pk, history=True) == note
