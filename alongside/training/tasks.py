"""Background work for training: a credential's expiry reminders."""

from django_tasks import task

from . import services


@task()
def remind_of_expiry(credential_id: int, days: int) -> bool:
    return services.remind_of_expiry(credential_id=credential_id, days=days)
