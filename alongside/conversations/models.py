"""Conversations, the people in them, their messages, and the notifications people get while away."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.choices import Role
from alongside.accounts.models import Program, User
from alongside.common.models import TimeStampedModel
from alongside.safety import Level

# How long after sending a person may still edit or delete their message.
EDIT_WINDOW = timedelta(minutes=15)
MAX_BODY = 4000  # characters; a long letter fits, a pasted book does not


class Kind(models.TextChoices):
    ONE_TO_ONE = "one_to_one", _("One-to-one")
    ROOM = "room", _("Room")


class ConversationQuerySet(models.QuerySet["Conversation"]):
    def open(self) -> ConversationQuerySet:
        return self.filter(ended_at__isnull=True)

    def with_participant(self, user: User) -> ConversationQuerySet:
        return self.filter(participants__user=user)


class Conversation(TimeStampedModel):
    """A place where people talk. `last_seq` numbers its messages without gaps (see `services`)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="conversations")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.ONE_TO_ONE)
    title = models.CharField(_("title"), max_length=120, blank=True)
    # Both counters only grow, and only under the row lock `services` takes while writing a message.
    last_seq = models.PositiveBigIntegerField(default=0)  # seq of the newest message
    last_change = models.PositiveBigIntegerField(default=0)  # every new, edited or deleted message
    last_message_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ConversationQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["program", "-last_message_at"])]

    def __str__(self) -> str:
        return self.title or f"Conversation #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("conversations:conversation", args=[self.pk])

    @property
    def is_ended(self) -> bool:
        return self.ended_at is not None


class ParticipantQuerySet(models.QuerySet["Participant"]):
    def present(self) -> ParticipantQuerySet:
        """People who have not left."""
        return self.filter(left_at__isnull=True)


class Participant(TimeStampedModel):
    """One person in one conversation, and how far they have read. Leaving keeps the history readable."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participations"
    )
    role = models.CharField(max_length=16, choices=Role.choices)
    last_read_seq = models.PositiveBigIntegerField(default=0)
    left_at = models.DateTimeField(null=True, blank=True)
    # Said when leaving: "I would like a different peer supporter". Matching picks this up.
    wants_new_peer = models.BooleanField(default=False)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"], name="one_seat_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.conversation_id}"

    @property
    def has_left(self) -> bool:
        return self.left_at is not None

    @property
    def unread_count(self) -> int:
        """Messages after the read cursor; writing counts as reading what came before."""
        return max(0, self.conversation.last_seq - self.last_read_seq)


class MessageKind(models.TextChoices):
    TEXT = "text", _("Message")
    CLOSING = "closing", _("Closing note")  # the supporter's words when ending a conversation
    LEFT = "left", _("Left the conversation")  # no body: shown as "<name> left the conversation."


class Message(models.Model):
    """One message. `seq` is gapless per conversation; (conversation, sender, client_id) is unique so a
    resend after a lost acknowledgement finds the first copy instead of making a second."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    seq = models.PositiveBigIntegerField()
    # A deleted account leaves its words in the other person's history, without a name.
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    client_id = models.UUIDField()
    kind = models.CharField(max_length=16, choices=MessageKind.choices, default=MessageKind.TEXT)
    body = models.TextField(blank=True)
    risk_level = models.CharField(
        max_length=16,
        choices=[(level.value, level.value) for level in Level],
        default=Level.NONE.value,
    )
    risk_model_version = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # Hidden by a moderator: everyone sees that it was, not what it said (see safety.moderation).
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(max_length=200, blank=True)
    # The boundary guard (alongside.safety.boundaries): the kinds it found that the sender sent anyway,
    # or that held the message; and, while held, since when (only the sender sees it until released).
    boundary = models.JSONField(default=list, blank=True)
    held_at = models.DateTimeField(null=True, blank=True)
    change = models.PositiveBigIntegerField()  # Conversation.last_change when this was last written

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "seq"], name="gapless_seq_is_unique"),
            models.UniqueConstraint(
                fields=["conversation", "sender", "client_id"], name="one_message_per_client_id"
            ),
            models.CheckConstraint(condition=Q(seq__gte=1), name="seq_starts_at_one"),
        ]
        indexes = [models.Index(fields=["conversation", "change"])]

    def __str__(self) -> str:
        return f"#{self.seq} in {self.conversation_id}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_held(self) -> bool:
        return self.held_at is not None

    def can_be_changed_by(self, user: object, now: datetime | None = None) -> bool:
        """Its sender may edit or delete a plain message for a short while after sending it."""
        now = now or timezone.now()
        return (
            self.sender_id == getattr(user, "pk", None)
            and self.kind == MessageKind.TEXT
            and not self.is_deleted
            and now - self.created_at <= EDIT_WINDOW
        )


class MessageRevision(models.Model):
    """The words a message held before an edit or a delete. Kept for the audit trail; never shown to
    the other people in the conversation."""

    class Action(models.TextChoices):
        EDITED = "edited", _("Edited")
        DELETED = "deleted", _("Deleted")

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="revisions")
    action = models.CharField(max_length=16, choices=Action.choices)
    body = models.TextField()
    risk_level = models.CharField(max_length=16, default=Level.NONE.value)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.action} {self.message}"


class NotificationKind(models.TextChoices):
    MESSAGE = "message", _("New messages")
    ENDED = "ended", _("Conversation ended")
    LEFT = "left", _("Someone left")


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """Something that happened while a person was away. New messages in one conversation fold into one
    unread notification whose `count` grows."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=NotificationKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    count = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "conversation", "kind"],
                condition=Q(read_at__isnull=True),
                name="one_unread_per_kind",
            ),
        ]
        indexes = [models.Index(fields=["recipient", "-updated_at"])]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"


class BoundaryPolicy(models.TextChoices):
    WARN = "warn", _("Warn the writer, who may send anyway")
    HOLD = "hold", _("Hold the message until a supervisor releases it")


class ConversationSettings(models.Model):
    """A program's choices for its conversations. No row means the defaults."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="+")
    boundary_policy = models.CharField(
        _("When a message shares contact details, plans to meet, or money"),
        max_length=8,
        choices=BoundaryPolicy.choices,
        default=BoundaryPolicy.WARN,
    )

    def __str__(self) -> str:
        return f"Conversation settings of {self.program_id}"
