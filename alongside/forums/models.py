"""Boards, threads, posts, reactions, follows and each reader's own never-show themes.

A thread's opening words are its first post (`is_opening`), so a thread page, search, reactions, holds,
edits and safety treat the opening and the replies alike. `search_text` is what full-text search
indexes; the database keeps its index in step (a generated tsvector on PostgreSQL, FTS5 triggers on
SQLite: see migration 0002 and docs/forums.md).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.choices import Topic
from alongside.accounts.models import Program
from alongside.common.models import TimeStampedModel

EDIT_WINDOW = timedelta(minutes=15)  # as long as conversations allow, for the same reasons
MAX_TITLE = 140
MAX_BODY = 10_000
MAX_WARNING_NOTE = 120


class Warning(models.TextChoices):  # noqa: A001  # the domain word; nothing here needs the builtin
    """Themes an author can warn about; readers can also choose never to see them unhidden."""

    SELF_HARM = "self_harm", _("Self-harm")
    SUICIDE = "suicide", _("Suicidal thoughts")
    SUBSTANCES = "substances", _("Drinking or drug use")
    EATING = "eating", _("Eating, food or weight")
    ABUSE = "abuse", _("Abuse")
    VIOLENCE = "violence", _("Violence")
    GRIEF = "grief", _("Death and grief")
    HOSPITAL = "hospital", _("Hospital or restraint")
    OTHER = "other", _("Something else (described below)")


class ReactionKind(models.TextChoices):
    ME_TOO = "me_too", _("Me too")
    STRENGTH = "strength", _("Sending strength")
    THANK_YOU = "thank_you", _("Thank you")


class PostStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    HELD = "held", _("Held for a quick review")
    KEPT_BACK = "kept_back", _("Kept back by a moderator")
    HIDDEN = "hidden", _("Hidden by a moderator")


class Board(TimeStampedModel):
    """One topic's board in one program."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="boards")
    topic = models.CharField(max_length=32, choices=Topic.choices)
    description = models.CharField(max_length=300, blank=True)
    thread_count = models.PositiveIntegerField(default=0)  # published threads, kept by services
    last_post_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "topic"], name="one_board_per_topic")
        ]

    def __str__(self) -> str:
        return str(self.get_topic_display())

    def get_absolute_url(self) -> str:
        return reverse("forums:board", args=[self.pk])


class Thread(TimeStampedModel):
    """A conversation in public on one board; its first post holds the opening words."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="threads")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=MAX_TITLE)
    is_anonymous = models.BooleanField(default=False)
    is_published = models.BooleanField(default=True)  # false while its opening post is held
    reply_count = models.PositiveIntegerField(default=0)  # published replies, kept by services
    last_post_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["board", "-last_post_at"], name="forums_thread_recent")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("forums:thread", args=[self.pk])


class PostQuerySet(models.QuerySet["Post"]):
    def visible_to(self, viewer_id: int, *, moderator: bool) -> PostQuerySet:
        """Published posts, and the viewer's own whatever their state; moderators see held ones."""
        if moderator:
            return self
        return self.filter(Q(status=PostStatus.PUBLISHED) | Q(author_id=viewer_id))


class Post(TimeStampedModel):
    """The opening of a thread or a reply in it."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    is_opening = models.BooleanField(default=False)
    body = models.TextField(max_length=MAX_BODY)
    body_html = models.TextField()  # rendered and sanitised once, when written
    search_text = models.TextField(blank=True)  # the title too, for an opening post
    is_anonymous = models.BooleanField(default=False)  # to members; moderators still see who
    warnings = models.JSONField(default=list, blank=True)  # Warning values
    warning_note = models.CharField(max_length=MAX_WARNING_NOTE, blank=True)
    risk_level = models.CharField(max_length=16, default="none")
    status = models.CharField(
        max_length=16, choices=PostStatus.choices, default=PostStatus.PUBLISHED
    )
    moderation_reason = models.CharField(max_length=300, blank=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["thread", "id"], name="forums_post_in_thread")]
        constraints = [
            models.UniqueConstraint(
                fields=["thread"], condition=Q(is_opening=True), name="one_opening_per_thread"
            )
        ]

    def __str__(self) -> str:
        return f"post #{self.pk} in {self.thread_id}"

    def get_absolute_url(self) -> str:
        return f"{reverse('forums:thread', args=[self.thread_id])}#post-{self.pk}"

    @property
    def is_published(self) -> bool:
        return self.status == PostStatus.PUBLISHED

    @property
    def is_held_for_safety(self) -> bool:
        """Held because its words were assessed `high` or above (services._store)."""
        return self.status == PostStatus.HELD and self.risk_level in ("high", "imminent")

    def may_edit(self, user_id: int, now: object = None) -> bool:
        moment = now or timezone.now()
        return self.author_id == user_id and moment - self.created_at <= EDIT_WINDOW  # type: ignore[operator]


class Reaction(models.Model):
    """One supportive reaction of one kind by one person on one post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=ReactionKind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "person", "kind"], name="one_reaction_each")
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.post_id}"


class Follow(models.Model):
    """A person following a thread, and the newest post they have seen in it."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="follows")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_seen_post_id = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "person"], name="one_follow_each")]

    def __str__(self) -> str:
        return f"{self.person_id} follows {self.thread_id}"


class ReaderSettings(models.Model):
    """A reader's own forum settings: themes never to be shown unhidden, whatever the author chose."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_settings"
    )
    never_show = models.JSONField(default=list, blank=True)  # Warning values

    def __str__(self) -> str:
        return f"forum settings of {self.person_id}"
