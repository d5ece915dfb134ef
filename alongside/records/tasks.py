"""Background work for records: recording chat days and group meetings as encounters."""

from django_tasks import task

from . import services


@task()
def record_recent_encounters(program_id: int, due: str = "") -> int:
    """Record the program's recent chat days and group meetings, then come back in an hour."""
    return services.sweep_encounters(program_id=program_id, due=due)
