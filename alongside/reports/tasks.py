"""Background work for reports: a period's figures, the daily refresh, exports."""

from django_tasks import task

from . import services


@task()
def compute_snapshot(snapshot_id: int) -> bool:
    return services.compute_snapshot(snapshot_id=snapshot_id)


@task()
def refresh_reports(program_id: int) -> int:
    return services.refresh_reports(program_id=program_id)


@task()
def make_export(export_id: int) -> bool:
    return services.make_export(export_id=export_id)
