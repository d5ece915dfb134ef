"""Phone calls a supporter logs in two taps, and the numbers members share for them."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.choices import Audience
from alongside.accounts.models import Program, User
from alongside.common.models import TimeStampedModel
from alongside.records.models import Encounter
from alongside.scheduling.models import Session

# A call still open after this long was almost surely left open by mistake: the page asks when it ended.
LEFT_OPEN_AFTER = timedelta(hours=3)
# The longest a logged call may last when its end is set by hand.
LONGEST_CALL = timedelta(hours=12)


class Direction(models.TextChoices):
    OUTGOING = "outgoing", _("I called them")
    INCOMING = "incoming", _("They called me")


class CallQuerySet(models.QuerySet["Call"]):
    def open(self) -> CallQuerySet:
        return self.filter(ended_at__isnull=True)


class Call(TimeStampedModel):
    """One phone call a supporter logged: who called whom, and its real start and end (the taps).
    `member` is empty for a warm-line caller who is not a member here. Ending it records an encounter."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="phone_calls")
    supporter = models.ForeignKey(User, on_delete=models.PROTECT, related_name="phone_calls_made")
    member = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="phone_calls", null=True, blank=True
    )
    direction = models.CharField(max_length=16, choices=Direction.choices)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    # The supporter set the end by hand (a call left open, or a correction), so it is not a tap.
    end_set_by_hand = models.BooleanField(default=False)
    encounter = models.ForeignKey(
        Encounter, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = CallQuerySet.as_manager()

    class Meta:
        ordering = ("-started_at", "-pk")
        constraints = [
            # Nobody is on two phone calls at once: a second "Call started" asks about the first.
            models.UniqueConstraint(
                fields=("supporter",), condition=Q(ended_at__isnull=True), name="calls_one_open"
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gt=F("started_at")),
                name="calls_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=("supporter", "started_at"))]

    def __str__(self) -> str:
        return f"Phone call #{self.pk}"

    def left_open(self, now: datetime | None = None) -> bool:
        """Open for longer than a call plausibly lasts: the supporter is asked when it ended."""
        return self.ended_at is None and (now or timezone.now()) - self.started_at > LEFT_OPEN_AFTER

    @property
    def minutes(self) -> int | None:
        if self.ended_at is None:
            return None
        return int((self.ended_at - self.started_at).total_seconds() // 60)


class PhoneNumber(TimeStampedModel):
    """The number a member gives for phone calls with their supporters, and who may see it. It starts
    at ONLY_ME, like every profile field: nobody sees it until the member says so."""

    member = models.OneToOneField(User, on_delete=models.CASCADE, related_name="call_number")
    number = models.CharField(_("phone number"), max_length=40)
    audience = models.CharField(
        _("who may see it"),
        max_length=16,
        choices=[
            (Audience.ONLY_ME.value, Audience.ONLY_ME.label),
            (Audience.CARE_TEAM.value, Audience.CARE_TEAM.label),
        ],
        default=Audience.ONLY_ME,
    )

    def __str__(self) -> str:
        return f"Number of {self.member}"

    @property
    def tel(self) -> str:
        """The number as a tel: URI wants it: a leading + and digits only (RFC 3966)."""
        digits = "".join(ch for ch in self.number if ch.isdigit())
        return f"+{digits}" if self.number.strip().startswith("+") else digits


class VideoCall(TimeStampedModel):
    """The in-app video call of one session, with the times the server saw: `started_at` when both
    people were first there, `ended_at` when one hung up or both had left. Nothing of the call itself
    (sound, picture, words) ever reaches the server: it goes from browser to browser."""

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="video_call")
    started_at = models.DateTimeField(null=True, blank=True)
    # While one of the two has dropped out and the other waits: when they stopped being together.
    apart_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True)
                | (Q(started_at__isnull=False) & Q(ended_at__gt=F("started_at"))),
                name="calls_video_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Video call of session #{self.session_id}"


class Presence(models.Model):
    """One open connection to a video call. Rows are the record of who is there across server
    processes; one not seen for `PRESENCE_TTL` (its process died) no longer counts."""

    call = models.ForeignKey(VideoCall, on_delete=models.CASCADE, related_name="presences")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    channel_name = models.CharField(max_length=120, unique=True)
    joined_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.user} in {self.call}"


# A connection pings every 20 s; one silent for longer than this is gone (its server process died).
PRESENCE_TTL = timedelta(seconds=60)
