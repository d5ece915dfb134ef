"""Background work for matching: closing an offer nobody answered in time."""

from django_tasks import task

from . import services


@task()
def expire_offer(offer_id: int) -> bool:
    return services.expire_offer(offer_id=offer_id)
