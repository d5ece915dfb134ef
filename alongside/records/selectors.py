"""Reads for records: encounters, notes (protected records: `access_note`), the queues, the day page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import (
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.choices import ConsentScope, Role
from alongside.accounts.models import Program, User
from alongside.accounts.selectors import consent_allows, standing, works_with
from alongside.audit.services import record_access
from alongside.care_plans.selectors import access_plan, goals_shared_with
from alongside.safety.selectors import open_escalations
from alongside.safety.sources import Trigger

from .models import (
    Encounter,
    Note,
    NoteEntry,
    NoteEvent,
    NoteEventKind,
    NoteState,
    NoteVersion,
    Source,
)

DAY_LIST_LIMIT = 20
Participant = Encounter.participants.through


def encounters_of(supporter: User) -> QuerySet[Encounter]:
    """A supporter's encounters, newest first, with their participants (a fixed number of queries)."""
    return (
        Encounter.objects.filter(supporter=supporter)
        .select_related("program")
        .prefetch_related("participants")
        .order_by("-started_at", "-pk")
    )


def access_encounter(viewer: User, encounter_id: int) -> Encounter:
    """An encounter of the viewer's own (its supporter), else Http404 as if missing."""
    encounter = encounters_of(viewer).filter(pk=encounter_id).first()
    if encounter is None:
        raise Http404
    return encounter


def notes_to_write(supporter: User) -> QuerySet[Any]:
    """The notes queue: each (encounter, person) of `supporter`'s encounters whose note is not signed
    yet, oldest first, in one query whatever the size. Rows are the participant links, with
    `encounter`, `user` and `draft_id` (the started draft, if any)."""
    note = Note.objects.filter(encounter=OuterRef("encounter_id"), member=OuterRef("user_id"))
    return (
        Participant.objects.filter(encounter__supporter=supporter)
        .exclude(Exists(note.exclude(state=NoteState.DRAFT)))
        .annotate(draft_id=Subquery(note.values("pk")[:1]))
        .select_related("encounter", "user")
        .order_by("encounter__started_at", "encounter_id", "user__display_name", "user_id")
    )


def returned_notes(author: User) -> QuerySet[Note]:
    """The author's notes a supervisor returned, oldest first, with the comment that came back."""
    comments = NoteEvent.objects.filter(kind=NoteEventKind.RETURNED).order_by("-at", "-pk")
    return (
        Note.objects.filter(author=author, state=NoteState.RETURNED)
        .select_related("encounter", "member")
        .prefetch_related(Prefetch("events", queryset=comments, to_attr="returns"))
        .order_by("encounter__started_at", "pk")
    )


def notes_to_cosign(supervisor: User) -> QuerySet[Note]:
    """Notes of the supervisor's program waiting for a co-signature (not their own), oldest first."""
    found = standing(supervisor)
    if found.program is None or not found.has(Role.SUPERVISOR):
        return Note.objects.none()
    return (
        Note.objects.filter(program=found.program, state=NoteState.AWAITING_COSIGN)
        .exclude(author=supervisor)
        .select_related("encounter", "member", "author")
        .order_by("signed_at", "pk")
    )


def notes_of_member(member: User, now: Any = None) -> QuerySet[Note]:
    """The notes a member can read about themselves: final and past the program's release delay."""
    now = now or timezone.now()
    return (
        Note.objects.final()
        .filter(member=member, release_at__lte=now)
        .select_related("encounter", "author")
        .order_by("-encounter__started_at", "-pk")
    )


def signed_notes_of(author: User) -> QuerySet[Note]:
    """The author's signed notes, newest first (their record of work)."""
    return (
        Note.objects.signed()
        .filter(author=author)
        .exclude(state=NoteState.RETURNED)
        .select_related("encounter", "member")
        .order_by("-encounter__started_at", "-pk")
    )


def signed_notes_between(program: Program, start: datetime, end: datetime) -> QuerySet[Note]:
    """The program's signed notes (awaiting co-signature or final; not returned) of encounters that
    started in [start, end), with their encounter, member and author, in one query. For billing: a read
    of the record of work, never of the words, and never shown to anyone by itself."""
    return (
        Note.objects.signed()
        .exclude(state=NoteState.RETURNED)
        .filter(program=program, encounter__started_at__gte=start, encounter__started_at__lt=end)
        .select_related("encounter", "member", "author")
        .order_by("encounter__started_at", "pk")
    )


def contacts_between(program: Program, start: datetime, end: datetime) -> list[tuple[int, str]]:
    """(person, modality) for each person at each booked session or call of the program that started in
    [start, end), in one query. Chat days and group meetings are left out: reports counts those from
    conversations and groups themselves."""
    return list(
        Participant.objects.filter(
            encounter__program=program,
            encounter__started_at__gte=start,
            encounter__started_at__lt=end,
            encounter__source__in=(Source.SESSION, Source.CALL),
        )
        .order_by("encounter__started_at", "pk")
        .values_list("user_id", "encounter__modality")
    )


def minutes_by_supporter(program: Program, start: datetime, end: datetime) -> dict[int, int]:
    """Whole minutes of support each supporter gave in the program's encounters that started in
    [start, end): a chat day's measured active minutes, else end minus start (as `Encounter.minutes`),
    summed in the database in one query. Supporters with no encounter are absent."""
    span = ExpressionWrapper(F("ended_at") - F("started_at"), output_field=DurationField())
    rows = (
        Encounter.objects.filter(program=program, started_at__gte=start, started_at__lt=end)
        .order_by()
        .values("supporter_id")
        .annotate(
            active=Sum("active_minutes"),
            span=Sum(span, filter=Q(active_minutes__isnull=True)),
        )
    )
    return {
        row["supporter_id"]: (row["active"] or 0)
        + (int(row["span"].total_seconds() // 60) if row["span"] else 0)
        for row in rows
    }


def members_with_signed_notes(program: Program) -> QuerySet[User]:
    """People of the program who have at least one signed note, in the order they joined."""
    ids = Note.objects.signed().filter(program=program).values("member_id")
    return User.objects.filter(pk__in=ids).order_by("pk")


# --- one note: who may read it ----------------------------------------------------------------------


def _reason_to_read(viewer: User, note: Note, *, history: bool = False) -> str | None:
    """Why `viewer` may read `note` (the access log's purpose), or None. One condition per line."""
    if viewer.pk == note.author_id:
        return "Read own peer note"
    if viewer.pk == note.member_id and history:
        return None  # the person reads the signed note; earlier versions are the record's history
    if viewer.pk == note.member_id:
        # "Nothing about us without us": the person reads their own notes once final and released.
        return "Read a note about themselves" if note.is_released() else None
    if note.state == NoteState.DRAFT:
        return None  # a draft is the author's alone
    found = standing(viewer)
    if found.program is None or found.program.pk != note.program_id:
        return None
    if found.has(Role.SUPERVISOR):
        return "Supervised a peer note"  # supervisors co-sign, return and oversee notes
    if note.state != NoteState.FINAL:
        return None  # others read only final notes
    if found.has(Role.SUPPORTER, Role.CLINICIAN) and works_with(viewer, note.member):
        return "Read a peer note as the person's care team"
    if consent_allows(grantee=viewer, member=note.member, scope=ConsentScope.NOTES):
        return "Read a peer note shared by the person's consent"
    return None


def _note_queryset() -> QuerySet[Note]:
    return Note.objects.select_related(
        "encounter", "member", "author", "cosigned_by", "program"
    ).prefetch_related(
        Prefetch("versions", queryset=NoteVersion.objects.select_related("signed_by")),
        Prefetch("entries", queryset=NoteEntry.objects.select_related("author")),
        Prefetch("events", queryset=NoteEvent.objects.select_related("actor")),
    )


def access_note(viewer: User, note_id: int, *, history: bool = False) -> Note:
    """A note if `viewer` may read it (the read goes to the access log); else Http404, exactly as if
    it did not exist. The author; the person it is about once it is final and released; supervisors of
    the program; the person's care team once it is final; anyone else only with the person's consent
    to share their notes. `history`: for earlier versions, which the person does not read."""
    note = _note_queryset().filter(pk=note_id).first()
    if note is None:
        raise Http404
    purpose = _reason_to_read(viewer, note, history=history)
    if purpose is None:
        raise Http404
    record_access(
        viewer=viewer, record=note, subject=note.member, purpose=purpose, program_id=note.program_id
    )
    return note


def access_note_to_write(viewer: User, note_id: int) -> Note:
    """The author's own note, for the writing page (drafts included); else Http404."""
    note = _note_queryset().filter(pk=note_id, author=viewer).first()
    if note is None:
        raise Http404
    record_access(
        viewer=viewer,
        record=note,
        subject=note.member,
        purpose="Wrote a peer note",
        program_id=note.program_id,
    )
    return note


def current_version(note: Note) -> NoteVersion:
    """The latest version (from the prefetched versions of `access_note`)."""
    versions = list(note.versions.all())
    return max(versions, key=lambda v: v.number)


def version_shown_to_member(note: Note) -> NoteVersion:
    """What a member reads: the latest signed version."""
    signed = [v for v in note.versions.all() if v.signed_at is not None]
    return max(signed, key=lambda v: v.number)


# --- goals a note can address ----------------------------------------------------------------------


@dataclass(frozen=True)
class GoalOption:
    """One goal offered on the note form: its words and where they came from."""

    source: str  # "goal:12", "wrap:daily.dreams"
    text: str
    origin: str  # shown beside it: "Recovery goal", "From their WRAP"


WRAP_GOAL_FIELDS = ("daily.dreams", "daily.every_day")


def goal_options(viewer: User, member: User) -> list[GoalOption]:
    """Goals from the person's own plan that a note can say it addressed: their active recovery goals
    and the lines of their WRAP's dreams and daily plan, as far as they share them with `viewer`
    (care_plans decides and audits)."""
    options = [
        GoalOption(f"goal:{goal.pk}", goal.title, _("Recovery goal"))
        for goal in goals_shared_with(viewer, member.pk)
    ]
    try:
        wrap = access_plan(viewer, member.pk, "wrap")
    except Http404:
        return options
    if wrap.crisis_only:
        return options
    content = wrap.plan.content or {}
    for key in WRAP_GOAL_FIELDS:
        for line in str(content.get(key, "")).splitlines():
            if line.strip():
                options.append(GoalOption(f"wrap:{key}", line.strip()[:300], _("From their WRAP")))
    return options


# --- the escalation page's view of a note -----------------------------------------------------------


def escalation_trigger(escalation: Any, item: int | None = None) -> Trigger | None:
    """The note's words that opened an escalation (the latest version and its entries). The caller has
    checked access (`safety.selectors.access_escalation`)."""
    if item is not None:
        return None
    note = Note.objects.filter(pk=escalation.source_id, member_id=escalation.person_id).first()
    if note is None:
        return None
    version = note.versions.order_by("-number").first()
    parts = [version.goal, version.did, version.response, version.next_steps] if version else []
    parts += list(note.entries.values_list("body", flat=True))
    return Trigger(
        words="\n\n".join(p for p in parts if p),
        at=note.updated_at,
        label_kind="peer_note",
        label_id=note.pk,
        assessed_level=note.risk_level,
    )


# --- the supporter's day ---------------------------------------------------------------------------


def day_notes_to_write(request: HttpRequest) -> dict[str, Any]:
    user: User = request.user  # type: ignore[assignment]  # the day page requires a signed-in supporter
    queue = list(notes_to_write(user)[: DAY_LIST_LIMIT + 1])
    return {"rows": queue[:DAY_LIST_LIMIT], "more": len(queue) > DAY_LIST_LIMIT}


def day_returned_notes(request: HttpRequest) -> dict[str, Any]:
    user: User = request.user  # type: ignore[assignment]
    return {"notes": list(returned_notes(user)[:DAY_LIST_LIMIT])}


def day_open_escalations(request: HttpRequest) -> dict[str, Any]:
    user: User = request.user  # type: ignore[assignment]
    return {"escalations": list(open_escalations(user)[:DAY_LIST_LIMIT])}
