"""API routes for plans and goals: the member's own plan (read and save fields), a shared plan read
through the consent ledger, and goals. The same services, selectors and access checks as the pages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Status
from pydantic import Field

from alongside.accounts.choices import Role
from alongside.common.api import ApiError, Schema, caller

from . import selectors, services
from .sections import PART2_NOTICE, PlanKind

router = Router(tags=["care plans"])


class PlanOut(Schema):
    kind: str = Field(description="wrap, safety or pad")
    member_id: int
    content: dict[str, str] = Field(description="The plan's words, one entry per field key.")
    sections: list[str] = Field(description="The section keys this viewer may see.")
    crisis_only: bool
    updated_at: datetime | None
    notice: str | None = Field(
        description="42 CFR Part 2 redisclosure notice: set when the plan holds substance-use "
        "records shown to someone other than the member; show it with the plan."
    )


class PlanIn(Schema):
    content: dict[str, str] = Field(description="Only the fields given change; others stay.")


class StepOut(Schema):
    id: int
    text: str
    due_on: date | None
    done: bool


class GoalOut(Schema):
    id: int
    title: str
    why: str
    status: str
    steps: list[StepOut]


def _plan_out(view: selectors.PlanView) -> dict[str, Any]:
    keys = {field.key for section in view.sections for field in section.fields}
    return {
        "kind": view.plan.kind,
        "member_id": view.plan.member_id,
        "content": {k: v for k, v in view.plan.content.items() if k in keys},
        "sections": [section.key for section in view.sections],
        "crisis_only": view.crisis_only,
        "updated_at": view.plan.updated_at if view.plan.pk else None,
        "notice": str(PART2_NOTICE) if view.part2_notice else None,
    }


@router.get("/plans/{kind}", response=PlanOut)
def own_plan(request: HttpRequest, kind: PlanKind) -> dict[str, Any]:
    """The caller's own plan of this kind (empty when not started)."""
    member = caller(request, Role.MEMBER)
    return _plan_out(selectors.access_plan(member, member.pk, kind))


@router.patch("/plans/{kind}", response={200: PlanOut, 422: ApiError})
def save_plan(request: HttpRequest, kind: PlanKind, payload: PlanIn) -> Status[Any]:
    """Save some fields of the caller's own plan; the day's version is kept as on the pages."""
    member = caller(request, Role.MEMBER)
    try:
        services.save_plan_fields(member=member, kind=kind, values=payload.content)
    except ValidationError as error:
        return Status(422, {"detail": " ".join(error.messages)})
    return Status(200, _plan_out(selectors.access_plan(member, member.pk, kind)))


@router.get("/members/{member_id}/plans/{kind}", response=PlanOut)
def shared_plan(request: HttpRequest, member_id: int, kind: PlanKind) -> dict[str, Any]:
    """A member's plan as the caller may see it under the member's consent; 404 otherwise."""
    return _plan_out(selectors.access_plan(caller(request), member_id, kind))


@router.get("/goals", response=list[GoalOut])
def own_goals(request: HttpRequest) -> list[dict[str, Any]]:
    """The caller's recovery goals with their small steps."""
    return [
        {
            "id": goal.pk,
            "title": goal.title,
            "why": goal.why,
            "status": goal.status,
            "steps": [
                {"id": s.pk, "text": s.text, "due_on": s.due_on, "done": s.is_done}
                for s in goal.steps.all()
            ],
        }
        for goal in selectors.goals_of(caller(request, Role.MEMBER))
    ]
