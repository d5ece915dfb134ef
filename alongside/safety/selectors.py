"""Reads about escalations: who may see one, the dashboard's lists, the on-call rota, the settings,
and what the conversation page shows about safety."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Case, Count, OuterRef, Q, QuerySet, Subquery, Value, When
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.choices import Role
from alongside.accounts.models import Program, User
from alongside.accounts.selectors import standing, standing_in
from alongside.audit.services import record_access

from . import plans, sources
from .levels import Level
from .models import (
    Alert,
    Escalation,
    EscalationEvent,
    EscalationQuerySet,
    EventKind,
    FollowUp,
    OnCallShift,
    SafetySettings,
    SourceKind,
    State,
)
from .sources import Trigger

MANAGER_ROLES = (Role.SUPERVISOR, Role.ADMIN)


def settings_for(program: Program) -> SafetySettings:
    """The program's safety settings; the defaults (unsaved) when an administrator has set none."""
    return SafetySettings.objects.filter(program=program).first() or SafetySettings(program=program)


def on_call_now(program: Program, *, now: datetime | None = None) -> OnCallShift | None:
    """The shift in force: the latest one that has started."""
    return (
        OnCallShift.objects.filter(program=program, starts_at__lte=now or timezone.now())
        .select_related("supervisor", "backup")
        .first()
    )


def may_manage(user: User, escalation: Escalation) -> bool:
    """Supervisors and administrators of the escalation's program acknowledge and resolve it."""
    found = standing(user)
    return (
        found.program is not None
        and found.program.pk == escalation.program_id
        and found.has(*MANAGER_ROLES)
    )


def may_view(user: User, escalation: Escalation) -> bool:
    """Those who manage it, the supporter assigned to the person, and the other peer supporters of
    its program who were alerted about it (a group meeting's other facilitators, `room_keepers`), so
    they can open it and say they have seen their alert."""
    if may_manage(user, escalation):
        return True
    if escalation.assigned_supporter_id is not None and escalation.assigned_supporter_id == user.pk:
        # A supporter still in the escalation's program, whatever program they are reading in.
        found = standing(user)
        if found.program is not None and found.program.pk == escalation.program_id:
            return found.has(Role.SUPPORTER)
        return standing_in(user, escalation.program).has(Role.SUPPORTER)
    return was_alerted(user, escalation)


def was_alerted(user: User, escalation: Escalation) -> bool:
    """True when `user`, a peer supporter of the escalation's program, had an alert about it. One
    query."""
    return Alert.objects.filter(
        escalation=escalation,
        recipient=user,
        recipient__is_active=True,
        recipient__memberships__program_id=escalation.program_id,
        recipient__memberships__role=Role.SUPPORTER,
    ).exists()


def access_escalation(
    viewer: User, escalation_id: int, *, purpose: str = "Read a safety escalation"
) -> Escalation:
    """The escalation if `viewer` may see it (the read is audited); else Http404, as if missing."""
    escalation = (
        Escalation.objects.select_related(
            "person", "assigned_supporter", "on_call", "backup", "acknowledged_by", "resolved_by"
        )
        .filter(pk=escalation_id)
        .first()
    )
    if escalation is None or not may_view(viewer, escalation):
        raise Http404
    record_access(
        viewer=viewer,
        record=escalation,
        subject=escalation.person,
        purpose=purpose,
        program_id=escalation.program_id,
    )
    return escalation


def _visible_to(viewer: User) -> EscalationQuerySet:
    found = standing(viewer)
    if found.program is None:
        return Escalation.objects.none()
    if found.has(*MANAGER_ROLES):
        return Escalation.objects.filter(program=found.program)
    if found.has(Role.SUPPORTER):
        return Escalation.objects.filter(program=found.program, assigned_supporter=viewer)
    return Escalation.objects.none()


def open_escalations(viewer: User) -> QuerySet[Escalation]:
    """What the viewer's dashboard (and the API's list) shows: unresolved escalations they may see,
    most urgent first: `imminent` before `high`; at one level, those still waiting for someone to
    acknowledge them before those already taken; then the one whose timer runs out first (an overdue
    one has the least time left), then the oldest."""
    imminent_first = Case(When(level=Level.IMMINENT.value, then=Value(0)), default=Value(1))
    waiting_first = Case(When(state=State.OPEN, then=Value(0)), default=Value(1))
    return (
        _visible_to(viewer)
        .unresolved()
        .select_related("person", "assigned_supporter", "on_call", "acknowledged_by", "backup")
        .order_by(imminent_first, waiting_first, "respond_by", "opened_at", "pk")
    )


def open_count(program: Program) -> int:
    """How many escalations in the program are not resolved: the number beside "Safety" in the menu
    of its supervisors and administrators."""
    return Escalation.objects.filter(program=program).unresolved().count()


@dataclass(frozen=True)
class ShellAlert:
    """One escalation the person has an unread alert about, as the page shell shows it."""

    escalation: Escalation
    conversation_id: int | None  # the conversation or room it came from, if it did
    source_url: str  # where the words are, for this person (see `source_url`)
    reminder: bool = False  # a check-in they agreed came due, not a crisis now


def shell_alerts(viewer: User, *, limit: int = 5) -> list[ShellAlert]:
    """The escalations, still open, that `viewer` has unread alerts about, and the check-ins they
    agreed that came due (even once resolved), newest first (one query): shown on every page of
    theirs until they acknowledge or say they have seen it."""
    alerts = (
        Alert.objects.unread()
        .filter(recipient=viewer)
        .exclude(Q(escalation__state=State.RESOLVED) & ~Q(reason=EventKind.REMINDED))
        .select_related("escalation", "escalation__person")
        .order_by("-created_at", "-pk")[: limit * 4]
    )
    found: dict[int, ShellAlert] = {}
    for alert in alerts:
        escalation = alert.escalation
        if escalation.pk not in found and len(found) < limit:
            reminder = alert.reason == EventKind.REMINDED
            in_conversation = escalation.source_kind in (SourceKind.CONVERSATION, SourceKind.ROOM)
            found[escalation.pk] = ShellAlert(
                escalation=escalation,
                conversation_id=escalation.source_id if in_conversation and not reminder else None,
                # Only a conversation's link here (no query, but for a group room's facilitator not
                # assigned: its meeting's page, one); the escalation's page links the rest.
                source_url=source_url(escalation, viewer) if in_conversation else "",
                reminder=reminder,
            )
    return list(found.values())


def needs_follow_up(
    program: Program, person_ids: list[int], *, now: datetime | None = None
) -> Escalation | None:
    """An escalation about one of these people that is open, or was opened or resolved within the
    program's follow-up hours: ending a conversation with them then asks for a follow-up first.
    None when there is none, or when a follow-up was already agreed after its latest signal."""
    now = now or timezone.now()
    since = now - timedelta(hours=settings_for(program).follow_up_hours)
    recent = (
        Escalation.objects.filter(program=program, person_id__in=person_ids)
        .filter(~Q(state=State.RESOLVED) | Q(opened_at__gte=since) | Q(resolved_at__gte=since))
        .order_by("-opened_at", "-pk")
        .first()
    )
    if recent is None:
        return None
    latest_signal = recent.events.filter(kind__in=("opened", "signal")).order_by("-at").first()
    agreed = recent.follow_ups.filter(
        created_at__gte=latest_signal.at if latest_signal else recent.opened_at
    )
    return None if agreed.exists() else recent


def follow_ups(escalation: Escalation) -> QuerySet[FollowUp]:
    return escalation.follow_ups.select_related("agreed_by").order_by("-created_at", "-pk")


def recently_resolved(viewer: User, *, limit: int = 10) -> QuerySet[Escalation]:
    return (
        _visible_to(viewer)
        .filter(state=State.RESOLVED)
        .select_related("person", "resolved_by")
        .order_by("-resolved_at", "-pk")[:limit]
    )


def on_call_hours(program: Program, *, since: datetime, until: datetime) -> dict[int, float]:
    """Hours each person was on call (as the supervisor or the backup) between `since` and `until`: a
    shift lasts until the next one starts. Two queries, however long the rota."""
    shifts = OnCallShift.objects.filter(program=program).values_list(
        "starts_at", "supervisor_id", "backup_id"
    )
    earlier = list(shifts.filter(starts_at__lte=since).order_by("-starts_at", "-pk")[:1])
    during = list(
        shifts.filter(starts_at__gt=since, starts_at__lt=until).order_by("starts_at", "pk")
    )
    rota = earlier + during
    hours: dict[int, float] = {}
    for index, (starts_at, supervisor_id, backup_id) in enumerate(rota):
        ends_at = rota[index + 1][0] if index + 1 < len(rota) else until
        length = (min(ends_at, until) - max(starts_at, since)).total_seconds() / 3600
        for person_id in {supervisor_id, backup_id} - {None}:
            hours[person_id] = hours.get(person_id, 0.0) + max(length, 0.0)
    return hours


def escalations_handled(program: Program, *, since: datetime) -> dict[int, int]:
    """How many escalations opened since `since` each supporter was the assigned supporter of."""
    rows = (
        Escalation.objects.filter(program=program, opened_at__gte=since)
        .exclude(assigned_supporter=None)
        .values_list("assigned_supporter_id")
        .annotate(n=Count("pk"))
    )
    return dict(rows)


def helpers_of(escalation: Escalation) -> set[int]:
    """Who handled an escalation beside the supervisors: its assigned supporter and everyone who wrote
    a note on it."""
    noted = escalation.events.filter(kind=EventKind.NOTE).values_list("actor_id", flat=True)
    return {pk for pk in [escalation.assigned_supporter_id, *noted] if pk is not None}


def timeline(escalation: Escalation) -> QuerySet[EscalationEvent]:
    return (
        escalation.events.select_related("actor")
        .prefetch_related("recipients")
        .order_by("at", "pk")
    )


def unread_alerts(viewer: User) -> QuerySet[Alert]:
    return Alert.objects.unread().filter(recipient=viewer).select_related("escalation")


def program_supervisors(program: Program, *roles: Role) -> QuerySet[User]:
    return (
        User.objects.filter(
            memberships__program=program,
            memberships__role__in=roles or (Role.SUPERVISOR,),
            is_active=True,
        )
        .distinct()
        .order_by("display_name", "pk")
    )


def source_url(escalation: Escalation, viewer: User) -> str:
    """Where the worrying words are, for `viewer`. The assigned supporter goes to the conversation
    itself, and so does a peer supporter alerted about it (a group room's other facilitators); a
    supervisor, who is usually not in it, to its read-only view opened by the escalation (while it is
    open). Other kinds: the link their app registered (`sources.register`)."""
    if escalation.source_kind in (SourceKind.CONVERSATION, SourceKind.ROOM):
        if escalation.assigned_supporter_id == viewer.pk or not may_manage(viewer, escalation):
            # A group meeting's other facilitators may not have come in yet: the meeting's page, where
            # they enter the room, when the app that owns rooms names it (`sources.register_link`).
            if escalation.assigned_supporter_id != viewer.pk:
                door = sources.link_of(escalation, viewer)
                if door:
                    return door
            url = reverse("conversations:conversation", args=[escalation.source_id])
        elif escalation.is_open:
            url = reverse("conversations:under-escalation", args=[escalation.pk])
        else:
            return ""
        return f"{url}#m-{escalation.source_item}" if escalation.source_item else url
    return sources.link_of(escalation, viewer)  # the app that owns the words knows the place


@dataclass(frozen=True)
class ConversationSafety:
    """What the conversation page shows about safety: the crisis panel for the person who wrote (open
    when they have an open escalation here), the protocol for the supporter."""

    settings: SafetySettings
    open_escalation_id: int | None
    has_safety_plan: bool

    @property
    def has_open_escalation(self) -> bool:
        return self.open_escalation_id is not None


def conversation_safety(conversation_id: int, program: Program, viewer: User) -> ConversationSafety:
    """One query, whoever the viewer is."""
    here = Escalation.objects.unresolved().filter(
        program=OuterRef("pk"),
        source_kind__in=(SourceKind.CONVERSATION, SourceKind.ROOM),
        source_id=conversation_id,
    )
    if not standing(viewer).has(Role.SUPPORTER):
        here = here.filter(person=viewer)  # the writer sees only their own
    return _page_safety(program, viewer, here)


def writer_safety(
    program: Program, viewer: User, *, source_kind: SourceKind | str, source_id: int
) -> ConversationSafety:
    """What a page shows the person who wrote there (a forum thread): the crisis panel, open while
    they have an open escalation from it. One query."""
    here = Escalation.objects.unresolved().filter(
        program=OuterRef("pk"), person=viewer, source_kind=source_kind, source_id=source_id
    )
    return _page_safety(program, viewer, here)


def _page_safety(program: Program, viewer: User, here: QuerySet[Escalation]) -> ConversationSafety:
    found = (
        Program.objects.filter(pk=program.pk)
        .select_related("safety_settings")
        .annotate(
            open_id=Subquery(here.order_by("opened_at").values("pk")[:1]),
            has_plan=plans.has_safety_plan(viewer),
        )
        .get()
    )
    try:
        rules = found.safety_settings
    except SafetySettings.DoesNotExist:
        rules = SafetySettings(program=found)
    return ConversationSafety(
        settings=rules,
        open_escalation_id=found.open_id,
        has_safety_plan=found.has_plan,
    )


def read_trigger(
    viewer: User, escalation: Escalation, *, item: int | None = None
) -> Trigger | None:
    """The words that raised an escalation `viewer` may see (from `access_escalation`), and the few
    messages before them: a protected read, written to the access log with its reason."""
    trigger = sources.trigger_of(escalation, item)
    if trigger is not None:
        record_access(
            viewer=viewer,
            record_type=f"safety.source.{escalation.source_kind}",
            record_id=trigger.label_id,
            subject=escalation.person,
            purpose=f"Read the words that raised safety escalation #{escalation.pk}",
            program_id=escalation.program_id,
        )
    return trigger


def crisis_plans(viewer: User, escalation: Escalation) -> list[Any]:
    """The person's plans `viewer` may open because the person shared them (their consent, as of
    now; the look is audited by care_plans), or none."""
    return plans.shared_with(viewer, escalation.person_id)
