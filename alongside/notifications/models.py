"""Each person's ways of being told things (email today; SMS and push later) and the emails waiting."""

from __future__ import annotations

from datetime import datetime, time

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationSettings(models.Model):
    """How a person wants to hear about things while away. Email is off until they turn it on: an
    email from a support service can tell others more than the person wants."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    email_allowed = models.BooleanField(
        _("Email me when someone writes while I am away"), default=False
    )
    quiet_hours_on = models.BooleanField(_("Keep quiet hours"), default=True)
    quiet_from = models.TimeField(_("Quiet from"), default=time(21, 0))
    quiet_until = models.TimeField(_("Quiet until"), default=time(8, 0))

    class Meta:
        # Moved here from conversations with its rows: the table keeps the name it was created with.
        db_table = "conversations_notificationsettings"

    def __str__(self) -> str:
        return f"Notification settings of {self.user_id}"


class HeldEmailQuerySet(models.QuerySet["HeldEmail"]):
    def due(self, now: datetime) -> HeldEmailQuerySet:
        return self.filter(sent_at__isnull=True, failed_at__isnull=True, send_after__lte=now)


class HeldEmail(models.Model):
    """An email waiting for someone's quiet hours to end, or for another try after the mail server
    failed. Written in the person's language when it was held; sent once (`sent_at`), or given up
    after a few tries (`failed_at`)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    subject = models.CharField(max_length=200)
    body = models.TextField()
    send_after = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)

    objects = HeldEmailQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(
                fields=["send_after"],
                condition=Q(sent_at__isnull=True, failed_at__isnull=True),
                name="held_email_waiting",
            )
        ]

    def __str__(self) -> str:
        return f"Held email {self.pk} for {self.recipient_id}"
