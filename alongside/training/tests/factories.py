"""Builders for training tests."""

from __future__ import annotations

import datetime

from alongside.accounts.gates import Activity
from alongside.accounts.models import Program, User
from alongside.training.models import (
    Completion,
    Course,
    Credential,
    CredentialKind,
    Module,
    Question,
    Requirement,
    RequirementKind,
)


def course_of(program: Program, title: str = "Boundaries and ethics", **fields: object) -> Course:
    """A published course with one module and a two-question quiz (the right answer is choice 1)."""
    course = Course.objects.create(program=program, title=title, is_published=True, **fields)
    module = Module.objects.create(course=course, title="Why boundaries help", body="Hello.")
    for order in range(2):
        Question.objects.create(
            module=module, order=order, text=f"Question {order}", choices=["no", "yes"], correct=1
        )
    return course


def require(program: Program, activity: Activity, course: Course | None = None) -> Requirement:
    """`activity` needs `course`, or a current credential when no course is given."""
    return Requirement.objects.create(
        program=program,
        activity=activity,
        kind=RequirementKind.COURSE if course else RequirementKind.CREDENTIAL,
        course=course,
    )


def complete(user: User, course: Course, on: datetime.date | None = None) -> Completion:
    return Completion.objects.create(
        user=user, course=course, completed_on=on or datetime.date(2026, 1, 1)
    )


def credential_of(
    user: User,
    program: Program,
    *,
    expires_on: datetime.date,
    issued_on: datetime.date | None = None,
    **fields: object,
) -> Credential:
    return Credential.objects.create(
        user=user,
        program=program,
        kind=fields.pop("kind", CredentialKind.STATE_PEER_SPECIALIST),
        issuer=fields.pop("issuer", "Pennsylvania Certification Board"),
        issued_on=issued_on or expires_on - datetime.timedelta(days=730),
        expires_on=expires_on,
        **fields,
    )
