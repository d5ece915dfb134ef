"""Background work for billing: an export asked for on the queue page."""

from django_tasks import task

from . import services


@task()
def make_export(job_id: int) -> bool:
    return services.make_export(job_id=job_id)
