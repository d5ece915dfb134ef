"""The access log: who read or changed which protected record, when, from where and why."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Action(models.TextChoices):
    # "Read" is also the receipt under a chat message ("Leído"); here it is the verb ("Leer").
    READ = "read", pgettext_lazy("access log action", "Read")
    WRITE = "write", _("Change")
    EXPORT = "export", _("Export")
    PRINT = "print", _("Print")
    SEARCH = "search", _("Search")
    DISCLOSE = "disclose", _("Disclose")


class AccessLogQuerySet(models.QuerySet["AccessLog"]):
    def for_program(self, program_id: int) -> "AccessLogQuerySet":
        return self.filter(program_id=program_id)


class AccessLog(models.Model):
    """One access to a protected record. Rows are only ever added; each carries a hash of the one before,
    so a changed or deleted row breaks the chain (see `audit.services.verify_chain`). On PostgreSQL a
    trigger refuses to update or delete them (migration 0002)."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    program = models.ForeignKey(
        "accounts.Program", on_delete=models.PROTECT, null=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    actor_roles = models.CharField(max_length=100, blank=True)
    action = models.CharField(max_length=16, choices=Action.choices, default=Action.READ)
    record_type = models.CharField(max_length=60)
    record_id = models.CharField(max_length=40)
    # Whose record it is: the member a clinician reads about, for "who looked at my things" reports.
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    purpose = models.CharField(max_length=200)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=300, blank=True)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["program", "-at"]), models.Index(fields=["subject", "-at"])]

    def __str__(self) -> str:
        return f"{self.actor_id} {self.action} {self.record_type} #{self.record_id}"


class ChainHead(models.Model):
    """The newest hash of the log and how many entries it has; one row, locked while a new entry is
    chained onto it. A log that ends before the head (newest entries, or all, deleted) is truncated."""

    latest_hash = models.CharField(max_length=64, default="0" * 64)
    entries = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return self.latest_hash
