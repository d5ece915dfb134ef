"""Background work for groups: meeting reminders and keeping the schedule stored ahead."""

from django_tasks import task

from . import services


@task()
def remind_meeting(meeting_id: int) -> int:
    return services.send_meeting_reminders(meeting_id=meeting_id)


@task()
def plan_ahead(group_id: int) -> int:
    from .models import SupportGroup

    group = SupportGroup.objects.filter(pk=group_id, is_active=True).first()
    return len(services.plan_meetings(group=group)) if group is not None else 0
