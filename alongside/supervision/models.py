"""Supervision and supporters' well-being: sessions, shadowing, the case-review queue, limits, time off
and the supporter's own check-ins. Foreign keys go to accounts only; escalations and conversations are
named by id (they live in apps of a lower layer, read through their selectors)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Program, User
from alongside.common.models import TimeStampedModel

USER = settings.AUTH_USER_MODEL


class Competency(models.TextChoices):
    """SAMHSA's Core Competencies for Peer Workers (2015), the twelve categories."""

    ENGAGES = "engages", _("Engages peers in caring relationships")
    SUPPORT = "support", _("Provides support")
    SHARES = "shares", _("Shares lived experience of recovery")
    PERSONALIZES = "personalizes", _("Personalizes peer support")
    PLANNING = "planning", _("Supports recovery planning")
    LINKS = "links", _("Links to resources, services and supports")
    INFORMATION = "information", _("Provides information about skills for health and recovery")
    CRISES = "crises", _("Helps peers to manage crises")
    COMMUNICATION = "communication", _("Values communication")
    COLLABORATION = "collaboration", _("Supports collaboration and teamwork")
    LEADERSHIP = "leadership", _("Promotes leadership and advocacy")
    GROWTH = "growth", _("Promotes growth and development")


class SessionKind(models.TextChoices):
    INDIVIDUAL = "individual", _("One-to-one")
    GROUP = "group", _("Group")


class SupervisionSession(TimeStampedModel):
    """A supervision session a supervisor held with one supporter or a group; its minutes count toward
    each supporter's supervised hours. `notes` (one-to-one only) are read by the two of them alone."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    supervisor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    supporters = models.ManyToManyField(User, related_name="supervision_sessions")
    kind = models.CharField(_("kind"), max_length=12, choices=SessionKind.choices)
    held_on = models.DateField(_("date"))
    minutes = models.PositiveSmallIntegerField(_("length in minutes"))
    competencies = models.JSONField(_("competencies discussed"), default=list, blank=True)
    notes = models.TextField(_("private reflective notes"), blank=True, max_length=4000)

    class Meta:
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=600), name="session_minutes_in_range"
            ),
            models.CheckConstraint(
                condition=Q(kind="individual") | Q(notes=""), name="private_notes_one_to_one"
            ),
        ]

    def __str__(self) -> str:
        return f"Supervision on {self.held_on} ({self.minutes} min)"


class PracticeKind(models.TextChoices):
    SHADOWING = "shadowing", _("Shadowing")
    CO_FACILITATION = "co_facilitation", _("Co-facilitation")


class PracticeRecord(TimeStampedModel):
    """A new supporter shadowed, or facilitated together with, an experienced one."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    supporter = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    alongside = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=PracticeKind.choices)
    held_on = models.DateField(_("date"))
    minutes = models.PositiveSmallIntegerField(_("length in minutes"))
    note = models.TextField(_("what it covered"), blank=True, max_length=2000)
    logged_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=720), name="practice_minutes_in_range"
            ),
            models.CheckConstraint(
                condition=~Q(supporter=models.F("alongside")), name="practice_with_someone_else"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on}"


class SupporterCare(TimeStampedModel):
    """Per supporter: who supervises them and the caseload limit their supervisor set (matching offers
    no more than the lower of this and the supporter's own capacity)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    supporter = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    supervisor = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    caseload_limit = models.PositiveSmallIntegerField(_("caseload limit"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "supporter"], name="one_care_row_each")
        ]

    def __str__(self) -> str:
        return f"Care settings of {self.supporter_id}"


class WellBeingRules(TimeStampedModel):
    """A program's limits that protect its people."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="+")
    on_call_hours_per_week = models.PositiveSmallIntegerField(
        _("most hours on call in any seven days"), default=48
    )

    def __str__(self) -> str:
        return f"Well-being rules of {self.program_id}"


class TimeOff(TimeStampedModel):
    """A break or time off a supporter took or will take."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    supporter = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))

    class Meta:
        ordering = ["-ends_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="time_off_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"Time off {self.starts_on}–{self.ends_on}"


class ReviewKind(models.TextChoices):
    ESCALATION = "escalation", _("An escalation they handled")
    TALK_THROUGH = "talk_through", _("Something they asked to talk through")


class Debrief(models.TextChoices):
    NONE = "", _("No debrief")
    OFFERED = "offered", _("Debrief offered")
    ACCEPTED = "accepted", _("Asked for a debrief")
    DECLINED = "declined", _("Said no thanks")


class ReviewItemQuerySet(models.QuerySet["ReviewItem"]):
    def waiting(self) -> ReviewItemQuerySet:
        return self.filter(reviewed_at__isnull=True)


class ReviewItem(TimeStampedModel):
    """One entry of the supervisors' case-review queue: a resolved escalation a supporter handled
    (with the debrief offered to them) or something a supporter asked to talk through."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    supporter = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=ReviewKind.choices)
    escalation_id = models.PositiveBigIntegerField(null=True, blank=True)
    conversation_id = models.PositiveBigIntegerField(null=True, blank=True)
    conversation_label = models.CharField(max_length=200, blank=True)  # as the supporter saw it
    note = models.TextField(_("what you would like to talk through"), blank=True, max_length=2000)
    debrief = models.CharField(max_length=10, choices=Debrief.choices, blank=True, default="")
    debrief_answered_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    objects = ReviewItemQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["supporter", "escalation_id"],
                condition=Q(kind="escalation"),
                name="one_review_per_escalation_and_supporter",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.supporter_id})"

    @property
    def asked_to_talk(self) -> bool:
        return self.kind == ReviewKind.TALK_THROUGH or self.debrief == Debrief.ACCEPTED


class WellBeingCheckIn(models.Model):
    """A supporter's own short check-in: answers to our five plain items, each optional. Only they see
    it, and their supervisor too if they chose to share it."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    supporter = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    answers = models.JSONField(default=dict, blank=True)  # item code -> 0..3
    note = models.TextField(_("anything else"), blank=True, max_length=1000)
    is_shared = models.BooleanField(_("share with my supervisor"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Check-in of {self.supporter_id} at {self.created_at:%Y-%m-%d}"
