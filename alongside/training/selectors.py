"""Reads for training: what each person still lacks for each activity (the gates' checker), courses and
progress, credentials and their hours, and the supervisors' compliance and expiring lists."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from alongside.accounts.choices import Role
from alongside.accounts.gates import Activity
from alongside.accounts.models import Program, User
from alongside.accounts.selectors import standing
from alongside.audit.services import record_access
from alongside.safety.sources import Trigger
from alongside.supervision.selectors import supervised_hours

from . import ce
from .models import (
    Attestation,
    CEHours,
    Completion,
    Course,
    Credential,
    CredentialStatus,
    Module,
    ModuleProgress,
    Requirement,
    RequirementKind,
)

EDITORS = (Role.SUPERVISOR, Role.ADMIN)
LEARNERS = (Role.SUPPORTER, Role.SUPERVISOR, Role.ADMIN)


def year_before(on: datetime.date) -> datetime.date:
    """The same date a year earlier (28 February for 29 February): an attestation holds until then."""
    try:
        return on.replace(year=on.year - 1)
    except ValueError:
        return on.replace(year=on.year - 1, day=28)


# --- the gates ------------------------------------------------------------------------------------


def _language() -> str:
    return (get_language() or "en").split("-")[0]


def _course_titles(root_ids: set[int]) -> dict[int, str]:
    """Each root course's title in the reader's language where a translation exists (one query)."""
    titles: dict[int, str] = {}
    rows = Course.objects.filter(
        Q(pk__in=root_ids) | Q(translation_of_id__in=root_ids)
    ).values_list("pk", "translation_of_id", "language", "title")
    language = _language()
    for pk, original, _language_of, title in sorted(rows, key=lambda r: r[2] == language):
        titles[original or pk] = title  # the reader's language sorts last, so it wins
    return titles


def lacking(
    user_ids: Iterable[int], program: Program, on: datetime.date, activities: Iterable[str]
) -> dict[str, dict[int, list[str]]]:
    """For each activity, what each person still lacks on day `on`, in plain words (a course's title,
    "A current credential", ...); people who lack nothing are absent. At most five queries, however
    many people and activities."""
    ids = frozenset(user_ids)
    wanted = list(activities)
    requirements = list(
        Requirement.objects.filter(program=program, activity__in=wanted).order_by(
            "kind", "course__order", "course_id"
        )
    )
    answer: dict[str, dict[int, list[str]]] = {activity: {} for activity in wanted}
    if not requirements or not ids:
        return answer
    kinds = {r.kind for r in requirements}
    root_ids = {r.course_id for r in requirements if r.course_id is not None}
    finished: set[tuple[int, int]] = set()
    titles: dict[int, str] = {}
    if root_ids:
        titles = _course_titles(root_ids)
        for user_id, course_id, original in Completion.objects.filter(
            Q(course_id__in=root_ids) | Q(course__translation_of_id__in=root_ids),
            user_id__in=ids,
        ).values_list("user_id", "course_id", "course__translation_of_id"):
            finished.add((user_id, original or course_id))
    credentialed: set[int] = set()
    if RequirementKind.CREDENTIAL in kinds:
        credentialed = set(current_credentials(ids, on).values_list("user_id", flat=True))
    attested: set[int] = set()
    if RequirementKind.ATTESTATION in kinds:
        attested = set(
            Attestation.objects.filter(
                user_id__in=ids,
                program=program,
                attested_on__lte=on,
                attested_on__gt=year_before(on),
            ).values_list("user_id", flat=True)
        )
    for requirement in requirements:
        found = answer[requirement.activity]
        for user_id in ids:
            if requirement.kind == RequirementKind.COURSE:
                assert requirement.course_id is not None  # noqa: S101 (a constraint holds it)
                if (user_id, requirement.course_id) in finished:
                    continue
                reason = titles.get(requirement.course_id, "")
            elif requirement.kind == RequirementKind.CREDENTIAL:
                if user_id in credentialed:
                    continue
                reason = _("A current credential")
            else:
                if user_id in attested:
                    continue
                reason = _("This year's code-of-ethics attestation")
            found.setdefault(user_id, []).append(reason)
    return answer


def gate_checker(
    user_ids: frozenset[int], program: Program, activity: Activity, on: datetime.date
) -> dict[int, list[str]]:
    """Registered with `accounts.gates` from `TrainingConfig.ready()`."""
    return lacking(user_ids, program, on, [activity])[activity]


@dataclass(frozen=True)
class Need:
    """One activity and what a person still has to complete for it (nothing: they may)."""

    activity: Activity
    missing: list[str]

    @property
    def sentence(self) -> str:
        return _("To be offered for %(activity)s, finish: %(missing)s") % {
            "activity": str(self.activity.label).lower(),
            "missing": ", ".join(self.missing),
        }


def needs_of(user: User, program: Program, on: datetime.date) -> list[Need]:
    """Every activity with what `user` still lacks for it, in the menu's order of activities."""
    found = lacking([user.pk], program, on, Activity.values)
    return [Need(Activity(a), found[a].get(user.pk, [])) for a in Activity.values]


def current_credentials(user_ids: Iterable[int], on: datetime.date) -> QuerySet[Credential]:
    """Credentials that count on day `on`: active, issued, and not yet at their expiry date."""
    return current_between(user_ids, on, on)


def current_between(
    user_ids: Iterable[int], first: datetime.date, last: datetime.date
) -> QuerySet[Credential]:
    """Credentials that count on some day from `first` to `last`: each counts from its `issued_on` to the
    day before its `expires_on` (one query for a span of days, not one a day)."""
    return Credential.objects.filter(
        user_id__in=list(user_ids),
        status=CredentialStatus.ACTIVE,
        issued_on__lte=last,
        expires_on__gt=first,
    )


def requirements_of(program: Program) -> QuerySet[Requirement]:
    return Requirement.objects.filter(program=program).select_related("course")


# --- courses --------------------------------------------------------------------------------------


def _program_of(viewer: User, *roles: Role) -> Program:
    found = standing(viewer)
    if found.program is None or not found.has(*roles):
        raise Http404
    return found.program


def can_edit(viewer: User) -> bool:
    return standing(viewer).has(*EDITORS)


@dataclass
class CourseCard:
    """A course as the learner's list shows it, in their language where one is written."""

    course: Course
    modules: int
    done: int
    completed_on: datetime.date | None

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.modules) if self.modules else 0


def courses_for(viewer: User) -> list[CourseCard]:
    """The program's published courses, one per subject in the viewer's language if written, with the
    viewer's progress (four queries)."""
    program = _program_of(viewer, *LEARNERS)
    courses = list(
        Course.objects.filter(program=program, is_published=True).prefetch_related("modules")
    )
    language = viewer.language or _language()
    chosen: dict[int, Course] = {}
    for course in courses:
        if course.root_id not in chosen or course.language == language:
            chosen[course.root_id] = course
    done_modules = set(
        ModuleProgress.objects.filter(user=viewer, done_at__isnull=False).values_list(
            "module_id", flat=True
        )
    )
    completions = {
        c.course.root_id: c.completed_on
        for c in Completion.objects.filter(user=viewer).select_related("course")
    }
    cards = []
    for course in sorted(chosen.values(), key=lambda c: (c.order, c.root_id)):
        modules = [m.pk for m in course.modules.all()]
        cards.append(
            CourseCard(
                course=course,
                modules=len(modules),
                done=sum(1 for m in modules if m in done_modules),
                completed_on=completions.get(course.root_id),
            )
        )
    return cards


def access_course(viewer: User, course_id: int) -> Course:
    """A course of the viewer's program: published ones for learners, any for editors; else Http404."""
    program = _program_of(viewer, *LEARNERS)
    course = Course.objects.filter(pk=course_id, program=program).first()
    if course is None or (not course.is_published and not can_edit(viewer)):
        raise Http404
    return course


def access_module(viewer: User, module_id: int) -> Module:
    module = Module.objects.filter(pk=module_id).select_related("course").first()
    if module is None:
        raise Http404
    access_course(viewer, module.course_id)
    return module


def progress_in(viewer: User, course: Course) -> dict[int, ModuleProgress]:
    return {
        p.module_id: p for p in ModuleProgress.objects.filter(user=viewer, module__course=course)
    }


def courses_to_edit(viewer: User) -> QuerySet[Course]:
    program = _program_of(viewer, *EDITORS)
    return Course.objects.filter(program=program).select_related("translation_of")


def access_course_to_edit(viewer: User, course_id: int) -> Course:
    course = courses_to_edit(viewer).filter(pk=course_id).first()
    if course is None:
        raise Http404
    return course


def access_module_to_edit(viewer: User, module_id: int) -> Module:
    program = _program_of(viewer, *EDITORS)
    module = Module.objects.filter(pk=module_id, course__program=program).first()
    if module is None:
        raise Http404
    return module


# --- credentials and hours ------------------------------------------------------------------------


def credentials_of(user: User, program: Program) -> QuerySet[Credential]:
    """A supporter's credentials in `program`, the soonest to expire first (public: supervision reads
    it)."""
    return Credential.objects.filter(user=user, program=program).order_by("expires_on", "pk")


def access_credential(viewer: User, credential_id: int) -> Credential:
    """The credential if it is the viewer's own, or the viewer supervises or runs its program (that read
    is written to the access log); else Http404, exactly as if missing."""
    credential = Credential.objects.filter(pk=credential_id).select_related("user").first()
    if credential is None:
        raise Http404
    if credential.user_id == viewer.pk:
        return credential
    found = standing(viewer)
    # Supervisors and administrators of the credential's program verify credentials.
    if found.program is None or found.program.pk != credential.program_id:
        raise Http404
    if not found.has(*EDITORS):
        raise Http404
    record_access(
        viewer=viewer,
        record=credential,
        subject=credential.user,
        purpose="Viewed a supporter's credential",
        program_id=credential.program_id,
    )
    return credential


@dataclass
class HoursSummary:
    """Continuing-education hours in a credential's period, against its state's rule."""

    credential: Credential
    rule: ce.Rule | None
    earned: dict[str, Decimal] = field(default_factory=dict)
    missing: list[ce.Shortfall] = field(default_factory=list)
    supervised: Decimal = Decimal(
        0
    )  # hours of supervision received since the credential was issued

    @property
    def total(self) -> Decimal:
        return sum(self.earned.values(), Decimal(0))


def hours_summary(credential: Credential) -> HoursSummary:
    """Hours earned from the credential's issue date to its expiry, by category, what is missing, and
    the hours of supervision received since it was issued."""
    rows = (
        CEHours.objects.filter(
            user_id=credential.user_id,
            program_id=credential.program_id,
            completed_on__gte=credential.issued_on,
            completed_on__lt=credential.expires_on,
        )
        .values("category")
        .annotate(total=Sum("hours"))
    )
    earned = {row["category"]: row["total"] for row in rows}
    rule = ce.RULES.get(credential.ce_rule)
    missing = ce.shortfalls(rule, earned) if rule else []
    # Supervision keeps the sessions; certification counts their hours (its public selector).
    supervised = supervised_hours(credential.user, credential.program, since=credential.issued_on)
    return HoursSummary(
        credential=credential, rule=rule, earned=earned, missing=missing, supervised=supervised
    )


def hours_of(user: User, program: Program) -> QuerySet:  # type: ignore[type-arg]
    return CEHours.objects.filter(user=user, program=program)


def attested_on(user: User, program: Program) -> datetime.date | None:
    found = Attestation.objects.filter(user=user, program=program).first()
    return found.attested_on if found else None


# --- supervisors' lists ---------------------------------------------------------------------------


def supporters_of(program: Program) -> QuerySet[User]:
    return (
        User.objects.filter(
            is_active=True, memberships__program=program, memberships__role=Role.SUPPORTER
        )
        .distinct()
        .order_by("display_name", "username", "pk")
    )


@dataclass
class ComplianceRow:
    """One supporter: what they lack for each activity, and their soonest-expiring credential."""

    supporter: User
    missing: dict[str, list[str]]
    credential: Credential | None

    @property
    def ready(self) -> list[bool]:
        return [not self.missing.get(a) for a in Activity.values]


def compliance(viewer: User, on: datetime.date) -> list[ComplianceRow]:
    """Every supporter of the viewer's program and where they stand, in a fixed number of queries."""
    program = _program_of(viewer, *EDITORS)
    supporters = list(supporters_of(program))
    ids = [s.pk for s in supporters]
    found = lacking(ids, program, on, Activity.values)
    soonest: dict[int, Credential] = {}
    for credential in current_credentials(ids, on).order_by("expires_on"):
        soonest.setdefault(credential.user_id, credential)
    return [
        ComplianceRow(
            supporter=s,
            missing={a: found[a].get(s.pk, []) for a in Activity.values},
            credential=soonest.get(s.pk),
        )
        for s in supporters
    ]


def expiring(viewer: User, on: datetime.date, *, within_days: int = 90) -> QuerySet[Credential]:
    """Credentials of the viewer's program that expire within `within_days` or have expired in the last
    year, soonest first (one query)."""
    program = _program_of(viewer, *EDITORS)
    return (
        Credential.objects.filter(
            program=program,
            expires_on__lte=on + datetime.timedelta(days=within_days),
            expires_on__gt=on - datetime.timedelta(days=365),
        )
        .exclude(status=CredentialStatus.REVOKED)
        .select_related("user")
        .order_by("expires_on", "pk")
    )


def reflection_trigger(escalation: Any, item: int | None = None) -> Trigger | None:
    """The reflection that opened an escalation; the caller has checked access."""
    progress = ModuleProgress.objects.filter(
        pk=escalation.source_id, user_id=escalation.person_id
    ).first()
    if item is not None or progress is None:
        return None
    return Trigger(
        words=progress.reflection,
        at=progress.updated_at,
        label_kind="reflection",
        label_id=progress.pk,
        assessed_level=progress.risk_level,
    )
