"""Supporters' hours and time off, and booked sessions with the people they support."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Program, User
from alongside.common.models import TimeStampedModel
from alongside.records.models import Modality

# What a member may book; a group is met in the groups app, not booked here.
BOOKABLE = (
    Modality.CHAT,
    Modality.PHONE,
    Modality.VIDEO,
    Modality.IN_PERSON,
    Modality.ACCOMPANIMENT,
)
MODALITY_CHOICES = [(m.value, m.label) for m in BOOKABLE]
# Sessions the supporter marks held with the actual times (video and chat become encounters elsewhere
# too, but a supporter may still mark them held).
IN_PERSON_KINDS = frozenset({Modality.IN_PERSON, Modality.ACCOMPANIMENT})
DEFAULT_SESSION_MINUTES = 50


class SchedulingSettings(models.Model):
    """A program's booking rules: the usual session length and how much notice a booking needs."""

    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, related_name="scheduling_settings"
    )
    session_minutes = models.PositiveSmallIntegerField(
        _("session length in minutes"), default=DEFAULT_SESSION_MINUTES
    )
    notice_hours = models.PositiveSmallIntegerField(
        _("hours of notice a booking needs"), default=12
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(session_minutes__gte=10, session_minutes__lte=240),
                name="scheduling_settings_sane_length",
            )
        ]

    def __str__(self) -> str:
        return f"Scheduling rules of {self.program}"


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class WeeklyHours(models.Model):
    """One stretch of a supporter's usual week, in the time zone they set it in."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    supporter = models.ForeignKey(User, on_delete=models.CASCADE, related_name="weekly_hours")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    starts_at_time = models.TimeField()
    ends_at_time = models.TimeField()
    time_zone = models.CharField(max_length=64)

    class Meta:
        ordering = ("weekday", "starts_at_time")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at_time__gt=F("starts_at_time")),
                name="scheduling_hours_end_after_start",
            )
        ]
        indexes = [models.Index(fields=("program", "supporter"))]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts_at_time}–{self.ends_at_time}"


class DayException(models.Model):
    """A day that differs from the usual week: other hours that day, or (no times) none at all."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    supporter = models.ForeignKey(User, on_delete=models.CASCADE, related_name="day_exceptions")
    on = models.DateField()
    starts_at_time = models.TimeField(null=True, blank=True)
    ends_at_time = models.TimeField(null=True, blank=True)
    time_zone = models.CharField(max_length=64)

    class Meta:
        ordering = ("on", "starts_at_time")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at_time__isnull=True, ends_at_time__isnull=True)
                | Q(ends_at_time__gt=F("starts_at_time")),
                name="scheduling_exception_end_after_start",
            )
        ]
        indexes = [models.Index(fields=("supporter", "on"))]

    def __str__(self) -> str:
        return f"Exception on {self.on}"


class TimeOff(models.Model):
    """Days away, from the first to the last day inclusive, in the supporter's time zone."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    supporter = models.ForeignKey(User, on_delete=models.CASCADE, related_name="time_off")
    first_on = models.DateField()
    last_on = models.DateField()

    class Meta:
        ordering = ("first_on",)
        constraints = [
            models.CheckConstraint(
                condition=Q(last_on__gte=F("first_on")), name="scheduling_time_off_in_order"
            )
        ]

    def __str__(self) -> str:
        return f"Time off {self.first_on}–{self.last_on}"


class Status(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")
    HELD = "held", _("Held")
    NO_SHOW = "no_show", _("Missed")


# Sessions that hold a place in someone's diary.
BUSY = (Status.PROPOSED, Status.BOOKED)


class SessionQuerySet(models.QuerySet["Session"]):
    def busy(self) -> SessionQuerySet:
        return self.filter(status__in=BUSY)

    def overlapping(self, starts_at: object, ends_at: object) -> SessionQuerySet:
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)


class Session(TimeStampedModel):
    """A one-to-one session between a supporter and a member: booked, proposed (with a few times for the
    member to pick from), cancelled, held (with its actual times) or missed."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="sessions")
    supporter = models.ForeignKey(User, on_delete=models.PROTECT, related_name="sessions_given")
    member = models.ForeignKey(User, on_delete=models.PROTECT, related_name="sessions")
    modality = models.CharField(_("how you meet"), max_length=16, choices=MODALITY_CHOICES)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.BOOKED)
    place = models.CharField(_("place"), max_length=200, blank=True)
    # Going along to an appointment: where, what for, and how you both get there.
    appointment_where = models.CharField(_("where the appointment is"), max_length=200, blank=True)
    appointment_purpose = models.CharField(_("what it is for"), max_length=200, blank=True)
    transport = models.CharField(_("how you will get there"), max_length=200, blank=True)
    meeting_link = models.URLField(_("meeting link"), blank=True)
    booked_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    cancelled_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(_("reason"), max_length=300, blank=True)
    held_started_at = models.DateTimeField(null=True, blank=True)
    held_ended_at = models.DateTimeField(null=True, blank=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ("starts_at", "pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="scheduling_session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(held_ended_at__isnull=True) | Q(held_ended_at__gt=F("held_started_at")),
                name="scheduling_session_held_in_order",
            ),
        ]
        indexes = [
            models.Index(fields=("supporter", "starts_at")),
            models.Index(fields=("member", "starts_at")),
        ]

    def __str__(self) -> str:
        return f"{self.get_modality_display()} session #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("scheduling:session", args=[self.pk])

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def is_open(self) -> bool:
        """Still to come or to be marked: proposed or booked."""
        return self.status in BUSY


class ProposedTime(models.Model):
    """One of the times a supporter offers for a proposed session; the member picks one."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="proposed_times")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ("starts_at",)

    def __str__(self) -> str:
        return f"Proposed time for session #{self.session_id}"


class ChangeKind(models.TextChoices):
    BOOKED = "booked", _("Booked")
    PROPOSED = "proposed", _("Proposed")
    PICKED = "picked", _("Time chosen")
    RESCHEDULED = "rescheduled", _("Moved")
    CANCELLED = "cancelled", _("Cancelled")
    HELD = "held", _("Held")
    NO_SHOW = "no_show", _("Missed")


class SessionChange(models.Model):
    """What happened to a session, by whom and why: the history both people see."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=16, choices=ChangeKind.choices)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ("at", "pk")

    def __str__(self) -> str:
        return f"{self.kind} of session #{self.session_id}"


class ReminderKind(models.TextChoices):
    DAY = "day", _("A day before")
    HOUR = "hour", _("An hour before")


# How long before the start each reminder goes.
REMINDER_LEADS = {ReminderKind.DAY: timedelta(hours=24), ReminderKind.HOUR: timedelta(hours=1)}


class SessionReminder(models.Model):
    """A reminder a person was given (or not: email off) for a session at one start time, once."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=ReminderKind.choices)
    starts_at = models.DateTimeField()  # the start it was for: a moved session is reminded again
    emailed = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("session", "user", "kind", "starts_at"), name="scheduling_remind_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} reminder of session #{self.session_id}"


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class SessionFeed(models.Model):
    """A person's secret calendar address for their sessions; resetting replaces the token."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Session calendar of {self.user}"
