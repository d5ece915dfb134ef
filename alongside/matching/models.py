"""Support requests, supporters' matching profiles, blocks, offers and each program's matching rules.

Availability is a list of slot keys such as "mon-evening", read in the owner's time zone; see
`compatibility.py` for how two people's slots are compared across time zones.
"""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.choices import AgeRange
from alongside.accounts.models import Program, User
from alongside.common.models import TimeStampedModel


class Modality(models.TextChoices):
    CHAT = "chat", _("Chat")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video")
    IN_PERSON = "in_person", _("In person")


class Trait(models.TextChoices):
    """Something a member may want their peer to share with them."""

    LIVED_EXPERIENCE = "lived_experience", _("Lived experience of what I am going through")
    GENDER = "gender", _("Gender")
    AGE_RANGE = "age_range", _("Age range")
    LGBTQ = "lgbtq", _("Being LGBTQ+")
    CULTURE = "culture", _("Culture or faith")
    VETERAN = "veteran", _("Being a veteran")


class Want(models.TextChoices):
    MUST = "must", _("Must have")
    NICE = "nice", _("Nice to have")


class Urgency(models.TextChoices):
    NOW = "now", _("I need someone now")
    SOON = "soon", _("In the next few days")
    WHENEVER = "whenever", _("Whenever suits")


class Day(models.TextChoices):
    MON = "mon", _("Monday")
    TUE = "tue", _("Tuesday")
    WED = "wed", _("Wednesday")
    THU = "thu", _("Thursday")
    FRI = "fri", _("Friday")
    SAT = "sat", _("Saturday")
    SUN = "sun", _("Sunday")


class Period(models.TextChoices):
    MORNING = "morning", _("Morning (8 to 12)")
    AFTERNOON = "afternoon", _("Afternoon (12 to 5)")
    EVENING = "evening", _("Evening (5 to 9)")
    NIGHT = "night", _("Night (9 to midnight)")


# The hours each period covers, in the owner's local time.
PERIOD_HOURS = {
    Period.MORNING: range(8, 12),
    Period.AFTERNOON: range(12, 17),
    Period.EVENING: range(17, 21),
    Period.NIGHT: range(21, 24),
}
SLOTS = [f"{day}-{period}" for day in Day.values for period in Period.values]


class MatchingRules(models.Model):
    """A program's matching settings: how many supporters a member sees and how long an offer waits."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="matching_rules")
    choices_shown = models.PositiveSmallIntegerField(default=3)
    offer_hours = models.PositiveSmallIntegerField(default=24)
    # A request open this long shows on the supervisor's list of people waiting too long.
    waiting_too_long_hours = models.PositiveSmallIntegerField(default=48)

    def __str__(self) -> str:
        return f"Matching rules of {self.program}"


class SupporterProfile(TimeStampedModel):
    """What a peer supporter offers to matching: shared experience, languages, times and capacity."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="supporter_profile")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="supporters")
    bio = models.TextField(_("a few words about you"), max_length=600, blank=True)
    lived_experience = models.JSONField(
        _("lived experience you are willing to share"), default=list, blank=True
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    modalities = models.JSONField(_("ways you meet"), default=list, blank=True)
    gender = models.CharField(_("gender"), max_length=60, blank=True)
    age_range = models.CharField(
        _("age range"), max_length=16, choices=AgeRange.choices, blank=True
    )
    is_lgbtq = models.BooleanField(_("happy to share that you are LGBTQ+"), default=False)
    is_veteran = models.BooleanField(_("happy to share that you are a veteran"), default=False)
    culture = models.CharField(
        _("culture or faith you are happy to share"), max_length=80, blank=True
    )
    availability = models.JSONField(_("when you are free"), default=list, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="America/New_York")
    capacity = models.PositiveSmallIntegerField(_("members at most"), default=5)
    is_on_duty = models.BooleanField(_("on duty now"), default=False)
    certifications = models.CharField(_("certifications"), max_length=200, blank=True)

    def __str__(self) -> str:
        return f"Matching profile of {self.user}"


class Block(models.Model):
    """One person never to be matched with another, in either direction."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    blocker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocks_made")
    blocked = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocks_against")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once"),
            models.CheckConstraint(
                condition=~Q(blocker=models.F("blocked")), name="block_someone_else"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.blocker} blocks {self.blocked}"


class DropInRoom(TimeStampedModel):
    """A peer room on one topic for people waiting in the on-demand queue, hosted by a supporter on duty,
    so that nobody sits alone in a queue. A room of the real-time engine; one per program and topic
    ("" is the general room)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="drop_in_rooms")
    topic = models.CharField(max_length=40, blank=True)
    conversation = models.OneToOneField(
        "conversations.Conversation", on_delete=models.CASCADE, related_name="drop_in_room"
    )
    facilitator = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "topic"], name="one_drop_in_room_per_topic")
        ]

    def __str__(self) -> str:
        return f"Drop-in room {self.topic or 'general'} of program {self.program_id}"


class RequestStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for a match")
    OFFERED = "offered", _("Waiting for a supporter to answer")
    MATCHED = "matched", _("Matched")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class SupportRequestQuerySet(models.QuerySet["SupportRequest"]):
    def unmatched(self) -> SupportRequestQuerySet:
        return self.filter(status__in=[RequestStatus.WAITING, RequestStatus.OFFERED])


class SupportRequest(TimeStampedModel):
    """A member's intake answers: what they want support with, how, when, and whom they want."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="support_requests")
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="support_requests")
    topics = models.JSONField(default=list, blank=True)
    modalities = models.JSONField(default=list, blank=True)
    languages = models.JSONField(default=list, blank=True)
    language_required = models.BooleanField(default=False)
    wants = models.JSONField(default=dict, blank=True)  # {Trait: Want}
    gender = models.CharField(max_length=60, blank=True)  # the peer's gender, if wanted
    age_range = models.CharField(max_length=16, choices=AgeRange.choices, blank=True)
    culture = models.CharField(max_length=80, blank=True)
    availability = models.JSONField(default=list, blank=True)
    time_zone = models.CharField(max_length=64, default="America/New_York")
    urgency = models.CharField(max_length=16, choices=Urgency.choices, default=Urgency.SOON)
    note = models.CharField(max_length=500, blank=True)
    # Supporters not to offer again: the one a member switched away from.
    avoid = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=16, choices=RequestStatus.choices, default=RequestStatus.WAITING
    )
    supporter = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    matched_at = models.DateTimeField(null=True, blank=True)

    objects = SupportRequestQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(status__in=["waiting", "offered"]),
                name="one_open_request_per_member",
            ),
        ]

    def __str__(self) -> str:
        return f"Support request #{self.pk} of {self.member}"

    def waited(self, now: datetime | None = None) -> float:
        """Hours since the request was made."""
        return ((now or timezone.now()) - self.created_at).total_seconds() / 3600


class OfferStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("No answer in time")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class OfferQuerySet(models.QuerySet["Offer"]):
    def pending(self) -> OfferQuerySet:
        return self.filter(status=OfferStatus.PENDING)

    def overdue(self, now: datetime) -> OfferQuerySet:
        return self.pending().filter(respond_by__lte=now)


class Offer(TimeStampedModel):
    """A request offered to one supporter, who accepts or declines by `respond_by`."""

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="offers")
    supporter = models.ForeignKey(User, on_delete=models.CASCADE, related_name="matching_offers")
    status = models.CharField(
        max_length=16, choices=OfferStatus.choices, default=OfferStatus.PENDING
    )
    score = models.FloatField(default=0)
    reasons = models.JSONField(default=list)
    respond_by = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status="pending"),
                name="one_pending_offer_per_request",
            ),
            models.UniqueConstraint(fields=["request", "supporter"], name="offer_each_once"),
        ]

    def __str__(self) -> str:
        return f"Offer of request #{self.request_id} to {self.supporter}"

    def reason_texts(self) -> list[str]:
        """The kept reasons, as sentences in the language of the page."""
        from .compatibility import reason_text  # the score's module imports this one

        return [reason_text(code, arg) for code, arg in self.reasons]
