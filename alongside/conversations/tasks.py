"""Background work for conversations: emailing people about what happened while they were away."""

from django_tasks import task

from . import services


@task()
def email_notification(notification_id: int) -> bool:
    return services.email_notification(notification_id=notification_id)
