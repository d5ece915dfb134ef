"""API routes for training: what I still need, courses with my progress, my credentials, answering a
module's quiz, and the program's compliance for supervisors. The same selectors and services as the
pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router
from pydantic import Field

from alongside.accounts.choices import Role
from alongside.accounts.models import Program, User
from alongside.accounts.selectors import standing, today_in
from alongside.common.api import Schema, caller

from . import selectors, services

router = Router(tags=["training"])


class NeedOut(Schema):
    activity: str
    ready: bool
    missing: list[str]


class CourseOut(Schema):
    id: int
    title: str
    language: str
    competencies: list[str]
    modules: int
    modules_done: int
    completed_on: date | None


class CredentialOut(Schema):
    id: int
    kind: str
    issuer: str
    number: str
    status: str
    issued_on: date
    expires_on: date
    background_check_on: date | None
    is_current: bool
    ce_rule: str
    ce_hours: dict[str, Decimal]
    ce_missing: dict[str, Decimal]
    supervised_hours: Decimal


class AnswersIn(Schema):
    reflection: str = Field("", max_length=4000)
    answers: dict[int, int] = {}


class ResultOut(Schema):
    score: int | None
    passed: bool
    wrong: list[int]


class ComplianceOut(Schema):
    supporter_id: int
    name: str
    missing: dict[str, list[str]]
    credential_expires_on: date | None


def _caller(request: HttpRequest, *roles: Role) -> tuple[User, Program]:
    """common.api's role gate, with the program it let the person in for."""
    user: User = caller(request, *roles)
    program = standing(user).program
    assert program is not None  # noqa: S101  # caller lets no one without a program through
    return user, program


@router.get("/me", response=list[NeedOut])
def my_needs(request: HttpRequest) -> list[dict[str, Any]]:
    """For each activity, what the caller still has to complete before they are offered for it."""
    user, program = _caller(request, *selectors.LEARNERS)
    return [
        {"activity": n.activity.value, "ready": not n.missing, "missing": n.missing}
        for n in selectors.needs_of(user, program, today_in(program))
    ]


@router.get("/courses", response=list[CourseOut])
def courses(request: HttpRequest) -> list[dict[str, Any]]:
    """The program's published courses in the caller's language, with their progress."""
    user, _program = _caller(request, *selectors.LEARNERS)
    return [
        {
            "id": card.course.pk,
            "title": card.course.title,
            "language": card.course.language,
            "competencies": card.course.competencies,
            "modules": card.modules,
            "modules_done": card.done,
            "completed_on": card.completed_on,
        }
        for card in selectors.courses_for(user)
    ]


@router.get("/credentials", response=list[CredentialOut])
def credentials(request: HttpRequest) -> list[dict[str, Any]]:
    """The caller's credentials with their continuing-education hours against the state rule."""
    user, program = _caller(request, *selectors.LEARNERS)
    today = today_in(program)
    found = []
    for credential in selectors.credentials_of(user, program):
        summary = selectors.hours_summary(credential)
        found.append(
            {
                "id": credential.pk,
                "kind": credential.kind,
                "issuer": credential.issuer,
                "number": credential.number,
                "status": credential.status,
                "issued_on": credential.issued_on,
                "expires_on": credential.expires_on,
                "background_check_on": credential.background_check_on,
                "is_current": credential.is_current(today),
                "ce_rule": credential.ce_rule,
                "ce_hours": summary.earned,
                "ce_missing": {s.category or "total": s.hours for s in summary.missing},
                "supervised_hours": summary.supervised,
            }
        )
    return found


@router.post("/modules/{module_id}/answers", response=ResultOut)
def answer(request: HttpRequest, module_id: int, body: AnswersIn) -> dict[str, Any]:
    """Save a reflection and score the quiz answers ({question id: index of the chosen answer})."""
    user, _program = _caller(request, *selectors.LEARNERS)
    module = selectors.access_module(user, module_id)
    result = services.take_module(
        user=user, module=module, reflection=body.reflection, answers=body.answers
    )
    return {"score": result.score, "passed": result.passed, "wrong": result.wrong}


@router.get("/compliance", response=list[ComplianceOut])
def compliance(request: HttpRequest) -> list[dict[str, Any]]:
    """Every supporter of the program and what they still lack for each activity (supervisors and
    administrators)."""
    user, program = _caller(request, *selectors.EDITORS)
    return [
        {
            "supporter_id": row.supporter.pk,
            "name": str(row.supporter),
            "missing": row.missing,
            "credential_expires_on": row.credential.expires_on if row.credential else None,
        }
        for row in selectors.compliance(user, today_in(program))
    ]
