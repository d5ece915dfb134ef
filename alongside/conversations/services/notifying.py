"""Telling people away: an in-app notification per conversation (new messages fold into it), and an email
later if it is still unread, in the person's language and outside their quiet hours."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache, partial

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.common import sql
from alongside.notifications.services import QuietHours, Status, email_person

from .. import presence
from ..models import Conversation, Notification, NotificationKind, Participant

EMAIL_DELAY = timedelta(minutes=5)  # someone back within five minutes needs no email


def _notify_away(
    conversation: Conversation,
    *,
    actor: User,
    kind: NotificationKind,
    others: list[int] | None = None,
) -> None:
    """An in-app notification for each other participant (`others`, if the caller has them) who does
    not have the conversation open; new messages fold into one unread notification per conversation.
    Email follows (see below). One statement, plus one per person newly notified."""
    if others is None:
        others = list(
            Participant.objects.present()
            .filter(conversation=conversation)
            .exclude(user=actor)
            .values_list("user_id", flat=True)
        )
    away = _away(conversation.pk, others)
    if away:
        folding = _Folding(conversation.pk, actor_id=actor.pk, kind=kind, away=away)
        _notify_fresh(conversation, actor=actor, kind=kind, away=away, folded=folding.folded())


def _away(conversation_id: int, others: list[int]) -> list[int]:
    """Which of `others` do not have the conversation open now."""
    return sorted(set(others) - presence.here(conversation_id, others)) if others else []


async def _aaway(conversation_id: int, others: list[int]) -> list[int]:
    """`_away`, from the event loop."""
    return sorted(set(others) - await presence.ahere(conversation_id, others)) if others else []


class _Folding:
    """New messages fold into the unread notification a person away already has: count + 1. One
    statement, which may go in a `sql.batch`; `folded()` says whose it found."""

    def __init__(
        self, conversation_id: int, *, actor_id: int, kind: NotificationKind, away: list[int]
    ) -> None:
        self.found: set[int] | None = None
        if connection.features.can_return_columns_from_insert:  # UPDATE … RETURNING, too
            self.pending = sql.send(*_folding(conversation_id, actor_id, kind, away))
        else:
            statement, params = _folding(conversation_id, actor_id, kind, away, returning=False)
            self.found = {pk for (pk,) in sql.rows(_unread_of_sql(len(away)), params[2:])}
            sql.run(statement, params)

    def folded(self) -> set[int]:
        if self.found is None:
            self.found = {pk for (pk,) in self.pending.rows()}
        return self.found


def _folding(
    conversation_id: int,
    actor_id: int,
    kind: NotificationKind,
    away: list[int],
    *,
    returning: bool = True,
) -> sql.Query:
    """Fold a new message into the unread notification each of `away` may have (`_fold_sql`)."""
    params = [sql.when(timezone.now()), actor_id, conversation_id, kind.value, *away]
    return _fold_sql(len(away), returning=returning), params


def _fresh_notifications(
    conversation: Conversation,
    *,
    actor: User,
    kind: NotificationKind,
    away: list[int],
    folded: set[int],
) -> list[Notification]:
    """A notification to store for each person away who had none unread of this kind."""
    return [
        Notification(recipient_id=user_id, conversation=conversation, kind=kind, actor=actor)
        for user_id in away
        if user_id not in folded
    ]


def _notify_fresh(
    conversation: Conversation,
    *,
    actor: User,
    kind: NotificationKind,
    away: list[int],
    folded: set[int],
) -> None:
    """A notification for each person away who had none unread of this kind, each emailed later."""
    for fresh in _fresh_notifications(
        conversation, actor=actor, kind=kind, away=away, folded=folded
    ):
        sql.insert(fresh)
        transaction.on_commit(partial(_enqueue_email, fresh.pk, delay=EMAIL_DELAY))


@cache
def _unread_of_sql(people: int) -> str:
    """`Notification.objects.unread().filter(conversation=…, kind=…, recipient_id__in=…)`"""
    return (
        f"SELECT {sql.column(Notification, 'recipient')} FROM {sql.table(Notification)}"  # noqa: S608 (model names)
        f" WHERE {sql.column(Notification, 'read_at')} IS NULL"
        f" AND {sql.column(Notification, 'conversation')} = %s"
        f" AND {sql.column(Notification, 'kind')} = %s"
        f" AND {sql.column(Notification, 'recipient')} IN ({', '.join(['%s'] * people)})"
    )


@cache
def _fold_sql(people: int, *, returning: bool) -> str:
    """`….update(count=F("count") + 1, updated_at=…, actor=…)` on those, saying whose it folded."""
    count = sql.column(Notification, "count")
    where = _unread_of_sql(people).partition(" WHERE ")[2]
    return (
        f"UPDATE {sql.table(Notification)} SET {count} = {count} + 1,"  # noqa: S608 (model names)
        f" {sql.column(Notification, 'updated_at')} = %s, {sql.column(Notification, 'actor')} = %s"
        f" WHERE {where}"
        + (f" RETURNING {sql.column(Notification, 'recipient')}" if returning else "")
    )


def _enqueue_email(
    notification_id: int, *, delay: timedelta | None = None, at: datetime | None = None
) -> None:
    from django_tasks import default_task_backend

    from ..tasks import email_notification

    task = email_notification
    if default_task_backend.supports_defer and (delay or at):
        task = task.using(run_after=at or timezone.now() + (delay or timedelta()))
    task.enqueue(notification_id)


def email_notification(*, notification_id: int) -> bool:
    """Email someone about an unread notification, if they gave an address and allowed it, and not in
    their quiet hours (then it waits for the morning, where the task backend can wait). The email never
    holds names or words from the conversation. True if sent."""
    notification = (
        Notification.objects.select_related("recipient", "recipient__profile")
        .filter(pk=notification_id)
        .first()
    )
    if notification is None or notification.read_at or notification.emailed_at:
        return False
    recipient = notification.recipient
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        subject = _("Someone wrote to you on Alongside")
        text = _(
            "Hello,\n\nSomeone wrote to you while you were away. Sign in to Alongside to read it."
            "\n\nYou can turn these emails off on your notification settings page."
        )
    # In quiet hours this task comes back when they end (where the task backend can wait), and
    # emails only if the notification is still unread then.
    delivery = email_person(to=recipient, subject=subject, body=text, quiet_hours=QuietHours.ASK)
    if delivery.status is Status.QUIET and delivery.until is not None:
        from django_tasks import default_task_backend

        if default_task_backend.supports_defer:
            transaction.on_commit(partial(_enqueue_email, notification_id, at=delivery.until))
    if not delivery.sent:
        return False
    Notification.objects.filter(pk=notification_id).update(emailed_at=timezone.now())
    return True
