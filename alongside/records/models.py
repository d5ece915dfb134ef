"""Encounters: every contact between a supporter and the people they support, with its real times."""

from __future__ import annotations

from datetime import UTC, datetime

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
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


def _long_ago() -> datetime:
    return datetime(2000, 1, 1, tzinfo=UTC)


class NoteSettings(models.Model):
    """A program's rules for peer notes: whether a supervisor co-signs, and how long after signing a
    member can read their note (0: at once)."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="+")
    cosign_required = models.BooleanField(_("a supervisor co-signs every note"), default=False)
    release_delay_days = models.PositiveSmallIntegerField(
        _("days before the member can read a signed note"), default=0
    )
    # When the next background sweep for chat and group encounters is due (one chain per program).
    sweep_due_at = models.DateTimeField(default=_long_ago)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(release_delay_days__lte=60), name="records_release_delay_at_most_60"
            )
        ]

    def __str__(self) -> str:
        return f"Note settings of program {self.program_id}"


class NoteState(models.TextChoices):
    DRAFT = "draft", _("Not signed yet")
    AWAITING_COSIGN = "awaiting_cosign", _("Signed, waiting for the supervisor")
    RETURNED = "returned", _("Returned by the supervisor")
    FINAL = "final", _("Signed")


class NoteQuerySet(models.QuerySet["Note"]):
    def signed(self) -> NoteQuerySet:
        return self.exclude(state=NoteState.DRAFT)

    def final(self) -> NoteQuerySet:
        return self.filter(state=NoteState.FINAL)


class Note(TimeStampedModel):
    """The peer note about one person for one encounter. Its words live in `NoteVersion`s: an unsigned
    draft changes in place; a signed version never changes again. A returned note is revised as a new
    version; a final one only takes addenda."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    encounter = models.ForeignKey(Encounter, on_delete=models.PROTECT, related_name="notes")
    member = models.ForeignKey(User, on_delete=models.PROTECT, related_name="peer_notes")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="peer_notes_written")
    state = models.CharField(max_length=16, choices=NoteState.choices, default=NoteState.DRAFT)
    signed_at = models.DateTimeField(null=True, blank=True)  # the latest signature of the author
    cosigned_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cosigned_at = models.DateTimeField(null=True, blank=True)
    final_at = models.DateTimeField(null=True, blank=True)
    release_at = models.DateTimeField(null=True, blank=True)  # when the member can read it
    risk_level = models.CharField(
        max_length=16, blank=True
    )  # the highest safety level of its words

    objects = NoteQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-pk")
        constraints = [
            models.UniqueConstraint(
                fields=("encounter", "member"), name="records_one_note_per_person"
            )
        ]
        indexes = [
            models.Index(fields=("author", "state")),
            models.Index(fields=("member", "state", "release_at")),
            models.Index(fields=("program", "state")),
        ]

    def __str__(self) -> str:
        return f"Peer note #{self.pk}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("records:note", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.state in (NoteState.DRAFT, NoteState.RETURNED)

    def is_released(self, now: datetime | None = None) -> bool:
        """True when the member can read it: final, and the program's release delay has passed."""
        now = now or timezone.now()
        return (
            self.state == NoteState.FINAL and self.release_at is not None and self.release_at <= now
        )


class NoteVersion(models.Model):
    """One version of a note's words. Signed versions are kept as they were, forever."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    goal = models.CharField(_("the goal from their own plan"), max_length=300, blank=True)
    goal_source = models.CharField(max_length=40, blank=True)  # "goal:12", "wrap:daily.dreams", ""
    did = models.TextField(_("what you did together"), max_length=4000, blank=True)
    response = models.TextField(_("how they responded"), max_length=4000, blank=True)
    next_steps = models.TextField(_("next steps"), max_length=2000, blank=True)
    place_of_service = models.CharField(
        _("place of service"), max_length=2, choices=PlaceOfService.choices, blank=True
    )
    place = models.CharField(_("where"), max_length=200, blank=True)
    saved_at = models.DateTimeField()
    signed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("number",)
        constraints = [
            models.UniqueConstraint(fields=("note", "number"), name="records_version_number_once")
        ]

    def __str__(self) -> str:
        return f"Version {self.number} of note #{self.note_id}"


class NoteEventKind(models.TextChoices):
    SIGNED = "signed", _("Signed")
    COSIGNED = "cosigned", _("Co-signed")
    RETURNED = "returned", _("Returned with a comment")
    REVISED = "revised", _("Revised after it was returned")


class NoteEvent(models.Model):
    """What happened to a note and who did it: signatures, co-signature, returns with their comment."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=NoteEventKind.choices)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    comment = models.TextField(max_length=2000, blank=True)
    version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ("at", "pk")

    def __str__(self) -> str:
        return f"{self.kind} on note #{self.note_id}"


class EntryKind(models.TextChoices):
    ADDENDUM = "addendum", _("Addendum")
    MEMBER_COMMENT = "member_comment", _("Comment from the person")


class NoteEntry(models.Model):
    """Words added to a signed note, never changed afterwards: an addendum by the author or a supervisor,
    or the person's own comment on their note."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=16, choices=EntryKind.choices)
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(max_length=4000)
    created_at = models.DateTimeField()
    risk_level = models.CharField(max_length=16, blank=True)

    class Meta:
        ordering = ("created_at", "pk")

    def __str__(self) -> str:
        return f"{self.kind} on note #{self.note_id}"
