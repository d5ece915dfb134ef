"""Support groups, who belongs to them, their meetings, attendance, and what facilitators do in a room."""

from __future__ import annotations

import secrets
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext_lazy as _

from alongside.accounts.choices import Language, Topic
from alongside.accounts.models import Program
from alongside.common.models import TimeStampedModel

from .schedule import nth_weekday_of_month


class Modality(models.TextChoices):
    ONLINE = "online", _("Online room")
    PHONE = "phone", _("Phone")
    IN_PERSON = "in_person", _("In person")


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    MONTHLY = "monthly", _("Once a month, on the same weekday")


# What a group's "When" line says, by frequency (and, once a month, by which of its weekdays it meets on).
SCHEDULE_WORDS = {
    "weekly": _("Every week on %(day)s, at %(time)s (%(zone)s)"),
    "fortnightly": _("Every two weeks on %(day)s, at %(time)s (%(zone)s)"),
    1: _("Once a month, on the first %(day)s, at %(time)s (%(zone)s)"),
    2: _("Once a month, on the second %(day)s, at %(time)s (%(zone)s)"),
    3: _("Once a month, on the third %(day)s, at %(time)s (%(zone)s)"),
    4: _("Once a month, on the fourth %(day)s, at %(time)s (%(zone)s)"),
    -1: _("Once a month, on the last %(day)s, at %(time)s (%(zone)s)"),
}


class TimeOfDay(models.TextChoices):
    """How members filter by time, in the group's own time zone."""

    MORNING = "morning", _("Morning (before noon)")
    AFTERNOON = "afternoon", _("Afternoon (noon to 5)")
    EVENING = "evening", _("Evening (from 5)")

    def bounds(self) -> tuple[time, time]:
        return {
            "morning": (time(0), time(12)),
            "afternoon": (time(12), time(17)),
            "evening": (time(17), time(23, 59, 59)),
        }[self.value]


class SupportGroup(TimeStampedModel):
    """A peer support group: who it is for, how and when it meets, and how people join."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="support_groups")
    name = models.CharField(_("name"), max_length=120)
    topic = models.CharField(_("topic"), max_length=32, choices=Topic.choices)
    description = models.TextField(_("what the group is about"))
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="facilitated_groups", blank=True
    )  # none: the group runs itself, and the program's supervisors look after it
    modality = models.CharField(_("how it meets"), max_length=16, choices=Modality.choices)
    dial_in = models.CharField(_("phone number and code"), max_length=200, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    accessibility = models.TextField(_("accessibility notes"), blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64)
    first_meeting_on = models.DateField(_("first meeting"))
    starts_at_time = models.TimeField(_("starts at"))
    duration = models.DurationField(_("length"), default=timedelta(minutes=90))
    frequency = models.CharField(
        _("how often"), max_length=16, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    capacity = models.PositiveSmallIntegerField(_("places"), default=12)
    is_closed = models.BooleanField(_("a facilitator approves new members"), default=False)
    ground_rules = models.TextField(_("ground rules"), blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="group_has_places"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("groups:group", args=[self.pk])

    @property
    def is_self_run(self) -> bool:
        return not any(True for _ in self.facilitators.all())

    @property
    def schedule_words(self) -> str:
        """When it meets, as one line in the reader's language: "Every week on Tuesday, at 19:00 (…)"."""
        if self.frequency == Frequency.MONTHLY:
            words = SCHEDULE_WORDS[nth_weekday_of_month(self.first_meeting_on)]
        else:
            words = SCHEDULE_WORDS[self.frequency]
        return str(words) % {
            "day": date_format(self.first_meeting_on, "l"),
            "time": time_format(self.starts_at_time, "TIME_FORMAT"),
            "zone": self.time_zone,
        }


class MemberStatus(models.TextChoices):
    MEMBER = "member", _("Member")
    WAITLISTED = "waitlisted", _("On the waiting list")
    AWAITING = "awaiting", _("Waiting for a facilitator")
    LEFT = "left", _("Left")
    DECLINED = "declined", _("Not this time")


ACTIVE_STATUSES = (MemberStatus.MEMBER, MemberStatus.WAITLISTED, MemberStatus.AWAITING)


class GroupMember(TimeStampedModel):
    """A person's place in a group: a member, on the waiting list (first come, first served by
    `queued_at`), waiting for approval, or gone. One row per person and group, reused on return."""

    group = models.ForeignKey(SupportGroup, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    status = models.CharField(max_length=16, choices=MemberStatus.choices)
    queued_at = models.DateTimeField(default=timezone.now)  # when they asked (the waitlist order)
    joined_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="one_place_per_group"),
        ]
        indexes = [models.Index(fields=["group", "status", "queued_at"])]

    def __str__(self) -> str:
        return f"{self.user} in {self.group}: {self.status}"


class Meeting(TimeStampedModel):
    """One occurrence of a group's schedule, stored ahead (see `services.plan_meetings`). Its live room
    is opened when the first person comes in."""

    group = models.ForeignKey(SupportGroup, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField()  # aware, stored in UTC; shown in the group's time zone
    ends_at = models.DateTimeField()
    room = models.OneToOneField(
        "conversations.Conversation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting",
    )
    room_locked_at = models.DateTimeField(null=True, blank=True)
    rules_pinned_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "starts_at"], name="one_meeting_per_start"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            ),
        ]
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.group} at {self.starts_at:%Y-%m-%d %H:%M} UTC"

    def get_absolute_url(self) -> str:
        return reverse("groups:meeting", args=[self.pk])

    @property
    def is_locked(self) -> bool:
        return self.room_locked_at is not None

    def is_past(self, now: datetime | None = None) -> bool:
        return self.ended_at is not None or self.ends_at <= (now or timezone.now())


class AttendanceHow(models.TextChoices):
    ROOM = "room", _("Joined the live room")
    TICKED = "ticked", _("Marked present by a facilitator")


class Attendance(models.Model):
    """Who was at which meeting, from when to when, and how we know. Billing reads these rows, so each
    person has at most one per meeting and an end never comes before the start."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="group_attendance"
    )
    how = models.CharField(max_length=16, choices=AttendanceHow.choices)
    joined_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True, blank=True)  # open while they are still in the room
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="one_attendance_per_meeting"),
            models.CheckConstraint(
                condition=Q(left_at__isnull=True) | Q(left_at__gte=models.F("joined_at")),
                name="attendance_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.meeting}"

    @property
    def minutes(self) -> int | None:
        if self.left_at is None:
            return None
        return int((self.left_at - self.joined_at).total_seconds() // 60)


class RoomMute(models.Model):
    """A facilitator quietened someone in a meeting's room until `until`. The room refuses their
    messages meanwhile (`selectors.room_pause`, asked by conversations' send path)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="mutes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    until = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["meeting", "user", "until"])]

    def __str__(self) -> str:
        return f"{self.user} muted in {self.meeting} until {self.until}"


class RoomRemoval(models.Model):
    """A facilitator asked someone to leave a meeting's room; they cannot come back to that meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="removals")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="one_removal_per_meeting"),
        ]

    def __str__(self) -> str:
        return f"{self.user} removed from {self.meeting}"


class CheckInRound(models.Model):
    """A round in which everyone answers one prompt in turn; `order` holds user ids, `position` whose
    turn it is."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="check_ins")
    prompt = models.CharField(max_length=300)
    order = models.JSONField(default=list)
    position = models.PositiveSmallIntegerField(default=0)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Check-in in {self.meeting}"


class MeetingNote(TimeStampedModel):
    """What a facilitator noted after a meeting; private to facilitators and supervisors, and every
    read is written to the access log."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("note"))
    risk_level = models.CharField(max_length=16, default="none")

    def __str__(self) -> str:
        return f"Note on {self.meeting}"


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's secret calendar address. Revoking replaces the token, so the old address stops."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Calendar of {self.user}"

    def get_absolute_url(self) -> str:
        return reverse("groups:calendar-feed", args=[self.token])


class MeetingReminder(models.Model):
    """A reminder sent (or deliberately skipped) for one person and meeting: never twice."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)
    emailed = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="one_reminder_per_meeting"),
        ]

    def __str__(self) -> str:
        return f"Reminder for {self.user} of {self.meeting}"
