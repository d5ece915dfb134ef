"""Background work for outcomes: questionnaire reminders."""

from django_tasks import task

from . import services


@task()
def send_reminder(member_id: int, schedule_id: int) -> bool:
    return services.send_reminder(member_id=member_id, schedule_id=schedule_id)


@task()
def send_program_reminders(program_id: int) -> int:
    return services.send_program_reminders(program_id=program_id)
