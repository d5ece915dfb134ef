"""Encounters: every contact between a supporter and the people they support, with its real times."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Program, User
from alongside.common.models import TimeStampedModel


class Modality(models.TextChoices):
    CHAT = "chat", _("Chat")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video")
    IN_PERSON = "in_person", _("In person")
    ACCOMPANIMENT = "accompaniment", _("Going along to an appointment")
    GROUP = "group", _("Group")


class PlaceOfService(models.TextChoices):
    """The CMS place-of-service codes a peer encounter uses (DOMAIN.md §3). Blank: not yet known."""

    TELEHEALTH_ELSEWHERE = "02", _("Telehealth, the person not at home (02)")
    TELEHEALTH_HOME = "10", _("Telehealth, the person at home (10)")
    OFFICE = "11", _("Office (11)")
    HOME = "12", _("The person's home (12)")
    TEMPORARY_LODGING = "16", _("Temporary lodging (16)")
    HOSPITAL_OUTPATIENT = "22", _("Hospital outpatient (22)")
    COMMUNITY_MENTAL_HEALTH = "53", _("Community mental health center (53)")
    HOMELESS_SHELTER = "04", _("Homeless shelter (04)")
    MOBILE_UNIT = "15", _("Mobile unit (15)")
    OTHER = "99", _("Other place, in the community (99)")


# Telehealth modalities: the place of service is 02 or 10, depending on where the person was.
TELEHEALTH = frozenset({Modality.PHONE, Modality.VIDEO, Modality.CHAT})


class Source(models.TextChoices):
    """What produced the encounter; (source, source_id, supporter) is unique, so recording is idempotent."""

    SESSION = "session", _("Booked session")
    CALL = "call", _("Call")
    GROUP_MEETING = "group_meeting", _("Group meeting")
    CONVERSATION = "conversation", _("Chat conversation")


class Encounter(TimeStampedModel):
    """One contact: who supported whom, how, where, and from when to when (actual times, never typed
    units). Written by `services.record_encounter` from sessions, calls, group meetings and chats."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="encounters")
    supporter = models.ForeignKey(User, on_delete=models.PROTECT, related_name="encounters_given")
    participants = models.ManyToManyField(User, related_name="encounters", blank=True)
    modality = models.CharField(max_length=16, choices=Modality.choices)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField()
    # For a chat day the time the supporter actually spent (from the messages), not first-to-last.
    active_minutes = models.PositiveIntegerField(null=True, blank=True)
    place_of_service = models.CharField(max_length=2, choices=PlaceOfService.choices, blank=True)
    place = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=16, choices=Source.choices)
    source_id = models.CharField(max_length=64)

    class Meta:
        ordering = ("-started_at", "-pk")
        constraints = [
            models.UniqueConstraint(
                fields=("source", "source_id", "supporter"), name="records_encounter_once"
            ),
            models.CheckConstraint(
                condition=Q(ended_at__gt=F("started_at")), name="records_encounter_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=("supporter", "started_at"))]

    def __str__(self) -> str:
        return f"{self.get_modality_display()} encounter #{self.pk}"

    @property
    def minutes(self) -> int:
        """Whole minutes of support: the measured active time for a chat day, else stop minus start."""
        if self.active_minutes is not None:
            return self.active_minutes
        return int((self.ended_at - self.started_at).total_seconds() // 60)
