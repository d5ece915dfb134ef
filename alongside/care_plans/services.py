"""Changes to plans and goals. Only the member writes their plans; a supporter they share all their plans
with may suggest a step toward a goal."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.choices import Role
from alongside.accounts.models import Program, User
from alongside.accounts.selectors import standing, today_in
from alongside.audit.models import Action
from alongside.audit.services import record_access

from .models import MAX_FIELD, Goal, GoalStatus, GoalStep, Plan, PlanVersion, snapshot
from .sections import PlanKind, field_keys
from .selectors import may_help_with


def _program_of_member(member: User) -> Program:
    found = standing(member)
    if found.program is None or not found.has(Role.MEMBER):
        raise PermissionDenied
    return found.program


def _clean_values(kind: str, values: dict[str, str]) -> dict[str, str]:
    known = field_keys(kind)
    unknown = sorted(set(values) - known)
    if unknown:
        raise ValidationError(_("This plan has no part called %(key)s.") % {"key": unknown[0]})
    cleaned = {}
    for key, value in values.items():
        text = str(value).replace("\r\n", "\n")
        if len(text) > MAX_FIELD:
            raise ValidationError(
                _("This answer is too long. Please keep it under %(limit)s characters.")
                % {"limit": MAX_FIELD}
            )
        cleaned[key] = text
    return cleaned


@transaction.atomic
def save_plan_fields(*, member: User, kind: str, values: dict[str, str]) -> Plan:
    """Save some fields of the member's own plan, as they type: only the fields given change.

    Every save is also written into today's version, so each day the plan changed keeps a dated copy.
    Plans are not passed through `safety.assess`: a safety plan names warning signs by design."""
    if kind not in PlanKind.values:
        raise ValidationError(_("There is no such plan."))
    program = _program_of_member(member)
    cleaned = _clean_values(kind, values)
    plan, _created = Plan.objects.get_or_create(
        member=member, kind=kind, defaults={"program": program}
    )
    plan = Plan.objects.select_for_update().get(pk=plan.pk)  # one writer at a time per plan
    plan.content = snapshot({**plan.content, **cleaned})
    plan.save(update_fields=["content", "updated_at"])
    _keep_todays_version(plan, today_in(program))
    return plan


@transaction.atomic
def mark_substance_use(*, member: User, kind: str, is_substance_use: bool) -> Plan:
    """Mark (or unmark) the member's own plan as holding substance-use records (42 CFR Part 2)."""
    if kind not in PlanKind.values:
        raise ValidationError(_("There is no such plan."))
    plan, _created = Plan.objects.get_or_create(
        member=member, kind=kind, defaults={"program": _program_of_member(member)}
    )
    plan.is_substance_use = is_substance_use
    plan.save(update_fields=["is_substance_use", "updated_at"])
    return plan


def _keep_todays_version(plan: Plan, today: date) -> PlanVersion:
    latest = plan.versions.order_by("-number").first()
    now = timezone.now()
    if latest is not None and latest.saved_on == today:
        latest.content, latest.saved_at = plan.content, now
        latest.save(update_fields=["content", "saved_at"])
        return latest
    return PlanVersion.objects.create(
        plan=plan,
        number=(latest.number + 1) if latest else 1,
        saved_on=today,
        saved_at=now,
        content=plan.content,
    )


def record_plan_export(*, member: User, plan: Plan, action: Action) -> None:
    """Printing or exporting a plan is written to the access log, like any disclosure of a record."""
    if not plan.pk:  # an unsaved plan: the member has not started it
        return
    record_access(
        viewer=member,
        record=plan,
        subject=plan.member,
        action=action,
        purpose=f"{action.label} {plan.kind} plan",
        program_id=plan.program_id,
    )


@transaction.atomic
def add_goal(*, member: User, title: str, why: str = "") -> Goal:
    """A new recovery goal in the member's own words."""
    program = _program_of_member(member)
    title = title.strip()
    if not title:
        raise ValidationError(_("Please write your goal in a few words."))
    return Goal.objects.create(program=program, member=member, title=title, why=why.strip())


@transaction.atomic
def set_goal_status(*, member: User, goal: Goal, status: GoalStatus) -> Goal:
    """Mark a goal reached, set it aside, or pick it up again. Only its owner may."""
    if goal.member_id != member.pk:
        raise PermissionDenied
    goal.status = status
    goal.done_at = timezone.now() if status == GoalStatus.DONE else None
    goal.save(update_fields=["status", "done_at", "updated_at"])
    return goal


@transaction.atomic
def add_step(*, actor: User, goal: Goal, text: str, due_on: date | None = None) -> GoalStep:
    """A small step toward a goal, by the member or a supporter they share their plans with."""
    if not may_help_with(actor, goal):
        raise PermissionDenied
    text = text.strip()
    if not text:
        raise ValidationError(_("Please write the step in a few words."))
    step = GoalStep.objects.create(goal=goal, text=text, due_on=due_on, added_by=actor)
    if actor.pk != goal.member_id:
        record_access(
            viewer=actor,
            record=step,
            subject=goal.member,
            action=Action.WRITE,
            purpose="Suggested a step toward a recovery goal",
            program_id=goal.program_id,
        )
    return step


@transaction.atomic
def set_step_done(*, member: User, step: GoalStep, done: bool) -> GoalStep:
    """Tick a step off, or un-tick it. Only the goal's owner may."""
    if step.goal.member_id != member.pk:
        raise PermissionDenied
    step.done_at = timezone.now() if done else None
    step.save(update_fields=["done_at", "updated_at"])
    return step
