"""Reading the access log: the admin's filtered view."""

from datetime import datetime, time
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from .models import AccessLog


def access_log(*, program_id: int, filters: dict[str, Any]) -> QuerySet[AccessLog]:
    """The program's log, newest first, narrowed by the filters the admin chose."""
    entries = AccessLog.objects.for_program(program_id).select_related("actor", "subject")
    if filters.get("actor"):
        entries = entries.filter(actor__username__iexact=filters["actor"])
    if filters.get("subject"):
        entries = entries.filter(subject__username__iexact=filters["subject"])
    if filters.get("action"):
        entries = entries.filter(action=filters["action"])
    if filters.get("record_type"):
        entries = entries.filter(record_type__icontains=filters["record_type"])
    zone = timezone.get_current_timezone()
    if filters.get("since"):
        entries = entries.filter(
            at__gte=timezone.make_aware(datetime.combine(filters["since"], time.min), zone)
        )
    if filters.get("until"):
        entries = entries.filter(
            at__lte=timezone.make_aware(datetime.combine(filters["until"], time.max), zone)
        )
    return entries
