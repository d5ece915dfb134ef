"""Escalation: a person at risk, a human on the other end, and a timer.

`Escalation` is one open case for one person and one source (a conversation, a room, a post, a check-in
note, a questionnaire); `EscalationEvent` is its append-only timeline; `Alert` the in-app notice each
person alerted gets. `SafetySettings` and `OnCallShift` are a program's own: how long the on-call
supervisor has to acknowledge, its crisis lines and protocol, and who is on call now.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Program
from alongside.common.models import TimeStampedModel

DEFAULT_ACK_MINUTES = (
    5  # DOMAIN §6: imminent risk wants a human acknowledgement within five minutes
)

# Ending a conversation within this many hours of an escalation asks for a follow-up first.
DEFAULT_FOLLOW_UP_HOURS = 24

# The program's protocol as a peer supporter reads it beside the conversation. Plain words, no jargon;
# an administrator can rewrite every step for their program.
DEFAULT_PROTOCOL = (
    _(
        "Stay with them. You do not have to fix anything; keep the conversation going and stay kind."
    ),
    _(
        "Ask directly: “Are you thinking about suicide?” Asking does not put the idea in their head."
    ),
    _("If they say yes, ask whether they have a plan, the means, or a time in mind."),
    _(
        "Look at their safety plan together, if they have one, and the steps they chose for themselves."
    ),
    _(
        "Offer 988 (call, text or chat). With their agreement you can stay with them while they reach it."
    ),
    _(
        "If someone is in danger right now, tell your supervisor at once; they decide on emergency help."
    ),
    _(
        "Write down what you did in the escalation notes, so whoever comes next knows where "
        "things stand."
    ),
)


class SafetySettings(TimeStampedModel):
    """A program's escalation settings: response time, local crisis lines, and its protocol steps. The
    988 call, text and chat options are the program's own crisis fields (`Program.crisis_*`)."""

    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, related_name="safety_settings"
    )
    ack_minutes = models.PositiveSmallIntegerField(
        _("minutes to acknowledge"),
        default=DEFAULT_ACK_MINUTES,
        help_text=_(
            "If the on-call supervisor has not acknowledged by then, the backup is alerted."
        ),
    )
    # [{"name": "County mobile crisis team", "number": "555-0100"}, ...]
    local_lines = models.JSONField(_("local crisis lines"), default=list, blank=True)
    # Empty means the default steps, in the reader's language.
    protocol_steps = models.JSONField(_("protocol steps"), default=list, blank=True)
    follow_up_hours = models.PositiveSmallIntegerField(
        _("hours of care after an escalation"),
        default=DEFAULT_FOLLOW_UP_HOURS,
        help_text=_(
            "Ending a conversation this soon after an escalation asks the peer supporter to agree "
            "a follow-up first."
        ),
    )

    def __str__(self) -> str:
        return f"Safety settings of {self.program}"

    @property
    def steps(self) -> list[str]:
        return list(self.protocol_steps) or [str(step) for step in DEFAULT_PROTOCOL]


class OnCallShift(TimeStampedModel):
    """Who is on call from `starts_at` until the next shift starts: a supervisor and a backup."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    backup = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    starts_at = models.DateTimeField(default=timezone.now)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at", "-pk"]

    def __str__(self) -> str:
        return f"On call in {self.program_id} from {self.starts_at:%Y-%m-%d %H:%M}"


class SourceKind(models.TextChoices):
    CONVERSATION = "conversation", _("Conversation message")
    ROOM = "room", _("Group room")
    FORUM_POST = "forum_post", _("Forum post")
    CHECK_IN = "check_in", _("Check-in note")
    QUESTIONNAIRE = "questionnaire", _("Questionnaire")


class State(models.TextChoices):
    OPEN = "open", _("Waiting for a supervisor")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    RESOLVED = "resolved", _("Resolved")


class EscalationQuerySet(models.QuerySet["Escalation"]):
    def unresolved(self) -> EscalationQuerySet:
        return self.exclude(state=State.RESOLVED)

    def overdue(self, now: datetime) -> EscalationQuerySet:
        return self.filter(state=State.OPEN, respond_by__lte=now, escalated_at__isnull=True)


class Escalation(TimeStampedModel):
    """A person at risk and the humans responding, from the first signal until it is resolved."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    source_kind = models.CharField(max_length=16, choices=SourceKind.choices)
    source_id = (
        models.PositiveBigIntegerField()
    )  # the conversation, room, post, check-in or response
    source_item = models.PositiveIntegerField(null=True, blank=True)  # e.g. the message's seq
    level = models.CharField(max_length=16)  # safety.Level value: high or imminent
    reasons = models.JSONField(default=list, blank=True)
    assigned_supporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    on_call = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    backup = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    state = models.CharField(max_length=16, choices=State.choices, default=State.OPEN)
    opened_at = models.DateTimeField(default=timezone.now)
    respond_by = models.DateTimeField()
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)  # went to the backup on-call
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = EscalationQuerySet.as_manager()

    class Meta:
        ordering = ["opened_at", "pk"]
        constraints = [
            # One open escalation per person and source at a time: later signals add to its timeline.
            models.UniqueConstraint(
                fields=["person", "source_kind", "source_id"],
                condition=~Q(state="resolved"),
                name="one_unresolved_escalation_per_source",
            ),
        ]
        indexes = [models.Index(fields=["program", "state", "opened_at"])]

    def __str__(self) -> str:
        return f"Escalation #{self.pk} ({self.level})"

    def get_absolute_url(self) -> str:
        return reverse("safety:escalation", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state != State.RESOLVED


class EventKind(models.TextChoices):
    OPENED = "opened", _("Opened")
    SIGNAL = "signal", _("Another worrying message")
    ALERTED = "alerted", _("Alerted")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ESCALATED = "escalated", _("Sent to the backup on call")
    NOTE = "note", _("Note")
    SEEN = "seen", _("Seen by the peer supporter")
    FOLLOW_UP = "follow_up", _("Follow-up agreed")
    REMINDED = "reminded", _("Reminded of the check-in agreed")
    RESOLVED = "resolved", _("Resolved")


class ResolutionAction(models.TextChoices):
    """What was done, as the resolving supervisor records it."""

    ASKED = "asked_directly", _("Asked directly about suicide")
    SAFETY_PLAN = "safety_plan", _("Reviewed their safety plan with them")
    CONNECTED_988 = "connected_988", _("Connected them to 988")
    EMERGENCY_CONSENT = "emergency_consent", _("Called emergency services, with their consent")
    EMERGENCY_PROTOCOL = "emergency_protocol", _("Called emergency services, by protocol")
    OTHER = "other", _("Something else (see the note)")


class EscalationEvent(models.Model):
    """One step in an escalation's timeline. Rows are only ever added, never changed or removed."""

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=EventKind.choices)
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)
    actions = models.JSONField(default=list, blank=True)  # ResolutionAction values, when resolved
    recipients = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} on escalation {self.escalation_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("Escalation events are append-only.")
        super().save(*args, **kwargs)

    def action_labels(self) -> list[str]:
        labels = dict(ResolutionAction.choices)
        return [str(labels.get(action, action)) for action in self.actions]


class AlertQuerySet(models.QuerySet["Alert"]):
    def unread(self) -> AlertQuerySet:
        return self.filter(read_at__isnull=True)


class Alert(models.Model):
    """An in-app notice to one person that an escalation needs them; emailed if they allow email."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="alerts")
    reason = models.CharField(max_length=16, choices=EventKind.choices)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"Alert to {self.recipient_id} about escalation {self.escalation_id}"


class FollowUpKind(models.TextChoices):
    CHECK_IN = "check_in", _("I will check in with them at a set time")
    HAND_OVER = "hand_over", _("I hand their care over to the supervisor")


class FollowUp(models.Model):
    """What a peer supporter agreed when ending a conversation during or soon after an escalation:
    a check-in at a set time, or a hand-over to the supervisor. The supervisor reads it on the
    escalation's page."""

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="follow_ups")
    conversation_id = models.PositiveBigIntegerField()
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=FollowUpKind.choices)
    check_in_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    reminded_at = models.DateTimeField(null=True, blank=True)  # the supporter, when it came due

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="check_in") | Q(check_in_at__isnull=False),
                name="a_check_in_has_a_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} after escalation {self.escalation_id}"


class Verdict(models.TextChoices):
    """What a staff member says of an assessment, for retraining the crisis model."""

    FALSE_ALARM = "false_alarm", _("This was not a crisis")
    MISSED = "missed", _("This was a crisis the app missed")


class AssessmentLabel(TimeStampedModel):
    """A staff member's word on one assessment: a false alarm or a missed crisis. The words are kept
    here, inside the program's own database, so `alongside safety retrain` can learn from them; they
    never leave the server."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    labelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    source_kind = models.CharField(max_length=16, choices=SourceKind.choices)
    source_id = models.PositiveBigIntegerField()  # the message, post, check-in or response
    text = models.TextField()
    context = models.JSONField(default=list, blank=True)  # the writer's messages just before
    assessed_level = models.CharField(max_length=16)
    model_version = models.CharField(max_length=60, blank=True)
    verdict = models.CharField(max_length=16, choices=Verdict.choices)
    level = models.CharField(max_length=16)  # the level it should have had: safety.Level value

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One label per person and source: a second word from the same person replaces the first.
            models.UniqueConstraint(
                fields=["labelled_by", "source_kind", "source_id"], name="one_label_per_source"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.verdict} on {self.source_kind} {self.source_id}"


class CrisisModel(models.Model):
    """A crisis model trained here by `alongside safety retrain`, with its figures beside the model it
    would replace; it is used only after an administrator confirms it (`activated_at`)."""

    version = models.CharField(max_length=40, unique=True)
    path = models.CharField(max_length=500)  # the artefact, inside the data directory
    trained_at = models.DateTimeField(default=timezone.now)
    labels = models.PositiveIntegerField(default=0)  # staff labels it learned from
    figures = models.JSONField(default=dict)  # {"old": {...}, "new": {...}} on the frozen set
    activated_at = models.DateTimeField(null=True, blank=True)
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-trained_at", "-pk"]

    def __str__(self) -> str:
        return f"Crisis model {self.version}"
