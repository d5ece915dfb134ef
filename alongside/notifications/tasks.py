"""Background work for notifications: sending an email that waited."""

from django_tasks import task

from . import services


@task()
def send_held_email(held_id: int) -> bool:
    return services.send_held_email(held_id=held_id)
