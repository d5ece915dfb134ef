"""Background work for scheduling: session reminders, a day and an hour before."""

from django_tasks import task

from . import services


@task()
def remind_session(session_id: int, kind: str) -> int:
    return services.send_session_reminders(session_id=session_id, kind=kind)
