"""Changes in training: writing courses, taking them (reflections, quizzes, completion), credentials and
their hours and reminders, the ethics attestation, and what each activity requires."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import default_task_backend

from alongside.accounts.choices import Role
from alongside.accounts.gates import Activity
from alongside.accounts.models import Program, User
from alongside.accounts.selectors import standing, standing_in, today_in
from alongside.audit.models import Action
from alongside.audit.services import record_access
from alongside.forums.text import render
from alongside.notifications.services import email_person
from alongside.safety import assess
from alongside.safety.services import open_escalation

from . import ce, curriculum, selectors
from .models import (
    Attestation,
    CECategory,
    CEHours,
    Competency,
    Completion,
    Course,
    Credential,
    CredentialKind,
    CredentialStatus,
    Module,
    ModuleProgress,
    Question,
    Requirement,
    RequirementKind,
)

REFLECTION_SOURCE = "reflection"  # Escalation.source_kind holds 16 characters
REMIND_DAYS = (90, 30, 7)
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
DOCUMENT_TYPES = (".pdf", ".png", ".jpg", ".jpeg")


def _editor_program(by: User) -> Program:
    found = standing(by)
    if found.program is None or not found.has(*selectors.EDITORS):
        raise PermissionDenied
    return found.program


# --- writing courses ------------------------------------------------------------------------------


def _course_errors(fields: dict[str, Any]) -> dict[str, str]:
    errors = {}
    if not str(fields.get("title", "")).strip():
        errors["title"] = _("Please give the course a title.")
    if any(c not in Competency.values for c in fields.get("competencies", [])):
        errors["competencies"] = _("Please choose competencies from the list.")
    if not 0 <= int(fields.get("pass_mark", 80)) <= 100:
        errors["pass_mark"] = _("The pass mark is a percentage from 0 to 100.")
    if fields.get("ce_category", CECategory.PEER) not in CECategory.values:
        errors["ce_category"] = _("Please choose a category from the list.")
    return errors


@transaction.atomic
def save_course(*, by: User, course: Course | None = None, **fields: Any) -> Course:
    """Create or change a course of the editor's program (supervisors and administrators)."""
    program = _editor_program(by)
    if course is not None and course.program_id != program.pk:
        raise PermissionDenied
    if errors := _course_errors(fields):
        raise ValidationError(errors)
    translation_of = fields.pop("translation_of", None)
    if translation_of is not None and (
        translation_of.program_id != program.pk or translation_of.translation_of_id is not None
    ):
        raise ValidationError({"translation_of": _("Please choose an original course.")})
    if course is None:
        course = Course(program=program, translation_of=translation_of)
    elif translation_of is not None:
        course.translation_of = translation_of
    for name, value in fields.items():
        setattr(course, name, value)
    course.full_clean(exclude=["program"])
    course.save()
    return course


@dataclass(frozen=True)
class QuestionDraft:
    text: str
    choices: list[str]
    correct: int


def parse_questions(text: str) -> list[QuestionDraft]:
    """Questions as an editor writes them: a question line, then its choices, the right one marked
    with `*` and the others with `-`; a blank line between questions."""
    drafts: list[QuestionDraft] = []
    for number, block in enumerate(
        b for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()
    ):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        question, options = lines[0], lines[1:]
        right = [i for i, line in enumerate(options) if line.startswith("*")]
        if len(options) < 2 or len(right) != 1 or not all(o[:1] in "*-" for o in options):
            raise ValidationError(
                {
                    "questions": _(
                        "Question %(n)s needs at least two choices, each on its own line starting "
                        "with - and the right one with *."
                    )
                    % {"n": number + 1}
                }
            )
        choices = [o[1:].strip() for o in options]
        drafts.append(QuestionDraft(text=question, choices=choices, correct=right[0]))
    return drafts


def questions_as_text(module: Module) -> str:
    blocks = []
    for q in module.questions.all():
        lines = [q.text] + [
            f"{'*' if i == q.correct else '-'} {choice}" for i, choice in enumerate(q.choices)
        ]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


@transaction.atomic
def save_module(
    *,
    by: User,
    course: Course,
    module: Module | None = None,
    title: str,
    body: str,
    reflection_prompt: str = "",
    questions: Sequence[QuestionDraft] = (),
    order: int | None = None,
) -> Module:
    """Create or change a module: its Markdown is rendered and sanitised as forum posts are, and its
    quiz replaced by `questions`."""
    program = _editor_program(by)
    if course.program_id != program.pk or (module is not None and module.course_id != course.pk):
        raise PermissionDenied
    if not title.strip():
        raise ValidationError({"title": _("Please give the module a title.")})
    if module is None:
        module = Module(course=course, order=course.modules.count() if order is None else order)
    elif order is not None:
        module.order = order
    module.title, module.body, module.reflection_prompt = title.strip(), body, reflection_prompt
    module.body_html = render(body)
    module.save()
    module.questions.all().delete()
    Question.objects.bulk_create(
        Question(module=module, order=i, text=q.text, choices=q.choices, correct=q.correct)
        for i, q in enumerate(questions)
    )
    return module


# --- taking courses -------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuizResult:
    """How one attempt went: the score in percent, and whether the module is now finished."""

    score: int | None
    passed: bool
    wrong: list[int]  # question ids answered wrongly (or not at all)


def _reflect(user: User, progress: ModuleProgress, reflection: str, program: Program) -> None:
    """A reflection is the supporter's own words: it passes safety first, and a high reading opens an
    escalation as any other writing does."""
    assessment = assess(reflection)
    progress.reflection, progress.risk_level = reflection, assessment.level.value
    if assessment.level.opens_escalation:
        progress.save()
        open_escalation(
            program=program,
            person=user,
            source_kind=REFLECTION_SOURCE,
            source_id=progress.pk,
            level=assessment.level,
            reasons=list(assessment.reasons),
        )


@transaction.atomic
def take_module(
    *,
    user: User,
    module: Module,
    reflection: str = "",
    answers: dict[int, int] | None = None,
    now: datetime.datetime | None = None,
) -> QuizResult:
    """Save a learner's reflection and score their quiz answers ({question id: choice index}). The
    module is finished when its quiz is passed (or at once when it has none); the course is completed,
    with its continuing-education hours, when every module is finished."""
    selectors.access_module(user, module.pk)
    now = now or timezone.now()
    course = module.course
    program = Program.objects.get(pk=course.program_id)
    progress, _created = ModuleProgress.objects.select_for_update().get_or_create(
        user=user, module=module
    )
    reflection = reflection.strip()
    if reflection != progress.reflection:
        _reflect(user, progress, reflection, program)
    questions = list(module.questions.all())
    result = QuizResult(score=None, passed=True, wrong=[])
    if questions:
        given = answers or {}
        wrong = [q.pk for q in questions if given.get(q.pk) != q.correct]
        score = round(100 * (len(questions) - len(wrong)) / len(questions))
        result = QuizResult(score=score, passed=score >= course.pass_mark, wrong=wrong)
        progress.score, progress.attempts = score, progress.attempts + 1
    if result.passed and progress.done_at is None:
        progress.done_at = now
    progress.save()
    if progress.done_at is not None:
        _complete_if_finished(user, course, program, today_in(program, now))
    return result


def _complete_if_finished(user: User, course: Course, program: Program, on: datetime.date) -> None:
    modules = set(course.modules.values_list("pk", flat=True))
    done = set(
        ModuleProgress.objects.filter(
            user=user, module_id__in=modules, done_at__isnull=False
        ).values_list("module_id", flat=True)
    )
    if modules != done:
        return
    completion, created = Completion.objects.get_or_create(
        user=user, course=course, defaults={"completed_on": on}
    )
    if created and course.ce_hours > 0:
        CEHours.objects.create(
            user=user,
            program=program,
            category=course.ce_category,
            hours=course.ce_hours,
            title=course.title,
            completed_on=on,
            course=course,
        )


# --- credentials, hours, attestation --------------------------------------------------------------


def _check_document(document: UploadedFile[Any] | None) -> None:
    if document is None:
        return
    name = (document.name or "").lower()
    if not name.endswith(DOCUMENT_TYPES) or (document.size or 0) > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            {"document": _("Please upload a PDF or a photo (PNG or JPEG) of at most 10 MB.")}
        )


def _supporter_in(by: User, supporter: User) -> Program:
    """Supporters record their own credentials; supervisors and administrators anyone's in their
    program."""
    found = standing(by)
    if found.program is None:
        raise PermissionDenied
    if by.pk == supporter.pk and found.has(*selectors.LEARNERS):
        return found.program
    if found.has(*selectors.EDITORS) and standing_in(supporter, found.program).program is not None:
        return found.program
    raise PermissionDenied


@transaction.atomic
def record_credential(
    *,
    by: User,
    supporter: User,
    credential: Credential | None = None,
    kind: str,
    issuer: str,
    number: str = "",
    status: str = CredentialStatus.ACTIVE,
    issued_on: datetime.date,
    expires_on: datetime.date,
    background_check_on: datetime.date | None = None,
    ce_rule: str = "",
    document: UploadedFile[Any] | None = None,
) -> Credential:
    """Record (or correct) a supporter's credential and ask for its expiry reminders."""
    program = _supporter_in(by, supporter)
    errors = {}
    if kind not in CredentialKind.values:
        errors["kind"] = _("Please choose a kind of credential from the list.")
    if status not in CredentialStatus.values:
        errors["status"] = _("Please choose a status from the list.")
    if not issuer.strip():
        errors["issuer"] = _("Please say who issued the credential.")
    if expires_on <= issued_on:
        errors["expires_on"] = _("The expiry date comes after the issue date.")
    if ce_rule and ce_rule not in ce.RULES:
        errors["ce_rule"] = _("Please choose a state rule from the list.")
    if errors:
        raise ValidationError(errors)
    _check_document(document)
    if credential is None:
        credential = Credential(user=supporter, program=program)
    elif credential.user_id != supporter.pk:
        raise PermissionDenied
    if credential.expires_on != expires_on:
        credential.reminded = []  # a renewed expiry date earns its reminders again
    credential.kind, credential.issuer, credential.number = kind, issuer.strip(), number.strip()
    credential.status, credential.issued_on, credential.expires_on = status, issued_on, expires_on
    credential.background_check_on, credential.ce_rule = background_check_on, ce_rule
    if document is not None:
        credential.document = document
    credential.save()
    if by.pk != supporter.pk:
        record_access(
            viewer=by,
            record=credential,
            subject=supporter,
            action=Action.WRITE,
            purpose="Recorded a supporter's credential",
            program_id=program.pk,
        )
    transaction.on_commit(lambda: _ask_for_reminders(credential))
    return credential


def _ask_for_reminders(credential: Credential) -> None:
    """One task per reminder day, each to run that morning; the task checks the date again."""
    from .tasks import remind_of_expiry

    today = today_in(credential.program)
    for days in REMIND_DAYS:
        day = credential.expires_on - datetime.timedelta(days=days)
        if day < today:
            continue
        task = remind_of_expiry
        if default_task_backend.supports_defer:
            at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
            task = task.using(run_after=at)
        task.enqueue(credential.pk, days)  # the task checks again that the day has come


@transaction.atomic
def remind_of_expiry(*, credential_id: int, days: int, today: datetime.date | None = None) -> bool:
    """Email the supporter that their credential expires in `days` days, once, on that day or later
    (never after it expired). True if an email was asked for now."""
    credential = (
        Credential.objects.select_for_update()
        .select_related("user", "program")
        .filter(pk=credential_id)
        .first()
    )
    if credential is None or credential.status != CredentialStatus.ACTIVE:
        return False
    today = today or today_in(credential.program)
    left = (credential.expires_on - today).days
    if days in credential.reminded or left > days or left <= 0:
        return False  # sent already, not yet the day (renewed since), or expired
    # A later reminder makes the earlier ones pointless: mark those too.
    credential.reminded = sorted({*credential.reminded, *(d for d in REMIND_DAYS if d >= days)})
    credential.save(update_fields=["reminded", "updated_at"])
    supporter = credential.user
    with translation.override(supporter.language or settings.LANGUAGE_CODE):
        subject = _("Your credential expires in %(days)s days") % {"days": left}
        body = _(
            "Hello %(name)s,\n\nA credential on your Alongside training record expires on "
            "%(date)s. When you have renewed it, add the new dates on your credentials page, so "
            "you can go on being offered for the work it covers.\n"
        ) % {
            "name": supporter.display_name or supporter.username,
            "date": credential.expires_on.isoformat(),
        }
    email_person(to=supporter, subject=subject, body=body)
    return True


def remind_expiring(*, today: datetime.date | None = None) -> int:
    """Send every reminder that is due (a daily sweep for task backends that cannot wait)."""
    sent = 0
    horizon = (today or timezone.localdate()) + datetime.timedelta(days=max(REMIND_DAYS))
    for pk in Credential.objects.filter(
        status=CredentialStatus.ACTIVE, expires_on__lte=horizon
    ).values_list("pk", flat=True):
        for days in sorted(REMIND_DAYS):
            if remind_of_expiry(credential_id=pk, days=days, today=today):
                sent += 1
                break
    return sent


@transaction.atomic
def record_hours(
    *,
    by: User,
    supporter: User,
    category: str,
    hours: Decimal,
    title: str,
    completed_on: datetime.date,
) -> CEHours:
    """Hours of continuing education a supporter earned elsewhere (a workshop, a conference)."""
    program = _supporter_in(by, supporter)
    errors = {}
    if category not in CECategory.values:
        errors["category"] = _("Please choose a category from the list.")
    if not Decimal(0) < hours <= Decimal(100):
        errors["hours"] = _("Please give the hours as a number from 0.25 to 100.")
    if not title.strip():
        errors["title"] = _("Please name the training.")
    if completed_on > today_in(program):
        errors["completed_on"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    return CEHours.objects.create(
        user=supporter,
        program=program,
        category=category,
        hours=hours,
        title=title.strip(),
        completed_on=completed_on,
    )


@transaction.atomic
def attest_ethics(*, supporter: User, on: datetime.date | None = None) -> Attestation:
    """The supporter agrees to the program's code of ethics today; it holds for a year."""
    program = _supporter_in(supporter, supporter)
    on = on or today_in(program)
    return Attestation.objects.create(user=supporter, program=program, attested_on=on)


# --- requirements ---------------------------------------------------------------------------------


@transaction.atomic
def set_requirements(
    *,
    by: User,
    activity: Activity | str,
    course_ids: Iterable[int] = (),
    credential: bool = False,
    attestation: bool = False,
) -> list[Requirement]:
    """What `activity` requires in the editor's program from now on (administrators)."""
    found = standing(by)
    if found.program is None or not found.has(Role.ADMIN):
        raise PermissionDenied
    program = found.program
    activity = Activity(activity)
    ids = set(course_ids)
    courses = list(Course.objects.filter(pk__in=ids, program=program, translation_of__isnull=True))
    if len(courses) != len(ids):
        raise ValidationError({"courses": _("Please choose courses of this program.")})
    Requirement.objects.filter(program=program, activity=activity).delete()
    wanted = [
        Requirement(program=program, activity=activity, kind=RequirementKind.COURSE, course=c)
        for c in courses
    ]
    if credential:
        wanted.append(
            Requirement(program=program, activity=activity, kind=RequirementKind.CREDENTIAL)
        )
    if attestation:
        wanted.append(
            Requirement(program=program, activity=activity, kind=RequirementKind.ATTESTATION)
        )
    record_access(
        viewer=by,
        record_type="training.requirements",
        record_id=activity.value,
        subject=None,
        action=Action.WRITE,
        purpose="Changed what an activity requires",
        program_id=program.pk,
    )
    return Requirement.objects.bulk_create(wanted)


# --- the starter curriculum -----------------------------------------------------------------------


def _install_course(
    program: Program, starter: curriculum.StarterCourse, order: int, original: Course | None
) -> Course:
    course = Course.objects.create(
        program=program,
        translation_of=original,
        language="es" if original else "en",
        title=starter.title,
        summary=starter.summary,
        competencies=list(starter.competencies),
        ce_category=starter.ce_category,
        ce_hours=starter.ce_hours,
        is_published=True,
        order=order,
    )
    for m_order, starter_module in enumerate(starter.modules):
        module = Module.objects.create(
            course=course,
            order=m_order,
            title=starter_module.title,
            body=starter_module.body,
            body_html=render(starter_module.body),
            reflection_prompt=starter_module.reflection,
        )
        questions = []
        for q_order, q in enumerate(starter_module.questions):
            # The right answer is written first; put it somewhere different in each question.
            place = (q_order + m_order + order + 1) % (len(q.wrong) + 1)
            choices = list(q.wrong)
            choices.insert(place, q.right)
            questions.append(
                Question(module=module, order=q_order, text=q.text, choices=choices, correct=place)
            )
        Question.objects.bulk_create(questions)
    return course


@transaction.atomic
def install_starter_curriculum(*, program: Program) -> list[Course]:
    """The five starter courses in English with their Spanish translations, published, and the default
    requirements of each activity (unless the program has set its own). Installing twice changes
    nothing."""
    existing = list(Course.objects.filter(program=program, translation_of__isnull=True))
    if any(c.title == curriculum.ENGLISH[0].title for c in existing):
        return existing
    spanish = {c.key: c for c in curriculum.SPANISH}
    originals = []
    for order, starter in enumerate(curriculum.ENGLISH):
        course = _install_course(program, starter, order, None)
        _install_course(program, spanish[starter.key], order, course)
        originals.append((starter, course))
    if not Requirement.objects.filter(program=program).exists():
        wanted = [
            Requirement(program=program, activity=activity, kind=RequirementKind.COURSE, course=c)
            for starter, c in originals
            for activity in starter.activities
        ]
        # A current credential for the work a funder pays for or that carries most risk.
        wanted += [
            Requirement(program=program, activity=activity, kind=RequirementKind.CREDENTIAL)
            for activity in (Activity.ON_CALL, Activity.SIGN_NOTES)
        ]
        Requirement.objects.bulk_create(wanted)
    return [c for _s, c in originals]
