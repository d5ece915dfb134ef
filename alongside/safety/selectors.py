"""Reads about escalations: who may see one, the dashboard's lists, the on-call rota, the settings,
and what the conversation page shows about safety."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from alongside.accounts.choices import Role
from alongside.accounts.models import Program, User
from alongside.accounts.selectors import standing
from alongside.audit.services import record_access

from .models import (
    Alert,
    Escalation,
    EscalationEvent,
    EscalationQuerySet,
    OnCallShift,
    SafetySettings,
    SourceKind,
    State,
)

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
    """Those who manage it, and the supporter assigned to the person."""
    return may_manage(user, escalation) or (
        escalation.assigned_supporter_id is not None
        and escalation.assigned_supporter_id == user.pk
        and standing(user).has(Role.SUPPORTER)
    )


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
    """What the viewer's dashboard lists: unresolved escalations they may see, oldest first."""
    return (
        _visible_to(viewer)
        .unresolved()
        .select_related("person", "assigned_supporter", "on_call", "acknowledged_by", "backup")
        .order_by("opened_at", "pk")
    )


def recently_resolved(viewer: User, *, limit: int = 10) -> QuerySet[Escalation]:
    return (
        _visible_to(viewer)
        .filter(state=State.RESOLVED)
        .select_related("person", "resolved_by")
        .order_by("-resolved_at", "-pk")[:limit]
    )


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


def source_url(escalation: Escalation) -> str:
    """Where the worrying words are, for someone who may go there (the conversation page checks)."""
    if escalation.source_kind in (SourceKind.CONVERSATION, SourceKind.ROOM):
        url = reverse("conversations:conversation", args=[escalation.source_id])
        return f"{url}#m-{escalation.source_item}" if escalation.source_item else url
    if escalation.source_kind == SourceKind.FORUM_POST:
        try:
            return reverse("forums:thread", args=[escalation.source_id])
        except NoReverseMatch:  # forums not installed
            return ""
    return ""


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
    from alongside.care_plans.models import Plan

    found = (
        Program.objects.filter(pk=program.pk)
        .select_related("safety_settings")
        .annotate(
            open_id=Subquery(here.order_by("opened_at").values("pk")[:1]),
            has_plan=Exists(Plan.objects.filter(member=viewer, kind="safety")),
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
