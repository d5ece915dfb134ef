"""Reads of plans and goals. A member reads their own; anyone else goes through an `access_*` function
that checks the consent ledger at the moment of the read and writes the read to the access log."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from alongside.accounts.choices import ConsentScope, Role
from alongside.accounts.models import Consent, User
from alongside.accounts.selectors import standing, standing_in
from alongside.audit.services import record_access

from .models import Goal, GoalStatus, GoalStep, Plan, PlanVersion
from .sections import CRISIS, PlanKind, Section, sections_of

# Roles that may be shown a member's plans at all, and then only with the member's consent.
READER_ROLES = (Role.SUPPORTER, Role.CLINICIAN, Role.SUPERVISOR)
# The consent that shares one plan whole; `plans` shares them all (and goals), `crisis_plan` only the
# WRAP's crisis plan.
KIND_SCOPES = {
    PlanKind.WRAP: ConsentScope.WRAP,
    PlanKind.SAFETY: ConsentScope.SAFETY_PLAN,
    PlanKind.PAD: ConsentScope.ADVANCE_DIRECTIVE,
}
PLAN_SCOPES = (ConsentScope.PLANS, ConsentScope.CRISIS_PLAN, *KIND_SCOPES.values())


@dataclass(frozen=True)
class PlanView:
    """A plan as one viewer may see it: all its sections, or only the crisis plan."""

    plan: Plan
    sections: tuple[Section, ...]
    crisis_only: bool
    part2_notice: bool = False  # shown to someone else under 42 CFR Part 2: carry the notice


@dataclass(frozen=True)
class SharedWithViewer:
    """What of one member's plans a viewer may see right now."""

    member: User
    plans: list[Plan]
    crisis_only: bool
    sees_goals: bool


def plan_of(member: User, kind: str) -> Plan:
    """The member's own plan of this kind; an unsaved empty one when they have not started it."""
    plan = Plan.objects.filter(member=member, kind=kind).first()
    return plan or Plan(member=member, kind=kind, content={})


def versions_of(plan: Plan) -> QuerySet[PlanVersion]:
    if not plan.pk:  # an unsaved plan: the member has not started it
        return PlanVersion.objects.none()
    return plan.versions.only("pk", "number", "saved_on", "saved_at", "plan_id")


def version_of(member: User, kind: str, number: int) -> PlanVersion:
    version = (
        PlanVersion.objects.filter(plan__member=member, plan__kind=kind, number=number)
        .select_related("plan")
        .first()
    )
    if version is None:
        raise Http404
    return version


def _reader_of(viewer: User, member: User) -> bool:
    """True when `viewer` holds a role that may be shown plans, in the member's own program."""
    found = standing(viewer)
    return (
        found.program is not None
        and found.has(*READER_ROLES)
        and standing_in(member, found.program).program is not None  # never across programs
    )


def _member(viewer: User, member_id: int) -> User:
    member = User.objects.filter(pk=member_id, is_active=True).first()
    if member is None or standing(member).program is None:
        raise Http404
    if member.pk != viewer.pk and not _reader_of(viewer, member):
        raise Http404
    return member


@dataclass(frozen=True)
class _Sight:
    """What of a member's plans one viewer may see, from the consent ledger as of now."""

    whole: frozenset[str]  # plan kinds shared whole
    crisis: bool  # the WRAP's crisis plan, at least
    goals: bool
    part2: frozenset[
        str
    ]  # plan kinds shared by a consent with the substance-use tick (42 CFR Part 2)

    @property
    def anything(self) -> bool:
        return bool(self.whole) or self.crisis


def _kinds_of(scope: str) -> frozenset[str]:
    if scope == ConsentScope.PLANS:
        return frozenset(PlanKind.values)
    if scope == ConsentScope.CRISIS_PLAN:
        return frozenset({PlanKind.WRAP.value})
    return frozenset(kind for kind, kind_scope in KIND_SCOPES.items() if kind_scope == scope)


def _sees(viewer: User, member: User) -> _Sight:
    # Only consents given in the program the viewer reads in: a member in two programs shares with each
    # on its own (a consent given in B shows nothing to someone reading in A).
    consents = list(
        Consent.objects.active()
        .filter(
            grantee=viewer, member=member, scope__in=PLAN_SCOPES, program=standing(viewer).program
        )
        .values_list("scope", "includes_substance_use")
    )
    scopes = {scope for scope, _ in consents}
    part2 = frozenset().union(*(_kinds_of(scope) for scope, ticked in consents if ticked))
    if ConsentScope.PLANS in scopes:
        whole = frozenset(PlanKind.values)
    else:
        whole = frozenset(kind for kind, scope in KIND_SCOPES.items() if scope in scopes)
    crisis = PlanKind.WRAP in whole or ConsentScope.CRISIS_PLAN in scopes
    return _Sight(whole=whole, crisis=crisis, goals=ConsentScope.PLANS in scopes, part2=part2)


def access_plan(viewer: User, member_id: int, kind: str) -> PlanView:
    """A member's plan as `viewer` may see it (the read is audited); else Http404, as if missing.

    The owner sees everything. Anyone else needs a reader role in the member's program and a consent
    in force: `plans` shows every plan, `wrap` / `safety_plan` / `advance_directive` that plan, and
    `crisis_plan` only the WRAP's crisis plan."""
    if kind not in PlanKind.values:
        raise Http404
    member = _member(viewer, member_id)
    if member.pk == viewer.pk:
        return PlanView(plan=plan_of(member, kind), sections=sections_of(kind), crisis_only=False)
    sight = _sees(viewer, member)
    whole = kind in sight.whole
    crisis_only = not whole and sight.crisis and kind == PlanKind.WRAP
    if not (whole or crisis_only):
        raise Http404
    plan = Plan.objects.filter(member=member, kind=kind).first()
    if plan is None or (plan.is_substance_use and kind not in sight.part2):
        raise Http404  # substance-use records need a consent with the Part 2 tick
    sections = sections_of(kind)
    if crisis_only:
        sections = tuple(s for s in sections if s.key == CRISIS)
    record_access(
        viewer=viewer,
        record=plan,
        subject=member,
        purpose=f"Read shared {kind} plan"
        + (" (crisis plan only)" if crisis_only else "")
        + (" (42 CFR Part 2)" if plan.is_substance_use else ""),
        program_id=plan.program_id,
    )
    return PlanView(
        plan=plan, sections=sections, crisis_only=crisis_only, part2_notice=plan.is_substance_use
    )


def shared_with_viewer(viewer: User, member_id: int) -> SharedWithViewer:
    """Which of a member's plans `viewer` may open right now (the look is audited); Http404 if none."""
    member = _member(viewer, member_id)
    if member.pk == viewer.pk:
        raise Http404  # a member's own plans live on their own pages
    sight = _sees(viewer, member)
    if not sight.anything:
        raise Http404
    visible = set(sight.whole) | ({PlanKind.WRAP.value} if sight.crisis else set())
    plans = [
        plan
        for plan in Plan.objects.filter(member=member, kind__in=sorted(visible)).order_by("kind")
        if not plan.is_substance_use or plan.kind in sight.part2  # Part 2 needs its own tick
    ]
    record_access(
        viewer=viewer,
        record_type="care_plans.plan",
        record_id=member.pk,
        subject=member,
        purpose="Listed shared plans",
        program_id=standing(viewer).program.pk,  # type: ignore[union-attr]  # _reader_of checked it
    )
    return SharedWithViewer(
        member=member,
        plans=list(plans),
        crisis_only=PlanKind.WRAP not in sight.whole,
        sees_goals=sight.goals,
    )


def members_sharing_with(viewer: User) -> QuerySet[Consent]:
    """The consents that let `viewer` see someone's plans right now, one row per consent."""
    if not standing(viewer).has(*READER_ROLES):
        return Consent.objects.none()
    return (
        Consent.objects.active()
        .filter(grantee=viewer, scope__in=PLAN_SCOPES)
        .select_related("member")
        .order_by("member__display_name", "scope")
    )


def plan_readers(member: User) -> QuerySet[Consent]:
    """Who may see the member's plans right now, for the member's own pages."""
    return (
        Consent.objects.active()
        .filter(member=member, scope__in=PLAN_SCOPES)
        .select_related("grantee")
        .order_by("grantee__display_name")
    )


def goals_of(member: User) -> QuerySet[Goal]:
    return Goal.objects.filter(member=member).prefetch_related(
        Prefetch("steps", queryset=GoalStep.objects.order_by("created_at", "pk"))
    )


def may_help_with(viewer: User, goal: Goal) -> bool:
    """The owner, or a reader the member shares all their plans with."""
    if goal.member_id == viewer.pk:
        return True
    return _reader_of(viewer, goal.member) and _sees(viewer, goal.member).goals


def access_goal(viewer: User, goal_id: int) -> Goal:
    """A goal with its steps if `viewer` may see it (audited for anyone but the owner); else Http404.

    Session notes refer to goals through this, so a note never shows a goal the member stopped sharing."""
    goal = goals_of_any().filter(pk=goal_id).first()
    if goal is None or not may_help_with(viewer, goal):
        raise Http404
    if goal.member_id != viewer.pk:
        record_access(
            viewer=viewer,
            record=goal,
            subject=goal.member,
            purpose="Read a shared recovery goal",
            program_id=goal.program_id,
        )
    return goal


def goals_of_any() -> QuerySet[Goal]:
    return Goal.objects.select_related("member").prefetch_related(
        Prefetch("steps", queryset=GoalStep.objects.order_by("created_at", "pk"))
    )


def goals_shared_with(viewer: User, member_id: int) -> list[Goal]:
    """A member's active goals as `viewer` may see them (audited): the seam a session note uses to let a
    supporter pick the goal it addresses. Empty when the member does not share their plans."""
    member = User.objects.filter(pk=member_id, is_active=True).first()
    if member is None:
        return []
    if member.pk != viewer.pk and not (_reader_of(viewer, member) and _sees(viewer, member).goals):
        return []
    goals = list(goals_of(member).filter(status=GoalStatus.ACTIVE))
    if goals and member.pk != viewer.pk:
        record_access(
            viewer=viewer,
            record_type="care_plans.goal",
            record_id=member.pk,
            subject=member,
            purpose="Listed shared recovery goals",
            program_id=goals[0].program_id,
        )
    return goals
