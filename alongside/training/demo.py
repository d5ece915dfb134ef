"""Demo data for training (synthetic people only): the starter curriculum with its default requirements,
every supporter, supervisor and administrator trained and credentialed (so the rest of the demo goes
on as before), one supporter whose credential expires soon and one whose credential has expired."""

from __future__ import annotations

import datetime
from decimal import Decimal

from alongside.accounts.choices import Role
from alongside.accounts.models import CareTeamLink, Program, User
from alongside.accounts.selectors import today_in

from . import services
from .models import (
    Attestation,
    CECategory,
    CEHours,
    Completion,
    Course,
    Credential,
    CredentialKind,
    Module,
    ModuleProgress,
)

KINDS = [
    CredentialKind.STATE_PEER_SPECIALIST,
    CredentialKind.RECOVERY_COACH,
    CredentialKind.NATIONAL,
]


def load(program: Program) -> None:
    """Add this app's part of the demo program."""
    courses = services.install_starter_curriculum(program=program)
    today = today_in(program)
    staff = list(
        User.objects.filter(
            memberships__program=program,
            memberships__role__in=[Role.SUPPORTER, Role.SUPERVISOR, Role.ADMIN],
        )
        .distinct()
        .order_by("pk")
    )
    Completion.objects.bulk_create(
        Completion(
            user=person,
            course=course,
            completed_on=today - datetime.timedelta(days=30 + 7 * index + person.pk % 60),
        )
        for index, course in enumerate(courses)
        for person in staff
    )
    with_caseload = set(
        CareTeamLink.objects.current().filter(program=program).values_list("staff_id", flat=True)
    )
    supporters = [p for p in staff if p.username != "demo-supporter" and p.pk not in with_caseload]
    expiring_soon = supporters[0] if supporters else None
    expired = supporters[-1] if len(supporters) > 1 else None
    credentials = []
    for index, person in enumerate(staff):
        expires_on = today + datetime.timedelta(days=200 + 11 * index)
        if person == expiring_soon:
            expires_on = today + datetime.timedelta(days=20)
        elif person == expired:
            expires_on = today - datetime.timedelta(days=3)
        credentials.append(
            Credential(
                user=person,
                program=program,
                kind=KINDS[index % len(KINDS)],
                issuer="Pennsylvania Certification Board" if index % 2 else "Texas HHSC",
                number=f"DEMO-{1000 + index}",
                issued_on=expires_on - datetime.timedelta(days=730),
                expires_on=expires_on,
                background_check_on=expires_on - datetime.timedelta(days=740),
                ce_rule="PA" if index % 2 else "TX",
                reminded=[90, 30] if person == expiring_soon else [],
            )
        )
    Credential.objects.bulk_create(credentials)
    _demo_supporter(program, courses, today)


def _demo_supporter(program: Program, courses: list[Course], today: datetime.date) -> None:
    """demo-supporter: every module done, hours from here and elsewhere, this year's attestation."""
    supporter = User.objects.filter(username="demo-supporter").first()
    if supporter is None:
        return
    modules = Module.objects.filter(course__in=courses)
    ModuleProgress.objects.bulk_create(
        ModuleProgress(
            user=supporter, module=m, score=100, attempts=1, done_at=supporter.date_joined
        )
        for m in modules
    )
    credential = Credential.objects.get(user=supporter, program=program)
    credential.ce_rule = "PA"
    credential.save(update_fields=["ce_rule"])
    within = credential.issued_on + datetime.timedelta(days=100)
    CEHours.objects.bulk_create(
        [
            *(
                CEHours(
                    user=supporter,
                    program=program,
                    category=course.ce_category,
                    hours=course.ce_hours,
                    title=course.title,
                    completed_on=within,
                    course=course,
                )
                for course in courses
            ),
            CEHours(
                user=supporter,
                program=program,
                category=CECategory.PEER,
                hours=Decimal(12),
                title="Regional peer support conference (synthetic)",
                completed_on=within + datetime.timedelta(days=60),
            ),
            CEHours(
                user=supporter,
                program=program,
                category=CECategory.ELECTIVE,
                hours=Decimal(6),
                title="Motivational interviewing workshop (synthetic)",
                completed_on=within + datetime.timedelta(days=120),
            ),
        ]
    )
    Attestation.objects.create(
        user=supporter, program=program, attested_on=today - datetime.timedelta(days=40)
    )
