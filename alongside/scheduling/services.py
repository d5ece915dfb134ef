"""Changes to scheduling: hours and time off, booking, proposing, picking, moving, cancelling, marking a
session held (which records the encounter) or missed, reminders and the calendar address."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from alongside.accounts.choices import Role
from alongside.accounts.models import Program, User
from alongside.accounts.selectors import care_team_of, standing, standing_in
from alongside.notifications.services import Delivery, QuietHours, email_person
from alongside.notifications.services import Status as DeliveryStatus
from alongside.records.models import Modality
from alongside.records.services import record_encounter
from alongside.safety import assess
from alongside.safety.services import open_escalation

from . import selectors
from .models import (
    BOOKABLE,
    REMINDER_LEADS,
    ChangeKind,
    DayException,
    ProposedTime,
    ReminderKind,
    SchedulingSettings,
    Session,
    SessionChange,
    SessionFeed,
    SessionReminder,
    Status,
    TimeOff,
    WeeklyHours,
)

MAX_PROPOSED = 5
SOURCE = "session"  # records' Source for encounters from booked sessions


# --- hours, exceptions, time off --------------------------------------------------------------------


def _zone_name(supporter: User) -> str:
    return selectors.zone_of(supporter).key


def _require_supporter(user: User, program: Program) -> None:
    found = standing(user)
    if found.program != program or not found.has(Role.SUPPORTER):
        raise ValidationError(_("Only a peer supporter of this program can set hours."))


@transaction.atomic
def add_weekly_hours(
    *, supporter: User, program: Program, weekday: int, starts: time, ends: time
) -> WeeklyHours:
    """A stretch of the supporter's usual week, in their own time zone as it is now."""
    _require_supporter(supporter, program)
    if ends <= starts:
        raise ValidationError({"ends": _("The end must be after the start.")})
    clash = WeeklyHours.objects.filter(
        supporter=supporter,
        program=program,
        weekday=weekday,
        starts_at_time__lt=ends,
        ends_at_time__gt=starts,
    )
    if clash.exists():
        raise ValidationError({"starts": _("These hours overlap hours you already have that day.")})
    return WeeklyHours.objects.create(
        supporter=supporter,
        program=program,
        weekday=weekday,
        starts_at_time=starts,
        ends_at_time=ends,
        time_zone=_zone_name(supporter),
    )


@transaction.atomic
def add_day_exception(
    *, supporter: User, program: Program, on: date, starts: time | None, ends: time | None
) -> DayException:
    """One day with other hours (or, without times, none)."""
    _require_supporter(supporter, program)
    if (starts is None) != (ends is None):
        raise ValidationError({"ends": _("Give both a start and an end, or neither.")})
    if starts is not None and ends is not None and ends <= starts:
        raise ValidationError({"ends": _("The end must be after the start.")})
    return DayException.objects.create(
        supporter=supporter,
        program=program,
        on=on,
        starts_at_time=starts,
        ends_at_time=ends,
        time_zone=_zone_name(supporter),
    )


@transaction.atomic
def add_time_off(*, supporter: User, program: Program, first_on: date, last_on: date) -> TimeOff:
    _require_supporter(supporter, program)
    if last_on < first_on:
        raise ValidationError({"last_on": _("The last day must be on or after the first day.")})
    return TimeOff.objects.create(
        supporter=supporter, program=program, first_on=first_on, last_on=last_on
    )


@transaction.atomic
def remove_availability(*, supporter: User, kind: str, item_id: int) -> None:
    """Remove one of the supporter's own stretches of hours, exceptions or time off."""
    model = {"hours": WeeklyHours, "exception": DayException, "time_off": TimeOff}.get(kind)
    if model is None:
        raise ValidationError(_("This cannot be removed."))
    model.objects.filter(supporter=supporter, pk=item_id).delete()  # type: ignore[attr-defined]


@transaction.atomic
def save_settings(
    *, program: Program, session_minutes: int, notice_hours: int
) -> SchedulingSettings:
    found, _created = SchedulingSettings.objects.get_or_create(program=program)
    found.session_minutes = session_minutes
    found.notice_hours = notice_hours
    found.full_clean()
    found.save()
    return found


# --- booking ----------------------------------------------------------------------------------------


def _check_details(
    *, modality: str, place: str, appointment_where: str, appointment_purpose: str
) -> None:
    errors: dict[str, str] = {}
    if modality not in BOOKABLE:
        errors["modality"] = _("Choose how you would like to meet.")
    if modality == Modality.IN_PERSON and not place.strip():
        errors["place"] = _("Say where you will meet.")
    if modality == Modality.ACCOMPANIMENT:
        if not appointment_where.strip():
            errors["appointment_where"] = _("Say where the appointment is.")
        if not appointment_purpose.strip():
            errors["appointment_purpose"] = _("Say what the appointment is for, in a few words.")
    if errors:
        raise ValidationError(errors)


def _check_free(
    *,
    supporter: User,
    member: User,
    starts_at: datetime,
    ends_at: datetime,
    field: str,
    exclude: int = 0,
) -> None:
    """Refuse a time that overlaps a proposed or booked session of either person (double booking).
    The supporter's row is locked first, so two bookings at once cannot both pass."""
    User.objects.select_for_update().filter(pk=supporter.pk).first()
    sessions = Session.objects.busy().overlapping(starts_at, ends_at).exclude(pk=exclude)
    if sessions.filter(supporter=supporter).exists():
        raise ValidationError(
            {
                field: _("%(name)s already has a session at that time. Please choose another time.")
                % {"name": supporter.display_name}
            }
        )
    if sessions.filter(member=member).exists():
        raise ValidationError(
            {
                field: _(
                    "There is already a session for %(name)s at that time. Please choose another time."
                )
                % {"name": member.display_name}
            }
        )
    offered = ProposedTime.objects.filter(
        session__supporter=supporter,
        session__status=Status.PROPOSED,
        starts_at__lt=ends_at,
        ends_at__gt=starts_at,
    ).exclude(session_id=exclude)
    if offered.exists():
        raise ValidationError(
            {
                field: _(
                    "That time is held for another proposed session. Please choose another time."
                )
            }
        )


def _assess_words(session: Session, author: User, *texts: str) -> None:
    """What people write here passes the safety check like every text; high or imminent opens an
    escalation for the person who wrote it (a member) or about the member (a supporter's words)."""
    words = "\n".join(t for t in texts if t and t.strip())
    if not words:
        return
    assessment = assess(words)
    if assessment.level.opens_escalation:
        open_escalation(
            program=session.program,
            person=session.member,
            source_kind="session",
            source_id=session.pk,
            level=assessment.level,
            reasons=list(assessment.reasons),
            assigned_supporter=session.supporter,
        )


def _log(session: Session, kind: ChangeKind, by: User, reason: str = "") -> None:
    SessionChange.objects.create(session=session, kind=kind, by=by, reason=reason[:300])


def _may_book(by: User, supporter: User, member: User, program: Program) -> None:
    # Both are in the session's program (whatever other programs they are in) and work together there.
    if (
        standing_in(supporter, program).program is None
        or standing_in(member, program).program is None
    ):
        raise ValidationError({"supporter": _("Choose a supporter from your program.")})
    if not care_team_of(member, program=program).filter(staff=supporter).exists():
        raise ValidationError({"supporter": _("You can book only with a supporter you work with.")})
    if by.pk not in (supporter.pk, member.pk):
        raise ValidationError(_("Only the member or their supporter can book this session."))


@transaction.atomic
def book_session(
    *,
    by: User,
    program: Program,
    supporter: User,
    member: User,
    modality: str,
    starts_at: datetime,
    minutes: int | None = None,
    place: str = "",
    appointment_where: str = "",
    appointment_purpose: str = "",
    transport: str = "",
    meeting_link: str = "",
) -> Session:
    """Book a session. A member books one of the supporter's free times; a supporter may book any time
    (a visit outside their usual hours, say). Either way neither person may be double booked."""
    _may_book(by, supporter, member, program)
    _check_details(
        modality=modality,
        place=place,
        appointment_where=appointment_where,
        appointment_purpose=appointment_purpose,
    )
    minutes = minutes or selectors.settings_of(program).session_minutes
    _check_length(minutes)
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("Choose a time that is still to come.")})
    ends_at = starts_at + timedelta(minutes=minutes)
    _check_free(
        supporter=supporter, member=member, starts_at=starts_at, ends_at=ends_at, field="starts_at"
    )
    if by.pk == member.pk and not selectors.is_free(
        program=program, supporter=supporter, starts_at=starts_at, minutes=minutes, member=member
    ):
        raise ValidationError(
            {"starts_at": _("That time is not free any more. Please choose another time.")}
        )
    session = Session.objects.create(
        program=program,
        supporter=supporter,
        member=member,
        modality=modality,
        starts_at=starts_at,
        ends_at=ends_at,
        status=Status.BOOKED,
        place=place.strip(),
        appointment_where=appointment_where.strip(),
        appointment_purpose=appointment_purpose.strip(),
        transport=transport.strip(),
        meeting_link=meeting_link.strip(),
        booked_by=by,
    )
    _log(session, ChangeKind.BOOKED, by)
    _assess_words(session, by, place, appointment_where, appointment_purpose, transport)
    _plan_reminders(session)
    return session


def _check_length(minutes: int) -> None:
    if not 10 <= minutes <= 240:
        raise ValidationError({"minutes": _("A session lasts between 10 and 240 minutes.")})


@transaction.atomic
def propose_session(
    *,
    supporter: User,
    program: Program,
    member: User,
    modality: str,
    times: Sequence[datetime],
    minutes: int | None = None,
    place: str = "",
    appointment_where: str = "",
    appointment_purpose: str = "",
    transport: str = "",
    meeting_link: str = "",
) -> Session:
    """The supporter offers a few times; the member picks one (`pick_time`). The times are held."""
    _may_book(supporter, supporter, member, program)
    _check_details(
        modality=modality,
        place=place,
        appointment_where=appointment_where,
        appointment_purpose=appointment_purpose,
    )
    minutes = minutes or selectors.settings_of(program).session_minutes
    _check_length(minutes)
    times = sorted(set(times))
    if not times:
        raise ValidationError({"times": _("Offer at least one time.")})
    if len(times) > MAX_PROPOSED:
        raise ValidationError({"times": _("Offer at most five times.")})
    if times[0] <= timezone.now():
        raise ValidationError({"times": _("Offer times that are still to come.")})
    length = timedelta(minutes=minutes)
    for at in times:
        _check_free(
            supporter=supporter, member=member, starts_at=at, ends_at=at + length, field="times"
        )
    session = Session.objects.create(
        program=program,
        supporter=supporter,
        member=member,
        modality=modality,
        starts_at=times[0],
        ends_at=times[0] + length,
        status=Status.PROPOSED,
        place=place.strip(),
        appointment_where=appointment_where.strip(),
        appointment_purpose=appointment_purpose.strip(),
        transport=transport.strip(),
        meeting_link=meeting_link.strip(),
        booked_by=supporter,
    )
    ProposedTime.objects.bulk_create(
        [ProposedTime(session=session, starts_at=at, ends_at=at + length) for at in times]
    )
    _log(session, ChangeKind.PROPOSED, supporter)
    _assess_words(session, supporter, place, appointment_where, appointment_purpose, transport)
    return session


@transaction.atomic
def pick_time(*, session: Session, member: User, proposed_time_id: int) -> Session:
    """The member picks one of the offered times: the session is booked, the other times let go."""
    if member.pk != session.member_id or session.status != Status.PROPOSED:
        raise ValidationError(_("This session is not waiting for you to pick a time."))
    chosen = session.proposed_times.filter(pk=proposed_time_id).first()
    if chosen is None:
        raise ValidationError({"proposed_time": _("Choose one of the times offered.")})
    if chosen.starts_at <= timezone.now():
        raise ValidationError({"proposed_time": _("That time has passed. Please choose another.")})
    _check_free(
        supporter=session.supporter,
        member=member,
        starts_at=chosen.starts_at,
        ends_at=chosen.ends_at,
        field="proposed_time",
        exclude=session.pk,
    )
    session.starts_at, session.ends_at, session.status = (
        chosen.starts_at,
        chosen.ends_at,
        Status.BOOKED,
    )
    session.save(update_fields=["starts_at", "ends_at", "status", "updated_at"])
    session.proposed_times.all().delete()
    _log(session, ChangeKind.PICKED, member)
    _plan_reminders(session)
    return session


def _require_party(session: Session, by: User) -> None:
    if by.pk not in (session.supporter_id, session.member_id):
        raise ValidationError(_("Only the two people in this session can change it."))


def _require_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Please give a short reason, so the other person knows.")}
        )
    if len(reason) > 300:
        raise ValidationError({"reason": _("Please keep the reason under 300 characters.")})
    return reason


@transaction.atomic
def cancel_session(*, session: Session, by: User, reason: str) -> Session:
    """Either person cancels a proposed or booked session, saying why."""
    _require_party(session, by)
    reason = _require_reason(reason)
    if not session.is_open:
        raise ValidationError(_("This session is no longer open, so it cannot be cancelled."))
    session.status = Status.CANCELLED
    session.cancelled_by, session.cancelled_at, session.cancel_reason = by, timezone.now(), reason
    session.save(
        update_fields=["status", "cancelled_by", "cancelled_at", "cancel_reason", "updated_at"]
    )
    session.proposed_times.all().delete()
    _log(session, ChangeKind.CANCELLED, by, reason)
    _assess_words(session, by, reason)
    return session


@transaction.atomic
def reschedule_session(*, session: Session, by: User, starts_at: datetime, reason: str) -> Session:
    """Either person moves a booked session to another time, keeping its length. A member moves it to
    one of the supporter's free times; a supporter to any time neither of them is booked."""
    _require_party(session, by)
    reason = _require_reason(reason)
    if session.status != Status.BOOKED:
        raise ValidationError(_("Only a booked session can be moved."))
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("Choose a time that is still to come.")})
    length = session.ends_at - session.starts_at
    _check_free(
        supporter=session.supporter,
        member=session.member,
        starts_at=starts_at,
        ends_at=starts_at + length,
        field="starts_at",
        exclude=session.pk,
    )
    if by.pk == session.member_id and not selectors.is_free(
        program=session.program,
        supporter=session.supporter,
        starts_at=starts_at,
        minutes=int(length.total_seconds() // 60),
        member=session.member,
        exclude=session.pk,  # its own old time does not stand in its way
    ):
        raise ValidationError(
            {"starts_at": _("That time is not free any more. Please choose another time.")}
        )
    session.starts_at, session.ends_at = starts_at, starts_at + length
    session.save(update_fields=["starts_at", "ends_at", "updated_at"])
    _log(session, ChangeKind.RESCHEDULED, by, reason)
    _assess_words(session, by, reason)
    _plan_reminders(session)
    return session


@transaction.atomic
def mark_held(session: Session, *, started_at: datetime, ended_at: datetime, by: User) -> Session:
    """The session took place from `started_at` to `ended_at` (actual times): it is marked held and
    recorded as an encounter through records (once; marking again corrects the times). The supporter
    marks it; for a video session either person may (the call app records the call's real times)."""
    allowed = by.pk == session.supporter_id or (
        session.modality == Modality.VIDEO and by.pk == session.member_id
    )
    if not allowed:
        raise ValidationError(_("Only the supporter can mark this session as held."))
    if session.status not in (Status.BOOKED, Status.HELD, Status.NO_SHOW):
        raise ValidationError(_("Only a booked session can be marked as held."))
    if started_at.tzinfo is None or ended_at.tzinfo is None:
        raise ValidationError({"started_at": _("Times need a time zone.")})
    if ended_at <= started_at:
        raise ValidationError({"ended_at": _("The end must be after the start.")})
    if started_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError(
            {"started_at": _("A session cannot be marked held before it starts.")}
        )
    if ended_at - started_at > timedelta(hours=12):
        raise ValidationError({"ended_at": _("Please check the times: that is over 12 hours.")})
    session.status = Status.HELD
    session.held_started_at, session.held_ended_at = started_at, ended_at
    session.save(update_fields=["status", "held_started_at", "held_ended_at", "updated_at"])
    record_encounter(
        program=session.program,
        supporter=session.supporter,
        members=[session.member],
        modality=session.modality,
        started_at=started_at,
        ended_at=ended_at,
        source=SOURCE,
        source_id=session.pk,
        place=session.place or session.appointment_where,
    )
    _log(session, ChangeKind.HELD, by)
    return session


@transaction.atomic
def mark_no_show(*, session: Session, by: User) -> Session:
    """The member could not come. Recorded plainly, without blame; it can still be marked held later
    if it turns out it happened."""
    if by.pk != session.supporter_id:
        raise ValidationError(_("Only the supporter can note that the session did not happen."))
    if session.status != Status.BOOKED:
        raise ValidationError(_("Only a booked session can be noted as missed."))
    if session.starts_at > timezone.now():
        raise ValidationError(_("This session has not started yet."))
    session.status = Status.NO_SHOW
    session.save(update_fields=["status", "updated_at"])
    _log(session, ChangeKind.NO_SHOW, by)
    return session


# --- reminders --------------------------------------------------------------------------------------


def _plan_reminders(session: Session) -> None:
    for kind, lead in REMINDER_LEADS.items():
        transaction.on_commit(
            partial(_enqueue_reminder, session.pk, kind.value, at=session.starts_at - lead)
        )


def _enqueue_reminder(session_id: int, kind: str, *, at: datetime) -> None:
    from django_tasks import default_task_backend

    from .tasks import remind_session

    if not default_task_backend.supports_defer:
        return  # an immediate backend would remind at once; the service is tested with a fixed clock
    remind_session.using(run_after=max(at, timezone.now())).enqueue(session_id, kind)


@transaction.atomic
def send_session_reminders(*, session_id: int, kind: str, now: datetime | None = None) -> int:
    """Email both people that a booked session is near (a day before, or an hour before), once each
    per start time. Someone in quiet hours is reminded when those end if that is still before the
    session. Returns how many emails went out."""
    now = now or timezone.now()
    session = Session.objects.select_related("supporter", "member").filter(pk=session_id).first()
    reminder = ReminderKind(kind)
    if session is None or session.status != Status.BOOKED or session.starts_at <= now:
        return 0
    if session.starts_at - now > REMINDER_LEADS[reminder] + timedelta(minutes=1):
        return 0  # too early (the session moved later): the task for the new time will come
    if (
        reminder is ReminderKind.DAY
        and session.starts_at - now <= REMINDER_LEADS[ReminderKind.HOUR]
    ):
        return 0  # the hour reminder is enough now
    done = set(
        SessionReminder.objects.filter(
            session=session, kind=reminder, starts_at=session.starts_at
        ).values_list("user_id", flat=True)
    )
    sent, later = 0, []
    for person in (session.member, session.supporter):
        if person.pk in done:
            continue
        delivery = _email_reminder(session, person, now)
        if (
            delivery.status is DeliveryStatus.QUIET
            and delivery.until
            and delivery.until < session.starts_at
        ):
            later.append(delivery.until)
            continue
        sent += int(delivery.sent)
        SessionReminder.objects.create(
            session=session,
            user=person,
            kind=reminder,
            starts_at=session.starts_at,
            emailed=delivery.sent,
        )
    if later:
        transaction.on_commit(partial(_enqueue_reminder, session.pk, reminder.value, at=min(later)))
    return sent


def _email_reminder(session: Session, person: User, now: datetime) -> Delivery:
    """Names the time and how you meet, never the other person or anything written about the visit."""
    tz = selectors.zone_of(person)
    with translation.override(person.language or settings.LANGUAGE_CODE):
        local = session.starts_at.astimezone(tz)
        subject = _("Your session is coming up")
        body = _(
            "Hello,\n\nYou have a session (%(how)s) on %(day)s at %(time)s (%(zone)s). Sign in to "
            "Alongside to see the details, move it or cancel it.\n\nYou can turn these emails off on "
            "your notification settings page."
        ) % {
            "how": session.get_modality_display().lower(),
            "day": formats.date_format(local.date(), "DATE_FORMAT"),
            "time": local.strftime("%H:%M"),
            "zone": tz.key,
        }
    return email_person(to=person, subject=subject, body=body, quiet_hours=QuietHours.ASK, now=now)


# --- the calendar address ---------------------------------------------------------------------------


@transaction.atomic
def session_feed_for(*, user: User) -> SessionFeed:
    feed, _created = SessionFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def reset_session_feed(*, user: User) -> SessionFeed:
    """A new secret address; the old one stops working at once."""
    SessionFeed.objects.filter(user=user).delete()
    return SessionFeed.objects.create(user=user)
