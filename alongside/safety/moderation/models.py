"""Reports, what moderators did about them, appeals, held posts, and each program's hold setting.

A report or a hold points at its content by `target_kind` + `target_id`: "message" (a conversation
message), "person", and whatever later apps register (forum posts, group-room messages); see `targets`.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Program
from alongside.common.models import TimeStampedModel

EXCERPT = 1000  # characters of reported or held words kept for the moderator
CRISIS_LEVELS = ("imminent", "high")  # a hold at these levels is a crisis hold, most urgent first


class Reason(models.TextChoices):
    HARASSMENT = "harassment", _("Harassment or bullying")
    UNSAFE_ADVICE = "unsafe_advice", _("Unsafe advice")
    SPAM = "spam", _("Spam or selling")
    CONTACT_DETAILS = "contact_details", _("Sharing contact details")
    BOUNDARY = "boundary", _("Crossing a boundary")
    OTHER = "other", _("Something else")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACTED = "acted", _("Acted on")
    DISMISSED = "dismissed", _("Dismissed")


class ReportQuerySet(models.QuerySet["Report"]):
    def open(self) -> ReportQuerySet:
        return self.filter(status=ReportStatus.OPEN)


class Report(TimeStampedModel):
    """Someone telling the moderators about a message, post or person. The words reported are kept as
    they were (`excerpt`), so a later edit or delete cannot hide what was reported."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    target_kind = models.CharField(max_length=32)
    target_id = models.PositiveBigIntegerField()
    # Whose words or which person the report is about; None when that account is gone.
    target_author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    excerpt = models.TextField(blank=True)
    reason = models.CharField(_("reason"), max_length=32, choices=Reason.choices)
    note = models.TextField(_("anything else we should know"), blank=True, max_length=2000)
    status = models.CharField(max_length=16, choices=ReportStatus.choices, default="open")
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["program", "status", "created_at"])]

    def __str__(self) -> str:
        return f"Report #{self.pk} ({self.target_kind} {self.target_id})"


class ActionKind(models.TextChoices):
    HIDE = "hide", _("Hide the content")
    WARN = "warn", _("Warn")
    SUSPEND = "suspend", _("Suspend")
    BAN = "ban", _("Ban")


class ActionQuerySet(models.QuerySet["ModerationAction"]):
    def in_force(self, now: datetime | None = None) -> ActionQuerySet:
        """Suspensions still running and bans, not reversed on appeal: what stops someone posting."""
        now = now or timezone.now()
        return self.filter(reversed_at__isnull=True).filter(
            Q(kind=ActionKind.BAN) | Q(kind=ActionKind.SUSPEND, ends_at__gt=now)
        )


class ModerationAction(TimeStampedModel):
    """What a moderator did about a person or their words, with the reason that person is shown.
    Reversed on appeal by setting `reversed_at`; never deleted."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    report = models.ForeignKey(
        Report, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderation_actions"
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=ActionKind.choices)
    reason = models.TextField()
    target_kind = models.CharField(max_length=32, blank=True)  # what was hidden, for HIDE
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)  # when a suspension ends
    reversed_at = models.DateTimeField(null=True, blank=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="suspend") | Q(ends_at__isnull=False),
                name="a_suspension_has_an_end",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} of {self.subject_id}"

    @property
    def is_reversed(self) -> bool:
        return self.reversed_at is not None


class AppealStatus(models.TextChoices):
    OPEN = "open", _("Waiting for a moderator")
    UPHELD = "upheld", _("Upheld")
    REVERSED = "reversed", _("Reversed")


class Appeal(TimeStampedModel):
    """The person's one request to look again at an action taken about them."""

    action = models.OneToOneField(ModerationAction, on_delete=models.CASCADE, related_name="appeal")
    note = models.TextField(_("what you would like the moderators to know"), max_length=2000)
    status = models.CharField(max_length=16, choices=AppealStatus.choices, default="open")
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decision_note = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Appeal of {self.action}"


class HoldStatus(models.TextChoices):
    HELD = "held", _("Waiting for review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Not published")


class Hold(TimeStampedModel):
    """A post waiting for a moderator before others see it: a new member's, or one whose words were
    assessed `high` or above (`risk_level`), which the queue lists first."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderation_holds"
    )
    target_kind = models.CharField(max_length=32)
    target_id = models.PositiveBigIntegerField()
    excerpt = models.TextField(blank=True)
    # The safety assessment's level when it was held; "high" or "imminent" is a crisis hold.
    risk_level = models.CharField(max_length=16, default="none")
    status = models.CharField(max_length=16, choices=HoldStatus.choices, default="held")
    reason = models.TextField(blank=True)  # why it was not published, shown to the author
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["target_kind", "target_id"], name="hold_once"),
        ]
        indexes = [models.Index(fields=["program", "status", "created_at"])]

    def __str__(self) -> str:
        return f"Hold of {self.target_kind} {self.target_id}"

    @property
    def is_crisis(self) -> bool:
        return self.risk_level in CRISIS_LEVELS


class ModerationSettings(models.Model):
    """A program's choices about new members' posts. Off unless the program turns it on."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="+")
    holds_new_members = models.BooleanField(_("Hold new members' posts for review"), default=False)
    hold_days = models.PositiveSmallIntegerField(
        _("Hold posts during a member's first days"),
        default=7,
        help_text=_("0 means this does not apply."),
    )
    hold_posts = models.PositiveSmallIntegerField(
        _("Hold a member's first posts"), default=3, help_text=_("0 means this does not apply.")
    )

    def __str__(self) -> str:
        return f"Moderation settings of {self.program_id}"
