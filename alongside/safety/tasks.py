"""Background work for safety: the acknowledgement timer, alert emails, and the reminder of an agreed
check-in."""

from datetime import datetime

from django_tasks import task

from . import services


@task()
def escalate_if_unacknowledged(escalation_id: int, now: str | None = None) -> bool:
    """Runs at the escalation's deadline; `now` (ISO 8601) lets a test run it as if later."""
    at = datetime.fromisoformat(now) if now else None
    return services.escalate_to_backup(escalation_id=escalation_id, now=at)


@task()
def email_alert(alert_id: int) -> bool:
    return services.email_alert(alert_id=alert_id)


@task()
def remind_follow_up(follow_up_id: int, now: str | None = None) -> bool:
    """Runs when an agreed check-in comes due; `now` (ISO 8601) lets a test run it as if later."""
    at = datetime.fromisoformat(now) if now else None
    return services.remind_follow_up(follow_up_id=follow_up_id, now=at)
