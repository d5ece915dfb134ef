"""Daily check-ins, questionnaire responses (item answers kept, scored, FHIR-ready), safety flags waiting
for the safety work, program schedules with their reminders, and instrument text a program loads."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Program, User
from alongside.common.models import TimeStampedModel

from . import instruments


class CheckIn(TimeStampedModel):
    """How a member is doing today: three taps and an optional line. One per member per day; checking
    in again the same day changes it."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="check_ins")
    on = models.DateField()
    mood = models.PositiveSmallIntegerField()
    sleep = models.PositiveSmallIntegerField()
    energy = models.PositiveSmallIntegerField()
    note = models.CharField(max_length=280, blank=True)
    # What safety.assess() made of the note; the safety work escalates from SafetyFlag, not from here.
    risk_level = models.CharField(max_length=16, default="none")
    risk_model_version = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["-on"]
        constraints = [
            models.UniqueConstraint(fields=["member", "on"], name="one_check_in_a_day"),
            models.CheckConstraint(condition=Q(mood__gte=1, mood__lte=5), name="mood_1_to_5"),
            models.CheckConstraint(condition=Q(sleep__gte=1, sleep__lte=5), name="sleep_1_to_5"),
            models.CheckConstraint(condition=Q(energy__gte=1, energy__lte=5), name="energy_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"Check-in of {self.member} on {self.on}"


class Response(TimeStampedModel):
    """One completed questionnaire. Item answers are stored as given (None = skipped), with the score
    and the LOINC codes, so QuestionnaireResponse and Observation can be exported without a migration."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="questionnaire_responses"
    )
    instrument = models.CharField(max_length=16)
    answers = models.JSONField()  # [int | None], one per item, in item order
    extra = models.JSONField(
        default=dict, blank=True
    )  # unscored answers, e.g. PHQ-9 "how difficult"
    total = models.IntegerField()
    band = models.CharField(max_length=32, blank=True)
    flags = models.JSONField(default=list, blank=True)
    language = models.CharField(max_length=8, blank=True)
    panel_loinc = models.CharField(max_length=16, blank=True)
    total_loinc = models.CharField(max_length=16, blank=True)
    # [{"link_id": "1", "loinc": "44250-9", "value": 2, "answer_code": "LA6570-1"}, ...]
    items = models.JSONField(default=list, blank=True)
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-completed_at", "-pk"]
        indexes = [models.Index(fields=["member", "instrument", "-completed_at"])]

    def __str__(self) -> str:
        return f"{self.instrument} of {self.member} at {self.completed_at:%Y-%m-%d}"

    @property
    def is_complete(self) -> bool:
        return "incomplete" not in self.flags

    @property
    def gentle_name(self) -> str:
        return instruments.gentle_name(self.instrument)

    @property
    def code_label(self) -> str:
        return instruments.code_label(self.instrument)


class SafetyFlagQuerySet(models.QuerySet["SafetyFlag"]):
    def unhandled(self) -> SafetyFlagQuerySet:
        return self.filter(handled_at__isnull=True)


class SafetyFlag(TimeStampedModel):
    """A sign of risk found in a check-in or a questionnaire, waiting for the safety work to open an
    escalation (`outcomes.selectors.unhandled_safety_flags`, `outcomes.services.mark_flag_handled`)."""

    class Source(models.TextChoices):
        PHQ9_ITEM9 = "phq9_item9", _("Questionnaire answer about self-harm")
        CHECK_IN_NOTE = "check_in_note", _("Check-in note")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=16, choices=Source.choices)
    level = models.CharField(max_length=16)  # safety.Level value: concern, high or imminent
    reasons = models.JSONField(default=list, blank=True)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, null=True, blank=True)
    check_in = models.ForeignKey(CheckIn, on_delete=models.CASCADE, null=True, blank=True)
    handled_at = models.DateTimeField(null=True, blank=True)

    objects = SafetyFlagQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} ({self.level}) for {self.member}"


class Schedule(TimeStampedModel):
    """A program's plan for one questionnaire: at intake, every N days, or both."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    instrument = models.CharField(max_length=16)
    at_intake = models.BooleanField(default=True)
    every_days = models.PositiveSmallIntegerField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["instrument"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "instrument"],
                condition=Q(is_active=True),
                name="one_active_schedule_per_instrument",
            ),
            models.CheckConstraint(
                condition=Q(at_intake=True) | Q(every_days__isnull=False),
                name="schedule_says_when",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} schedule in {self.program}"

    @property
    def gentle_name(self) -> str:
        return instruments.gentle_name(self.instrument)

    @property
    def code_label(self) -> str:
        return instruments.code_label(self.instrument)


class Reminder(models.Model):
    """One nudge sent to a member for one due questionnaire; unique per due date, so a task that runs
    twice reminds once."""

    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="reminders")
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    emailed = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "member", "due_on"], name="one_reminder_per_due_date"
            ),
        ]

    def __str__(self) -> str:
        return f"Reminder for {self.member}: {self.schedule.instrument} due {self.due_on}"


class ProgramInstrumentText(TimeStampedModel):
    """Item text a program loads for an instrument whose licence keeps it out of the repository."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    instrument = models.CharField(max_length=16)
    language = models.CharField(max_length=8, default="en")
    # {"title", "name", "stem", "items": [{"link_id", "text"}], "choices": [{"value", "text"}],
    #  "attribution"} with plain strings: the program's own licensed text, in one language.
    content = models.JSONField()
    loaded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["program", "instrument", "language"], name="one_text_per_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} text ({self.language}) for {self.program}"

    def as_content(self) -> dict[str, Any]:
        return dict(self.content)
