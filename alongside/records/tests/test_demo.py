"""The demo supporter has a week of notes in every state; the demo member reads the co-signed ones."""

import pytest
from django.urls import reverse

from alongside.records.demo import load
from alongside.records.models import EntryKind, Modality, Note, NoteState

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_week_of_notes_in_every_state(world, client_for):
    load(world.program)
    load(world.program)  # a second load adds nothing
    notes = Note.objects.filter(author=world["supporter"])
    states = sorted(notes.values_list("state", flat=True))
    assert states == sorted(
        [
            NoteState.FINAL,
            NoteState.FINAL,
            NoteState.RETURNED,
            NoteState.AWAITING_COSIGN,
            NoteState.DRAFT,
        ]
    )
    assert notes.filter(cosigned_by=world["supervisor"]).count() == 2
    with_addendum = notes.get(entries__kind=EntryKind.ADDENDUM)
    assert with_addendum.entries.filter(kind=EntryKind.MEMBER_COMMENT).exists()
    assert notes.filter(encounter__modality=Modality.ACCOMPANIMENT).exists()
    member = client_for("member")
    page = member.get(reverse("records:note", args=[with_addendum.pk])).content.decode()
    assert "Arriving early really did help." in page
    day = client_for("supporter").get(reverse("records:day")).content.decode()
    assert "which goal from Robin" in day
