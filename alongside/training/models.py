"""Courses a program writes (modules, reflection prompts, quizzes), supporters' progress and completions,
credentials with their continuing-education hours, the yearly ethics attestation, and what each activity
requires (the gates)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from alongside.accounts.gates import Activity
from alongside.accounts.models import Program
from alongside.common.models import TimeStampedModel


class Competency(models.TextChoices):
    """SAMHSA Core Competencies for Peer Workers (2015), the 12 categories (DOMAIN.md §2)."""

    ENGAGES = "engages", _("Engages peers in caring relationships")
    SUPPORTS = "supports", _("Provides support")
    SHARES = "shares", _("Shares lived experiences of recovery")
    PERSONALIZES = "personalizes", _("Personalizes peer support")
    PLANNING = "planning", _("Supports recovery planning")
    LINKS = "links", _("Links to resources, services and supports")
    INFORMS = "informs", _("Provides information about skills for health, wellness and recovery")
    CRISES = "crises", _("Helps peers to manage crises")
    COMMUNICATION = "communication", _("Values communication")
    COLLABORATION = "collaboration", _("Supports collaboration and teamwork")
    LEADERSHIP = "leadership", _("Promotes leadership and advocacy")
    GROWTH = "growth", _("Promotes growth and development")


class Course(TimeStampedModel):
    """A course the program wrote, in one language; a translation points at the course it translates,
    and finishing either counts for both."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    translation_of = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="translations"
    )
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    title = models.CharField(max_length=160)
    summary = models.TextField(blank=True)
    competencies = models.JSONField(default=list, blank=True)  # Competency values
    pass_mark = models.PositiveSmallIntegerField(default=80)  # percent of quiz answers right
    ce_hours = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(0))
    ce_category = models.CharField(max_length=16, default="peer")  # a CECategory value
    is_published = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pass_mark__gte=0, pass_mark__lte=100), name="pass_mark_percent"
            ),
            models.UniqueConstraint(
                fields=["translation_of", "language"], name="one_translation_per_language"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def root_id(self) -> int:
        """The course all translations share: what a requirement names."""
        return self.translation_of_id or self.pk

    def competency_labels(self) -> list[str]:
        return [str(Competency(c).label) for c in self.competencies if c in Competency.values]


class Module(TimeStampedModel):
    """One short part of a course: Markdown text (rendered once, sanitised as forum posts are), a
    reflection prompt, and the questions of its quiz."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=160)
    body = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    reflection_prompt = models.TextField(blank=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """A quiz question with its choices and the index of the right one."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=400)
    choices = models.JSONField(default=list)  # list[str]
    correct = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


class ModuleProgress(TimeStampedModel):
    """Where a supporter is in one module: their reflection (private to them), the last quiz score,
    and when they finished it (read, and the quiz passed if it has one)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="progress")
    reflection = models.TextField(blank=True)
    risk_level = models.CharField(max_length=16, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)  # percent, last attempt
    attempts = models.PositiveSmallIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "module"], name="one_progress_per_module")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in module {self.module_id}"


class Completion(TimeStampedModel):
    """A supporter finished a course (every module) on a day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="completions")
    completed_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="one_completion_per_course")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} finished {self.course_id}"


class CredentialKind(models.TextChoices):
    STATE_PEER_SPECIALIST = "state_peer_specialist", _("State peer specialist")
    RECOVERY_COACH = "recovery_coach", _("Recovery coach")
    NATIONAL = "national", _("National certification")


class CredentialStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PENDING = "pending", _("Applied for")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Withdrawn")


class Credential(TimeStampedModel):
    """A certification a supporter holds. It counts from `issued_on` until the day before `expires_on`:
    on `expires_on` it has expired, and the gates it opened close that day."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="credentials"
    )
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32, choices=CredentialKind.choices)
    issuer = models.CharField(max_length=160)
    number = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        max_length=16, choices=CredentialStatus.choices, default=CredentialStatus.ACTIVE
    )
    issued_on = models.DateField()
    expires_on = models.DateField()
    background_check_on = models.DateField(null=True, blank=True)
    ce_rule = models.CharField(max_length=8, blank=True)  # a key of ce.RULES ("PA", "TX")
    document = models.FileField(upload_to="training/credentials/%Y/", blank=True)
    reminded = models.JSONField(
        default=list, blank=True
    )  # days-before already sent, for expires_on

    class Meta:
        ordering = ["expires_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__gt=models.F("issued_on")),
                name="credential_expires_after_issue",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.issuer})"

    def is_current(self, on: datetime.date) -> bool:
        return self.status == CredentialStatus.ACTIVE and self.issued_on <= on < self.expires_on


class CECategory(models.TextChoices):
    PEER = "peer", _("Peer support and recovery")
    ETHICS = "ethics", _("Ethics")
    ELECTIVE = "elective", _("Elective")


class CEHours(TimeStampedModel):
    """Continuing-education hours a supporter earned, by category (a course here or training elsewhere)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    category = models.CharField(max_length=16, choices=CECategory.choices)
    hours = models.DecimalField(max_digits=5, decimal_places=2)
    title = models.CharField(max_length=200)
    completed_on = models.DateField()
    course = models.ForeignKey(
        Course, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-completed_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(hours__gt=0), name="ce_hours_positive")
        ]

    def __str__(self) -> str:
        return f"{self.hours} h {self.category}: {self.title}"


class Attestation(TimeStampedModel):
    """A supporter read and agreed to the program's code of ethics; it holds for a year."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    attested_on = models.DateField()

    class Meta:
        ordering = ["-attested_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.user_id} attested on {self.attested_on}"


class RequirementKind(models.TextChoices):
    COURSE = "course", _("A course")
    CREDENTIAL = "credential", _("A current credential")
    ATTESTATION = "attestation", _("This year's code-of-ethics attestation")


class Requirement(TimeStampedModel):
    """One thing an activity needs in a program: a named course, a current credential, or this year's
    ethics attestation. A program with none for an activity lets everyone do it."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    activity = models.CharField(max_length=32, choices=Activity.choices)
    kind = models.CharField(max_length=16, choices=RequirementKind.choices)
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, null=True, blank=True, related_name="requirements"
    )

    class Meta:
        ordering = ["activity", "kind", "course_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "activity", "kind", "course"], name="one_requirement_once"
            ),
            models.UniqueConstraint(
                fields=["program", "activity", "kind"],
                condition=models.Q(course__isnull=True),
                name="one_plain_requirement_once",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="course", course__isnull=False)
                | (~models.Q(kind="course") & models.Q(course__isnull=True)),
                name="course_requirement_names_a_course",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity}: {self.kind} {self.course_id or ''}"
