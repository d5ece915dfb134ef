"""Background work for resources: the follow-up reminder of a referral and the day-3 hand-off alert."""

from django_tasks import task

from . import services


@task()
def remind_about_referral(referral_id: int) -> bool:
    return services.remind_about_referral(referral_id=referral_id)


@task()
def alert_if_no_contact(hand_off_id: int) -> bool:
    return services.alert_if_no_contact(hand_off_id=hand_off_id)
