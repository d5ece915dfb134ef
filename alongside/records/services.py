"""Changes to records: encounters (and, later, notes)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts import gates
from alongside.accounts.choices import Role
from alongside.accounts.models import Program, User
from alongside.accounts.selectors import standing
from alongside.audit.models import Action
from alongside.audit.services import record_access
from alongside.safety import assess
from alongside.safety.levels import Level
from alongside.safety.services import open_escalation

from .models import (
    Encounter,
    EntryKind,
    Modality,
    Note,
    NoteEntry,
    NoteEvent,
    NoteEventKind,
    NoteSettings,
    NoteState,
    NoteVersion,
    PlaceOfService,
    Source,
)

NOTE_SOURCE_KIND = "peer_note"  # the escalation source kind for worrying words in a note
MAX_RELEASE_DELAY_DAYS = 60


def _check_encounter(
    *, modality: str, started_at: datetime, ended_at: datetime, source: str, place_of_service: str
) -> None:
    errors: dict[str, str] = {}
    if modality not in Modality.values:
        errors["modality"] = _(
            "Choose how you met: chat, phone, video, in person, going along or group."
        )
    if source not in Source.values:
        errors["source"] = _("This kind of contact is not known.")
    if place_of_service and place_of_service not in PlaceOfService.values:
        errors["place_of_service"] = _("Choose a place of service from the list.")
    if started_at.tzinfo is None or ended_at.tzinfo is None:
        errors["started_at"] = _("Times need a time zone.")
    elif ended_at <= started_at:
        errors["ended_at"] = _("The end time must be after the start time.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_encounter(
    *,
    program: Program,
    supporter: User,
    members: Iterable[User],
    modality: str,
    started_at: datetime,
    ended_at: datetime,
    source: str,
    source_id: int | str,
    place_of_service: str = "",
    place: str = "",
    active_minutes: int | None = None,
) -> Encounter:
    """Record one contact, once: a second call for the same (source, source_id, supporter) updates the
    times, modality, place and participants of the first instead of adding another. Refuses an end at or
    before the start (ValidationError naming `ended_at`)."""
    _check_encounter(
        modality=modality,
        started_at=started_at,
        ended_at=ended_at,
        source=source,
        place_of_service=place_of_service,
    )
    values = {
        "program": program,
        "modality": modality,
        "started_at": started_at,
        "ended_at": ended_at,
        "place_of_service": place_of_service,
        "place": place[:200],
        "active_minutes": active_minutes,
    }
    encounter, created = Encounter.objects.select_for_update().get_or_create(
        source=source, source_id=str(source_id), supporter=supporter, defaults=values
    )
    if not created:
        changed = [field for field, value in values.items() if getattr(encounter, field) != value]
        for field in changed:
            setattr(encounter, field, values[field])
        if changed:
            encounter.save(update_fields=[*changed, "updated_at"])
    encounter.participants.set(list(members))
    return encounter


# --- program settings ------------------------------------------------------------------------------


def note_settings(program: Program) -> NoteSettings:
    """The program's note rules; the defaults (no co-signature, read at once) when never saved."""
    found = NoteSettings.objects.filter(program=program).first()
    return found or NoteSettings(program=program)


@transaction.atomic
def save_note_settings(
    *, program: Program, by: User, cosign_required: bool, release_delay_days: int
) -> NoteSettings:
    """An administrator's choice for the program. A changed delay applies to notes signed from now on."""
    if not standing(by).has(Role.ADMIN) or standing(by).program != program:
        raise PermissionDenied
    if not 0 <= release_delay_days <= MAX_RELEASE_DELAY_DAYS:
        raise ValidationError(
            {"release_delay_days": _("Choose between 0 and 60 days.")}  # the DB check says the same
        )
    found, _created = NoteSettings.objects.update_or_create(
        program=program,
        defaults={"cosign_required": cosign_required, "release_delay_days": release_delay_days},
    )
    start_encounter_sweep(program)
    return found


# --- notes ------------------------------------------------------------------------------------------


def _is_supervisor_of(user: User, program_id: int) -> bool:
    found = standing(user)
    return (
        found.program is not None and found.program.pk == program_id and found.has(Role.SUPERVISOR)
    )


def _lock(note: Note) -> Note:
    return Note.objects.select_for_update().get(pk=note.pk)


def latest_version(note: Note) -> NoteVersion:
    version = note.versions.order_by("-number").first()
    assert version is not None  # noqa: S101  # start_note always writes version 1
    return version


def _assess(note: Note, *texts: str) -> None:
    """Every word a person writes passes safety; high or imminent opens (or joins) an escalation about
    the person the note is for, assigned to its author."""
    text = "\n\n".join(t for t in texts if t.strip())
    if not text:
        return
    assessment = assess(text)
    if Level(note.risk_level or Level.NONE).rank < assessment.level.rank:
        note.risk_level = assessment.level.value
        note.save(update_fields=["risk_level", "updated_at"])
    if assessment.level.opens_escalation:
        open_escalation(
            program=note.program,
            person=note.member,
            source_kind=NOTE_SOURCE_KIND,
            source_id=note.pk,
            level=assessment.level,
            reasons=list(assessment.reasons),
            assigned_supporter=note.author,
        )


def _audit(note: Note, *, by: User, purpose: str) -> None:
    record_access(
        viewer=by,
        record=note,
        subject=note.member,
        action=Action.WRITE,
        purpose=purpose,
        program_id=note.program_id,
    )


@transaction.atomic
def start_note(*, encounter: Encounter, member: User, author: User) -> Note:
    """The note about `member` for `encounter`, started if it does not exist yet: version 1 is pre-filled
    with the encounter's place of service and place (its time, modality and minutes are read from the
    encounter). Only the encounter's supporter writes it, for one of its participants."""
    if author.pk != encounter.supporter_id:
        raise PermissionDenied
    if not encounter.participants.filter(pk=member.pk).exists():
        raise PermissionDenied
    note, created = Note.objects.get_or_create(
        encounter=encounter,
        member=member,
        defaults={"program_id": encounter.program_id, "author": author},
    )
    if created:
        NoteVersion.objects.create(
            note=note,
            number=1,
            place_of_service=encounter.place_of_service,
            place=encounter.place,
            saved_at=timezone.now(),
        )
    return note


@transaction.atomic
def save_note(
    *,
    note: Note,
    author: User,
    goal: str,
    did: str,
    response: str,
    next_steps: str,
    goal_source: str = "",
    place_of_service: str = "",
    place: str = "",
) -> NoteVersion:
    """Save the note's words before signing. A draft changes in place (it is not yet a record); a note the
    supervisor returned is revised as a new version, so the signed one stays as it was."""
    note = _lock(note)
    if author.pk != note.author_id:
        raise PermissionDenied
    if not note.is_editable:
        raise ValidationError(_("This note is signed. Add an addendum instead."))
    if place_of_service and place_of_service not in PlaceOfService.values:
        raise ValidationError({"place_of_service": _("Choose a place of service from the list.")})
    words = {
        "goal": goal.strip()[:300],
        "goal_source": goal_source[:40],
        "did": did.strip(),
        "response": response.strip(),
        "next_steps": next_steps.strip(),
        "place_of_service": place_of_service,
        "place": place.strip()[:200],
        "saved_at": timezone.now(),
    }
    version = latest_version(note)
    if version.signed_at is not None:  # returned: revise as a new version
        version = NoteVersion.objects.create(note=note, number=version.number + 1, **words)
    else:
        for field, value in words.items():
            setattr(version, field, value)
        version.save()
    _assess(note, version.goal, version.did, version.response, version.next_steps)
    return version


REQUIRED_TO_SIGN = {
    "goal": _("Choose or write the goal from their plan that this addressed."),
    "did": _("Say what you did together."),
    "response": _("Say how they responded."),
    "next_steps": _("Write the next steps, even a small one."),
}


@transaction.atomic
def sign_note(*, note: Note, author: User, now: datetime | None = None) -> Note:
    """The author signs the latest version. Where the program asks for it the note then waits for a
    supervisor's co-signature; otherwise it is final, and the member can read it after the program's
    release delay. Refused, naming what is missing, when a field is empty or the author may not sign
    notes yet (`accounts.gates`, Activity.SIGN_NOTES)."""
    note = _lock(note)
    if author.pk != note.author_id:
        raise PermissionDenied
    if not note.is_editable:
        raise ValidationError(_("This note is already signed."))
    lacking = gates.missing(author, note.program, gates.Activity.SIGN_NOTES)
    if lacking:
        raise ValidationError(
            _("You cannot sign notes yet: %(missing)s.") % {"missing": ", ".join(lacking)}
        )
    version = latest_version(note)
    missing = {f: [str(m)] for f, m in REQUIRED_TO_SIGN.items() if not getattr(version, f).strip()}
    if missing:
        raise ValidationError(missing)
    now = now or timezone.now()
    version.signed_by, version.signed_at = author, now
    version.save(update_fields=["signed_by", "signed_at"])
    kind = NoteEventKind.REVISED if note.state == NoteState.RETURNED else NoteEventKind.SIGNED
    NoteEvent.objects.create(note=note, kind=kind, actor=author, at=now, version=version.number)
    note.signed_at = now
    if note_settings(note.program).cosign_required:
        note.state = NoteState.AWAITING_COSIGN
        note.save(update_fields=["state", "signed_at", "updated_at"])
    else:
        _finalize(note, now)
    _audit(note, by=author, purpose="Signed a peer note")
    return note


def _finalize(note: Note, now: datetime) -> None:
    delay = note_settings(note.program).release_delay_days
    note.state = NoteState.FINAL
    note.final_at = now
    note.release_at = now + timedelta(days=delay)
    note.save(
        update_fields=[
            "state",
            "signed_at",
            "cosigned_by",
            "cosigned_at",
            "final_at",
            "release_at",
            "updated_at",
        ]
    )


def _require_cosigner(note: Note, supervisor: User) -> None:
    # A supervisor of the note's program, never the author: nobody co-signs their own note.
    if not _is_supervisor_of(supervisor, note.program_id) or supervisor.pk == note.author_id:
        raise PermissionDenied
    if note.state != NoteState.AWAITING_COSIGN:
        raise ValidationError(_("This note is not waiting for a co-signature."))


@transaction.atomic
def cosign_note(*, note: Note, supervisor: User, now: datetime | None = None) -> Note:
    """A supervisor co-signs a note waiting for it; the note is then final."""
    note = _lock(note)
    _require_cosigner(note, supervisor)
    now = now or timezone.now()
    note.cosigned_by, note.cosigned_at = supervisor, now
    NoteEvent.objects.create(
        note=note,
        kind=NoteEventKind.COSIGNED,
        actor=supervisor,
        at=now,
        version=latest_version(note).number,
    )
    _finalize(note, now)
    _audit(note, by=supervisor, purpose="Co-signed a peer note")
    return note


@transaction.atomic
def return_note(*, note: Note, supervisor: User, comment: str) -> Note:
    """A supervisor sends a note back to its author with a comment; the author revises it as a new
    version and signs again. The returned version is kept."""
    note = _lock(note)
    _require_cosigner(note, supervisor)
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": _("Say what to change, so the note can be fixed.")})
    if len(comment) > 2000:
        raise ValidationError({"comment": _("Please keep the comment under 2,000 characters.")})
    NoteEvent.objects.create(
        note=note,
        kind=NoteEventKind.RETURNED,
        actor=supervisor,
        at=timezone.now(),
        comment=comment,
        version=latest_version(note).number,
    )
    note.state = NoteState.RETURNED
    note.save(update_fields=["state", "updated_at"])
    _assess(note, comment)
    _audit(note, by=supervisor, purpose="Returned a peer note")
    return note


def _entry(note: Note, *, kind: EntryKind, author: User, body: str) -> NoteEntry:
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Please write something before saving.")})
    if len(body) > 4000:
        raise ValidationError({"body": _("Please keep it under 4,000 characters.")})
    entry = NoteEntry.objects.create(
        note=note, kind=kind, author=author, body=body, created_at=timezone.now()
    )
    _assess(note, body)
    entry.risk_level = note.risk_level
    return entry


@transaction.atomic
def add_addendum(*, note: Note, author: User, body: str) -> NoteEntry:
    """After signing, a change is an addendum beside the signed words, never an edit of them. The author
    or a supervisor of the program may add one."""
    note = _lock(note)
    if author.pk != note.author_id and not _is_supervisor_of(author, note.program_id):
        raise PermissionDenied
    if note.state not in (NoteState.AWAITING_COSIGN, NoteState.FINAL):
        raise ValidationError(_("Addenda are for signed notes; this one can still be changed."))
    entry = _entry(note, kind=EntryKind.ADDENDUM, author=author, body=body)
    _audit(note, by=author, purpose="Added an addendum to a peer note")
    return entry


@transaction.atomic
def comment_on_note(*, note: Note, member: User, body: str) -> NoteEntry:
    """The person the note is about adds their own words to it, once they can read it."""
    note = _lock(note)
    if member.pk != note.member_id or not note.is_released():
        raise PermissionDenied
    return _entry(note, kind=EntryKind.MEMBER_COMMENT, author=member, body=body)


def bring_encounters_up_to_date(*, supporter: User) -> int:
    """Record the encounters of `supporter`'s chats and group meetings that are not recorded yet (see
    `encounters_from`); returns how many were recorded or updated. Idempotent."""
    from .encounters_from import record_recent_for

    return record_recent_for(supporter)


SWEEP_EVERY = timedelta(hours=1)


def sweep_encounters(*, program_id: int, due: str = "", now: datetime | None = None) -> int:
    """Record every supporter's recent chat days and group meetings in the program, then ask for the
    next sweep in `SWEEP_EVERY` (where the task backend can defer). One chain per program: a run whose
    `due` is not the program's `sweep_due_at` belongs to an older chain and does nothing."""
    from .encounters_from import record_recent_in

    settings = NoteSettings.objects.select_for_update().filter(program_id=program_id).first()
    if settings is None or (due and settings.sweep_due_at.isoformat() != due):
        return 0
    now = now or timezone.now()
    written = record_recent_in(settings.program, now=now)
    settings.sweep_due_at = now + SWEEP_EVERY
    settings.save(update_fields=["sweep_due_at"])
    _enqueue_sweep(program_id, at=settings.sweep_due_at)
    return written


def _enqueue_sweep(program_id: int, *, at: datetime) -> None:
    from django_tasks import default_task_backend

    from .tasks import record_recent_encounters

    if default_task_backend.supports_defer:
        transaction.on_commit(
            lambda: record_recent_encounters.using(run_after=at).enqueue(program_id, at.isoformat())
        )


@transaction.atomic
def start_encounter_sweep(program: Program, *, now: datetime | None = None) -> None:
    """Start the hourly sweep of a program (from the demo and from saving its note settings), unless
    one is already waiting."""
    now = now or timezone.now()
    settings, _created = NoteSettings.objects.select_for_update().get_or_create(program=program)
    if settings.sweep_due_at > now:
        return
    settings.sweep_due_at = now
    settings.save(update_fields=["sweep_due_at"])
    _enqueue_sweep(program.pk, at=now)
