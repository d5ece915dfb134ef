"""Every change to an escalation: open it, alert people, acknowledge, note, send it to the backup,
resolve; and a program's on-call rota and safety settings.

Each step adds an `EscalationEvent` (append-only, timestamped), writes a line to the access log, and
tells the program's supervisors' dashboards after commit. Other apps open escalations through
`open_escalation` (groups and forums pass their own source). Messages and outcome flags come in through
`escalate_message` and `escalate_flag`, called once their own row is committed; conversations and
outcomes hand over how to read and escalate one (`register_escalator`) from their AppConfig.ready().
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from alongside.accounts import gates
from alongside.accounts.choices import Role
from alongside.accounts.models import Membership, Program, User
from alongside.accounts.selectors import care_team_of, standing, today_in
from alongside.audit.models import Action
from alongside.audit.services import record_access
from alongside.live import broadcast
from alongside.notifications.services import QuietHours, Status, email_person

from . import selectors
from .learning import label_assessment
from .levels import Level
from .models import (
    Alert,
    Escalation,
    EscalationEvent,
    EventKind,
    FollowUp,
    FollowUpKind,
    OnCallShift,
    ResolutionAction,
    SafetySettings,
    SourceKind,
    State,
    Verdict,
)
from .sources import Trigger

logger = logging.getLogger(__name__)

MAX_NOTE = 2000


# --- what higher apps hear (filled from their AppConfig.ready()) --------------------------------------

_resolution_listeners: list[Callable[[Escalation], None]] = []
_rota_checks: list[Callable[[Program, User, datetime], str | None]] = []


def register_resolution_listener(listener: Callable[[Escalation], None]) -> None:
    """`listener(escalation)` runs inside `resolve_escalation`'s transaction, once it is resolved (the
    supervision app offers the supporters who handled it a debrief)."""
    if listener not in _resolution_listeners:
        _resolution_listeners.append(listener)


def register_rota_check(check: Callable[[Program, User, datetime], str | None]) -> None:
    """`check(program, person, starts_at)` answers why `person` may not go on call from `starts_at`
    (a sentence for the form), or None (the supervision app keeps the weekly on-call limit)."""
    if check not in _rota_checks:
        _rota_checks.append(check)


# How a higher app's thing opens an escalation once it is committed ("message": conversations, "flag":
# outcomes), and each app's sweep for things left without one (`escalate_unhandled_flags`).
_escalators: dict[str, Callable[[int], Escalation | None]] = {}
_sweeps: list[Callable[[Program], int]] = []


def register_escalator(thing: str, escalate: Callable[[int], Escalation | None]) -> None:
    """`escalate(id)` opens (or joins) the escalation for one stored `thing`, or answers None."""
    _escalators[thing] = escalate


def register_sweep(sweep: Callable[[Program], int]) -> None:
    """`sweep(program)` escalates what was left without an escalation; returns how many."""
    if sweep not in _sweeps:
        _sweeps.append(sweep)


# --- live updates and the audit trail ----------------------------------------------------------------


def program_group(program_id: int) -> str:
    """Every supervisor's and administrator's dashboard in the program."""
    return f"safety.program.{program_id}"


def person_group(user_id: int) -> str:
    """One person's open dashboards (a supporter sees the escalations of their members)."""
    return f"safety.user.{user_id}"


def _changed(escalation: Escalation) -> None:
    """Tell the dashboards, after commit, that this escalation changed; they fetch what they may see.
    The payload names nobody and quotes nothing."""
    payload = {
        "type": "escalation",
        "id": escalation.pk,
        "state": escalation.state,
        "level": escalation.level,
    }
    broadcast.broadcast_on_commit(program_group(escalation.program_id), payload)
    if escalation.assigned_supporter_id:
        broadcast.broadcast_on_commit(person_group(escalation.assigned_supporter_id), payload)


def _audit(escalation: Escalation, *, actor: User | None, purpose: str) -> None:
    record_access(
        viewer=actor,
        record=escalation,
        subject=escalation.person,
        action=Action.WRITE,
        purpose=f"Safety escalation: {purpose}",
        program_id=escalation.program_id,
    )


def _event(
    escalation: Escalation,
    kind: EventKind,
    *,
    actor: User | None = None,
    note: str = "",
    actions: Sequence[str] = (),
    at: datetime | None = None,
) -> EscalationEvent:
    return EscalationEvent.objects.create(
        escalation=escalation,
        kind=kind,
        actor=actor,
        note=note,
        actions=list(actions),
        at=at or timezone.now(),
    )


def _alert(
    escalation: Escalation, people: Iterable[User | None], *, reason: EventKind, at: datetime
) -> list[User]:
    """An in-app alert (and an email, if they allow it) for each person, once each; an `alerted`
    event lists who was alerted."""
    recipients = list({p.pk: p for p in people if p is not None and p.is_active}.values())
    if not recipients:
        return []
    alerts = Alert.objects.bulk_create(
        [
            Alert(recipient=p, escalation=escalation, reason=reason, created_at=at)
            for p in recipients
        ]
    )
    event = _event(escalation, EventKind.ALERTED, at=at)
    event.recipients.set(recipients)
    for alert in alerts:
        transaction.on_commit(partial(_enqueue_email, alert.pk))
    for person in recipients:
        broadcast.broadcast_on_commit(
            person_group(person.pk),
            {"type": "alert", "id": escalation.pk, "reason": reason},
        )
    return recipients


def _program_supervisors(
    program_id: int, *, roles: Sequence[Role] = (Role.SUPERVISOR,)
) -> list[User]:
    return list(
        User.objects.filter(
            memberships__program_id=program_id, memberships__role__in=roles, is_active=True
        )
        .distinct()
        .order_by("pk")
    )


def _on_call_today(shift: OnCallShift | None, program: Program, now: datetime) -> list[User | None]:
    """The shift's supervisor and backup, each None if the on-call gate keeps them out that day (an
    expired credential, a required course not finished: accounts.gates, decided by training)."""
    if shift is None:
        return [None, None]
    people = [shift.supervisor, shift.backup]
    lacking = gates.missing_for(
        [p.pk for p in people if p is not None],
        program,
        gates.Activity.ON_CALL,
        on=today_in(program, now),
    )
    return [p if p is not None and p.pk not in lacking else None for p in people]


# --- opening ------------------------------------------------------------------------------------------


# Who looks after a room besides the supporters seated in it (a group meeting's facilitators, who may
# not have come in yet): filled by the apps that own rooms, from their AppConfig.ready().
_room_keepers: list[Callable[[int], Iterable[User]]] = []


def register_room_keepers(find: Callable[[int], Iterable[User]]) -> None:
    """`find(conversation_id)` names the people alerted, live and in the app, when someone in that
    room writes crisis words."""
    if find not in _room_keepers:
        _room_keepers.append(find)


def room_keepers(conversation_id: int) -> list[User]:
    """Whoever the registered apps name as keeping that room (a group meeting's facilitators)."""
    return [person for find in _room_keepers for person in find(conversation_id)]


def _default_supporter(person: User) -> User | None:
    link = care_team_of(person).filter(role=Role.SUPPORTER).first()
    return link.staff if link else None


@transaction.atomic
def open_escalation(
    *,
    program: Program,
    person: User,
    source_kind: SourceKind | str,
    source_id: int,
    level: Level | str,
    reasons: Sequence[str] = (),
    source_item: int | None = None,
    assigned_supporter: User | None = None,
    also_alert: Sequence[User] = (),
    now: datetime | None = None,
) -> Escalation:
    """Open an escalation for `person` from one source, alert the assigned supporter, anyone in
    `also_alert` (a group room's facilitators) and the on-call supervisor, and start the timer. While
    one is still open for the same person and source, a new signal joins its timeline (and may raise
    its level) instead of opening another."""
    level = Level(level)
    if not level.opens_escalation:
        raise ValueError(f"A {level} assessment does not open an escalation.")
    now = now or timezone.now()
    key = {"person": person, "source_kind": source_kind, "source_id": source_id}
    existing = Escalation.objects.select_for_update().unresolved().filter(**key).first()
    if existing is not None:
        return _add_signal(existing, level=level, source_item=source_item, at=now, reasons=reasons)
    shift = selectors.on_call_now(program, now=now)
    on_call, backup = _on_call_today(shift, program, now)
    if on_call is None:  # the backup steps up for someone the gate keeps out today
        on_call, backup = backup, None
    rules = selectors.settings_for(program)
    supporter = assigned_supporter or _default_supporter(person)
    try:
        with transaction.atomic():
            escalation = Escalation.objects.create(
                program=program,
                **key,
                source_item=source_item,
                level=level.value,
                reasons=list(reasons),
                assigned_supporter=supporter,
                on_call=on_call,
                backup=backup,
                opened_at=now,
                respond_by=now + timedelta(minutes=rules.ack_minutes),
            )
    except IntegrityError:  # opened a moment ago by another process
        existing = Escalation.objects.select_for_update().unresolved().get(**key)
        return _add_signal(existing, level=level, source_item=source_item, at=now, reasons=reasons)
    _event(escalation, EventKind.OPENED, note="\n".join(reasons), at=now)
    # Nobody on call: every supervisor of the program hears it, rather than no one.
    alerted = [on_call] if on_call else _program_supervisors(program.pk)
    _alert(escalation, [supporter, *also_alert, *alerted], reason=EventKind.OPENED, at=now)
    _audit(escalation, actor=None, purpose=f"opened ({escalation.get_source_kind_display()})")
    _changed(escalation)
    transaction.on_commit(partial(_start_timer, escalation.pk, escalation.respond_by))
    return escalation


def _add_signal(
    escalation: Escalation,
    *,
    level: Level,
    source_item: int | None,
    at: datetime,
    reasons: Sequence[str] = (),
) -> Escalation:
    changed = ["updated_at"]
    if level.rank > Level(escalation.level).rank:
        escalation.level = level.value
        changed.append("level")
    if new := [r for r in reasons if r not in escalation.reasons]:
        escalation.reasons = [*escalation.reasons, *new]
        changed.append("reasons")
    if len(changed) > 1:
        escalation.save(update_fields=changed)
    note = f"#{source_item}" if source_item is not None else ""
    _event(escalation, EventKind.SIGNAL, note=note, at=at)
    # Those working it hear of it again, unless an alert of theirs is still unread on every page.
    people = [escalation.assigned_supporter, escalation.acknowledged_by or escalation.on_call]
    unread = set(
        Alert.objects.unread().filter(escalation=escalation).values_list("recipient_id", flat=True)
    )
    _alert(
        escalation,
        [p for p in people if p is not None and p.pk not in unread],
        reason=EventKind.SIGNAL,
        at=at,
    )
    _audit(escalation, actor=None, purpose="another worrying message")
    _changed(escalation)
    return escalation


def escalate_message(message_id: int) -> Escalation | None:
    """For a stored message assessed `high` or `imminent`: its writer's escalation for that
    conversation or room. Called once the message is committed; conversations reads the message and
    opens it (its escalator, `conversations.escalations`)."""
    escalate = _escalators.get("message")
    return escalate(message_id) if escalate is not None else None


def escalate_flag(flag_id: int) -> Escalation | None:
    """For an outcomes safety flag (PHQ-9 item 9 above zero, a worrying check-in note): an
    escalation, and the flag marked handled (outcomes' escalator, `outcomes.services.escalate_flag`)."""
    escalate = _escalators.get("flag")
    return escalate(flag_id) if escalate is not None else None


def escalate_unhandled_flags(program: Program) -> int:
    """Open escalations for anything left without one (an outcomes flag raised while this code was not
    yet installed, say), through each app's sweep. Returns how many were handled."""
    return sum(sweep(program) for sweep in _sweeps)


# --- the timer ----------------------------------------------------------------------------------------


def _start_timer(escalation_id: int, respond_by: datetime) -> None:
    from django_tasks import default_task_backend

    from .tasks import escalate_if_unacknowledged

    task = escalate_if_unacknowledged
    if default_task_backend.supports_defer:
        task = task.using(run_after=respond_by)
    task.enqueue(escalation_id)


@transaction.atomic
def escalate_to_backup(*, escalation_id: int, now: datetime | None = None) -> bool:
    """If nobody has acknowledged the escalation by its deadline, it goes to the backup on call (and
    the on-call supervisor is paged again). True if it went; false if acknowledged, resolved, already
    sent on, or not yet due."""
    now = now or timezone.now()
    escalation = (
        Escalation.objects.select_for_update()
        .select_related("person")
        .filter(pk=escalation_id)
        .first()
    )
    if (
        escalation is None
        or escalation.state != State.OPEN
        or escalation.escalated_at is not None
        or now < escalation.respond_by
    ):
        return False
    shift = selectors.on_call_now(escalation.program, now=now)
    backup = escalation.backup or _on_call_today(shift, escalation.program, now)[1]
    if backup is None:  # no backup named: every other supervisor and the administrators
        others = _program_supervisors(escalation.program_id, roles=(Role.SUPERVISOR, Role.ADMIN))
        backups = [p for p in others if p.pk != escalation.on_call_id]
    else:
        backups = [backup]
    escalation.escalated_at = now
    escalation.backup = backup
    escalation.save(update_fields=["escalated_at", "backup", "updated_at"])
    _event(escalation, EventKind.ESCALATED, at=now)
    _alert(escalation, [*backups, escalation.on_call], reason=EventKind.ESCALATED, at=now)
    _audit(escalation, actor=None, purpose="not acknowledged in time; sent to the backup on call")
    _changed(escalation)
    return True


def escalate_overdue(*, now: datetime | None = None) -> int:
    """Send every overdue escalation to its backup: a sweep for task backends that cannot wait."""
    now = now or timezone.now()
    ids = list(Escalation.objects.overdue(now).values_list("pk", flat=True))
    return sum(escalate_to_backup(escalation_id=pk, now=now) for pk in ids)


# --- working an escalation ----------------------------------------------------------------------------


def _lock(escalation: Escalation) -> Escalation:
    return Escalation.objects.select_for_update().select_related("person").get(pk=escalation.pk)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _read_alerts(escalation: Escalation, user: User, now: datetime) -> None:
    Alert.objects.unread().filter(escalation=escalation, recipient=user).update(read_at=now)


@transaction.atomic
def acknowledge_escalation(
    *, escalation: Escalation, by: User, now: datetime | None = None
) -> Escalation:
    """A supervisor takes the escalation: the timer stops. Acknowledging twice changes nothing."""
    _require(selectors.may_manage(by, escalation))
    now = now or timezone.now()
    escalation = _lock(escalation)
    if escalation.state != State.OPEN:
        return escalation
    escalation.state, escalation.acknowledged_by, escalation.acknowledged_at = (
        State.ACKNOWLEDGED,
        by,
        now,
    )
    escalation.save(update_fields=["state", "acknowledged_by", "acknowledged_at", "updated_at"])
    _event(escalation, EventKind.ACKNOWLEDGED, actor=by, at=now)
    _read_alerts(escalation, by, now)
    _audit(escalation, actor=by, purpose="acknowledged")
    _changed(escalation)
    return escalation


def _clean_note(note: str, *, required: bool) -> str:
    note = note.strip()
    if required and not note:
        raise ValidationError({"note": _("Please write what happened.")})
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": _("Please keep the note under 2,000 characters.")})
    return note


@transaction.atomic
def add_escalation_note(
    *, escalation: Escalation, by: User, note: str, now: datetime | None = None
) -> EscalationEvent:
    """A note on the timeline, from a supervisor or the assigned supporter."""
    _require(selectors.may_view(by, escalation))
    note = _clean_note(note, required=True)
    escalation = _lock(escalation)
    event = _event(escalation, EventKind.NOTE, actor=by, note=note, at=now)
    _audit(escalation, actor=by, purpose="note added")
    _changed(escalation)
    return event


@transaction.atomic
def resolve_escalation(
    *,
    escalation: Escalation,
    by: User,
    actions: Sequence[str],
    note: str = "",
    now: datetime | None = None,
) -> Escalation:
    """Close the escalation with what was done. Resolving one nobody acknowledged acknowledges it
    first, so the timeline shows who took it."""
    _require(selectors.may_manage(by, escalation))
    valid = set(ResolutionAction.values)
    chosen = [a for a in dict.fromkeys(actions) if a in valid]
    if not chosen or len(chosen) != len(set(actions)):
        raise ValidationError({"actions": _("Please choose what was done.")})
    note = _clean_note(note, required=True)  # a resolution says what happened, in words too
    now = now or timezone.now()
    escalation = _lock(escalation)
    if escalation.state == State.RESOLVED:
        raise ValidationError(_("This escalation is already resolved."), code="resolved")
    if escalation.state == State.OPEN:
        escalation = acknowledge_escalation(escalation=escalation, by=by, now=now)
    escalation.state, escalation.resolved_by, escalation.resolved_at = State.RESOLVED, by, now
    escalation.save(update_fields=["state", "resolved_by", "resolved_at", "updated_at"])
    _event(escalation, EventKind.RESOLVED, actor=by, note=note, actions=chosen, at=now)
    _read_alerts(escalation, by, now)
    _audit(escalation, actor=by, purpose="resolved: " + ", ".join(chosen))
    for listener in _resolution_listeners:
        listener(escalation)
    _changed(escalation)
    return escalation


@transaction.atomic
def ask_to_talk_now(*, person: User, now: datetime | None = None) -> Escalation | None:
    """The person at risk asks to talk to someone now: their open escalation says so and the people
    on it are alerted again. None when they have no open escalation (the page offers 988 instead)."""
    now = now or timezone.now()
    escalation = (
        Escalation.objects.select_for_update()
        .unresolved()
        .filter(person=person)
        .order_by("-opened_at")
        .first()
    )
    if escalation is None:
        return None
    _event(escalation, EventKind.NOTE, actor=person, note="Asked to talk to a person now.", at=now)
    people = [escalation.assigned_supporter, escalation.acknowledged_by or escalation.on_call]
    _alert(escalation, people, reason=EventKind.SIGNAL, at=now)
    _audit(escalation, actor=person, purpose="the person asked to talk to someone now")
    _changed(escalation)
    return escalation


@transaction.atomic
def mark_alert_seen(*, escalation: Escalation, by: User, now: datetime | None = None) -> int:
    """The person alerted says they have seen it, from the alert itself. A supervisor's "seen" is
    acknowledging (see `acknowledge_escalation`); the assigned peer supporter's is a `seen` step on
    the timeline, so the supervisor knows they are on it. Returns how many alerts were read."""
    _require(selectors.may_view(by, escalation))
    now = now or timezone.now()
    read = Alert.objects.unread().filter(escalation=escalation, recipient=by).update(read_at=now)
    if read and not selectors.may_manage(by, escalation):
        escalation = _lock(escalation)
        _event(escalation, EventKind.SEEN, actor=by, at=now)
        _audit(escalation, actor=by, purpose="the alert was seen by the peer supporter")
        _changed(escalation)
    return read


# --- ending a conversation with care ------------------------------------------------------------------


class FollowUpNeeded(ValidationError):
    """Ending now needs a follow-up agreed first: `escalation` is the one that asks for it."""

    def __init__(self, escalation: Escalation) -> None:
        super().__init__(
            _(
                "Someone in this conversation may be at risk. Before it ends, please agree how you "
                "will follow up: a time to check in with them, or a hand-over to the supervisor."
            ),
            code="follow_up",
        )
        self.escalation = escalation


@transaction.atomic
def agree_follow_up(
    *,
    escalation: Escalation,
    conversation_id: int,
    by: User,
    kind: FollowUpKind | str,
    check_in_at: datetime | None = None,
    now: datetime | None = None,
) -> FollowUp:
    """Record what the supporter agreed before ending a conversation near an escalation: a check-in
    at a set time, or a hand-over to the supervisor (who is alerted). It goes on the timeline."""
    _require(selectors.may_view(by, escalation))
    now = now or timezone.now()
    kind = FollowUpKind(kind)
    if kind == FollowUpKind.CHECK_IN and (check_in_at is None or check_in_at <= now):
        raise ValidationError(
            {"check_in_at": _("Please choose a time to check in that is still to come.")}
        )
    if kind == FollowUpKind.HAND_OVER:
        check_in_at = None
    escalation = _lock(escalation)
    follow_up = FollowUp.objects.create(
        escalation=escalation,
        conversation_id=conversation_id,
        agreed_by=by,
        kind=kind,
        check_in_at=check_in_at,
        created_at=now,
    )
    when = f" {check_in_at.isoformat(timespec='minutes')}" if check_in_at else ""
    _event(
        escalation, EventKind.FOLLOW_UP, actor=by, actions=[kind.value], note=when.strip(), at=now
    )
    if kind == FollowUpKind.HAND_OVER:
        supervisor = escalation.acknowledged_by or escalation.on_call
        people = [supervisor] if supervisor else _program_supervisors(escalation.program_id)
        _alert(escalation, people, reason=EventKind.FOLLOW_UP, at=now)
    else:
        assert check_in_at is not None  # noqa: S101  # checked above
        transaction.on_commit(partial(_start_reminder, follow_up.pk, check_in_at))
    _audit(escalation, actor=by, purpose=f"follow-up agreed ({kind.value})")
    _changed(escalation)
    return follow_up


def _start_reminder(follow_up_id: int, at: datetime) -> None:
    from django_tasks import default_task_backend

    from .tasks import remind_follow_up as task

    if not default_task_backend.supports_defer:
        return  # an immediate backend would remind now: `safety_sweep` reminds what came due
    task.using(run_after=at).enqueue(follow_up_id)


@transaction.atomic
def remind_follow_up(*, follow_up_id: int, now: datetime | None = None) -> bool:
    """When an agreed check-in comes due, remind the supporter who agreed it, once: an in-app alert
    on every page of theirs (live, and there on the next page load) and an email only if they allow
    email, outside their quiet hours. Nothing if it is not yet due, already reminded, or they may no
    longer see the escalation. True if reminded."""
    now = now or timezone.now()
    claimed = FollowUp.objects.filter(
        pk=follow_up_id,
        kind=FollowUpKind.CHECK_IN,
        reminded_at__isnull=True,
        check_in_at__lte=now,
    ).update(reminded_at=now)
    if not claimed:
        return False
    follow_up = FollowUp.objects.select_related("escalation", "agreed_by").get(pk=follow_up_id)
    supporter, escalation = follow_up.agreed_by, follow_up.escalation
    if (
        supporter is None
        or not supporter.is_active
        or not selectors.may_view(supporter, escalation)
    ):
        return False
    alert = Alert.objects.create(
        recipient=supporter, escalation=escalation, reason=EventKind.REMINDED, created_at=now
    )
    event = _event(escalation, EventKind.REMINDED, at=now)
    event.recipients.set([supporter])
    transaction.on_commit(partial(_enqueue_email, alert.pk))
    broadcast.broadcast_on_commit(
        person_group(supporter.pk),
        {"type": "alert", "id": escalation.pk, "reason": EventKind.REMINDED.value},
    )
    _audit(escalation, actor=None, purpose="the peer supporter reminded of the check-in agreed")
    return True


def remind_due_follow_ups(*, now: datetime | None = None) -> int:
    """Every agreed check-in that came due without a reminder (for `safety_sweep`, when the task
    backend cannot wait until a time). Returns how many were sent."""
    now = now or timezone.now()
    due = FollowUp.objects.filter(
        kind=FollowUpKind.CHECK_IN, reminded_at__isnull=True, check_in_at__lte=now
    ).values_list("pk", flat=True)
    return sum(remind_follow_up(follow_up_id=pk, now=now) for pk in list(due))


# --- staff's word on an assessment ---------------------------------------------------------------------


def mark_assessment(
    *,
    program: Program,
    by: User,
    person: User,
    trigger: Trigger,
    verdict: Verdict | str,
    escalation_kind: SourceKind | str,
    escalation_source_id: int,
    source_item: int | None = None,
    assigned_supporter: User | None = None,
) -> Escalation | None:
    """A staff member says an assessment was wrong: "this was not a crisis" (a false alarm) or "this
    was a crisis the app missed", which also opens an escalation by hand. The label is kept for
    retraining (`learning.label_assessment`). The caller has checked that `by` may read the words.
    Returns the escalation a missed crisis opened (or joined)."""
    verdict = Verdict(verdict)
    with transaction.atomic():
        label_assessment(
            program=program,
            labelled_by=by,
            source_kind=trigger.label_kind,
            source_id=trigger.label_id,
            text=trigger.words,
            context=trigger.context,
            assessed_level=trigger.assessed_level or Level.NONE.value,
            model_version=trigger.model_version,
            verdict=verdict,
        )
        if verdict != Verdict.MISSED:
            return None
        escalation = open_escalation(
            program=program,
            person=person,
            source_kind=escalation_kind,
            source_id=escalation_source_id,
            source_item=source_item,
            level=Level.HIGH,
            # Kept in English and shown in the reader's language (`reasons.in_words`).
            reasons=[gettext_noop("A staff member marked this as a crisis the app missed.")],
            assigned_supporter=assigned_supporter,
        )
        _event(
            escalation, EventKind.NOTE, actor=by, note="Opened by hand: a crisis the app missed."
        )
        return escalation


# --- alerts by email ----------------------------------------------------------------------------------


def _enqueue_email(alert_id: int) -> None:
    from .tasks import email_alert as task

    task.enqueue(alert_id)


def email_alert(*, alert_id: int) -> bool:
    """Email someone that a safety alert needs them (or that a check-in they agreed is due), if they
    gave an address and allow email. Crisis alerts ignore quiet hours; a reminder waits for them to
    end. The email names nobody and quotes nothing. True if sent (or held for later)."""
    alert = Alert.objects.select_related("recipient").filter(pk=alert_id).first()
    if alert is None or alert.read_at or alert.emailed_at:
        return False
    recipient = alert.recipient
    reminder = alert.reason == EventKind.REMINDED
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        if reminder:
            subject = _("A check-in you agreed is due on Alongside")
            text = _(
                "Hello,\n\nIt is time for the check-in you agreed with someone you support. "
                "Please sign in to Alongside to see who and to reach them."
            )
        else:
            subject = _("A safety alert needs you on Alongside")
            text = _(
                "Hello,\n\nSomeone in your program may be at risk and a safety alert needs you. "
                "Please sign in to Alongside now and open the safety dashboard."
            )
    # A reminder keeps the person's quiet hours (held until they end); a crisis alert does not.
    quiet = QuietHours.HOLD if reminder else QuietHours.IGNORE
    delivery = email_person(to=recipient, subject=subject, body=text, quiet_hours=quiet)
    if not delivery.sent and delivery.status is not Status.HELD:
        return False  # the alert stays in the app either way
    Alert.objects.filter(pk=alert_id).update(emailed_at=timezone.now())
    return True


# --- the rota and the settings ------------------------------------------------------------------------


def _role_in(user: User, program: Program, *roles: Role) -> bool:
    return Membership.objects.filter(user=user, program=program, role__in=roles).exists()


@transaction.atomic
def set_on_call(
    *,
    program: Program,
    by: User,
    supervisor: User,
    backup: User | None,
    now: datetime | None = None,
) -> OnCallShift:
    """Who is on call from now: a supervisor of the program and, ideally, a backup."""
    found = standing(by)
    _require(found.program == program and found.has(Role.SUPERVISOR, Role.ADMIN))
    if not _role_in(supervisor, program, Role.SUPERVISOR):
        raise ValidationError({"supervisor": _("Please choose a supervisor of this program.")})
    lacking = gates.missing_for(
        [p.pk for p in (supervisor, backup) if p is not None],
        program,
        gates.Activity.ON_CALL,
        on=today_in(program, now),
    )
    for field, chosen in (("supervisor", supervisor), ("backup", backup)):
        if chosen is not None and chosen.pk in lacking:
            raise ValidationError(
                {
                    field: _("%(name)s cannot be on call until they finish: %(missing)s")
                    % {"name": chosen, "missing": ", ".join(lacking[chosen.pk])}
                }
            )
    if backup is not None and (
        backup.pk == supervisor.pk or not _role_in(backup, program, Role.SUPERVISOR, Role.ADMIN)
    ):
        raise ValidationError(
            {"backup": _("Please choose another supervisor or an administrator as the backup.")}
        )
    starts_at = now or timezone.now()
    for field, person in (("supervisor", supervisor), ("backup", backup)):
        for check in _rota_checks:
            if person is not None and (refusal := check(program, person, starts_at)):
                raise ValidationError({field: refusal})
    shift = OnCallShift.objects.create(
        program=program,
        supervisor=supervisor,
        backup=backup,
        set_by=by,
        starts_at=starts_at,
    )
    record_access(
        viewer=by,
        record=shift,
        subject=None,
        action=Action.WRITE,
        purpose="Set who is on call",
        program_id=program.pk,
    )
    return shift


@transaction.atomic
def save_safety_settings(
    *,
    program: Program,
    by: User,
    ack_minutes: int,
    local_lines: Sequence[dict[str, str]],
    protocol_steps: Sequence[str],
    follow_up_hours: int | None = None,
) -> SafetySettings:
    """An administrator sets the program's response time, local crisis lines and protocol."""
    found = standing(by)
    _require(found.program == program and found.has(Role.ADMIN))
    if not 1 <= ack_minutes <= 24 * 60:
        raise ValidationError({"ack_minutes": _("Please give a number of minutes from 1 to 1440.")})
    if follow_up_hours is not None and not 0 <= follow_up_hours <= 24 * 14:
        raise ValidationError(
            {"follow_up_hours": _("Please give a number of hours from 0 to 336.")}
        )
    rules, _created = SafetySettings.objects.update_or_create(
        program=program,
        defaults={
            "ack_minutes": ack_minutes,
            "local_lines": [
                {"name": line["name"].strip(), "number": line["number"].strip()}
                for line in local_lines
            ],
            "protocol_steps": [s.strip() for s in protocol_steps if s.strip()],
            **({"follow_up_hours": follow_up_hours} if follow_up_hours is not None else {}),
        },
    )
    record_access(
        viewer=by,
        record=rules,
        subject=None,
        action=Action.WRITE,
        purpose="Changed the safety settings",
        program_id=program.pk,
    )
    return rules
