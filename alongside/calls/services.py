"""Changes to calls: phone calls logged in two taps (each ends as an encounter), and members' numbers."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.choices import Audience, Role
from alongside.accounts.models import Program, User
from alongside.accounts.selectors import standing, standing_in
from alongside.records.models import Modality, Source
from alongside.records.services import record_encounter
from alongside.scheduling.models import Session
from alongside.scheduling.services import mark_held

from .models import LONGEST_CALL, PRESENCE_TTL, Call, Direction, PhoneNumber, Presence, VideoCall

logger = logging.getLogger(__name__)

# Digits with the usual separators, an optional leading +; 7 to 15 digits (E.164 allows at most 15).
PHONE_NUMBER = re.compile(r"^\+?[\d\s().\-]+$")


def _supporter_program(supporter: User) -> Program:
    found = standing(supporter)
    if found.program is None or not found.has(Role.SUPPORTER):
        raise PermissionDenied
    return found.program


@transaction.atomic
def start_call(
    *, supporter: User, member: User | None, direction: str, at: datetime | None = None
) -> Call:
    """The first tap: a call has started (`member` None: a warm-line caller who is not a member here).
    Refuses a second open call (ValidationError naming `call`): the supporter ends the first."""
    program = _supporter_program(supporter)
    if direction not in Direction.values:
        raise ValidationError({"direction": _("Say who called whom.")})
    if member is not None and not standing_in(member, program).has(Role.MEMBER):
        raise ValidationError({"member": _("This person is not a member of your program.")})
    if Call.objects.open().filter(supporter=supporter).exists():
        raise ValidationError({"call": _("You have a call still open. End it first.")})
    try:
        with transaction.atomic():
            return Call.objects.create(
                program=program,
                supporter=supporter,
                member=member,
                direction=direction,
                started_at=at or timezone.now(),
            )
    except IntegrityError:  # a double tap raced the check above
        raise ValidationError({"call": _("You have a call still open. End it first.")}) from None


def _record(call: Call) -> None:
    assert call.ended_at is not None  # noqa: S101  # only ended calls are recorded
    call.encounter = record_encounter(
        program=call.program,
        supporter=call.supporter,
        members=[call.member] if call.member else [],
        modality=Modality.PHONE,
        started_at=call.started_at,
        ended_at=call.ended_at,
        source=Source.CALL,
        source_id=call.pk,
    )


@transaction.atomic
def end_call(*, call: Call, by: User, at: datetime | None = None) -> Call:
    """The second tap: the call has ended now; it becomes an encounter with its real times. Ending an
    ended call again changes nothing (a double tap)."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.supporter_id != by.pk:
        raise PermissionDenied
    if call.ended_at is not None:
        return call
    # Two taps in the same instant would make an empty call, which an encounter cannot be.
    call.ended_at = max(at or timezone.now(), call.started_at + timedelta(seconds=1))
    _record(call)
    call.save(update_fields=["ended_at", "encounter", "updated_at"])
    return call


@transaction.atomic
def set_call_end(*, call: Call, by: User, ended_at: datetime) -> Call:
    """The supporter says when a call ended (one left open, or a wrong tap); its encounter follows."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.supporter_id != by.pk:
        raise PermissionDenied
    if ended_at.tzinfo is None:
        raise ValidationError({"ended_at": _("Give the time with its time zone.")})
    if ended_at <= call.started_at:
        raise ValidationError({"ended_at": _("The end must be after the call started.")})
    if ended_at > timezone.now():
        raise ValidationError({"ended_at": _("The end cannot be in the future.")})
    if ended_at - call.started_at > LONGEST_CALL:
        raise ValidationError(
            {"ended_at": _("A call of more than 12 hours is surely a mistake. Check the time.")}
        )
    call.ended_at = ended_at
    call.end_set_by_hand = True
    _record(call)
    call.save(update_fields=["ended_at", "end_set_by_hand", "encounter", "updated_at"])
    return call


def save_phone_number(*, member: User, number: str, audience: str) -> PhoneNumber | None:
    """Keep (or, when `number` is empty, forget) the member's number for calls."""
    number = number.strip()
    if not number:
        PhoneNumber.objects.filter(member=member).delete()
        return None
    digits = sum(ch.isdigit() for ch in number)
    if not PHONE_NUMBER.match(number) or not 7 <= digits <= 15:
        raise ValidationError(
            {"number": _("Write a phone number: digits, and + ( ) - if you like.")}
        )
    if audience not in (Audience.ONLY_ME, Audience.CARE_TEAM):
        raise ValidationError({"audience": _("Choose who may see your number.")})
    saved, _created = PhoneNumber.objects.update_or_create(
        member=member, defaults={"number": number, "audience": audience}
    )
    return saved


# --- in-app video -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoomState:
    """Who is in a video call now, as the server sees it; sent to both browsers on every change."""

    here: tuple[int, ...]  # user ids with an open connection, supporter first
    started: bool  # both have been there at once
    ended: bool  # someone hung up, or both left after it started

    def event(self) -> dict[str, Any]:
        return {
            "type": "presence",
            "here": list(self.here),
            "both": len(self.here) == 2,
            "started": self.started,
            "ended": self.ended,
        }


def _state(call: VideoCall, now: datetime) -> RoomState:
    session = call.session
    present = set(
        Presence.objects.filter(call=call, seen_at__gt=now - PRESENCE_TTL).values_list(
            "user_id", flat=True
        )
    )
    here = tuple(pk for pk in (session.supporter_id, session.member_id) if pk in present)
    return RoomState(
        here=here, started=call.started_at is not None, ended=call.ended_at is not None
    )


def _locked_call(session: Session) -> VideoCall:
    VideoCall.objects.get_or_create(session=session)
    return VideoCall.objects.select_for_update().select_related("session").get(session=session)


def _finish(call: VideoCall, *, ended_at: datetime, by: User) -> None:
    """End the call and mark the session held with the times the server saw."""
    assert call.started_at is not None  # noqa: S101  # only a call that started can end
    call.ended_at = max(ended_at, call.started_at + timedelta(microseconds=1))
    call.ended_by, call.apart_at = by, None
    call.save(update_fields=["ended_at", "ended_by", "apart_at", "updated_at"])
    try:
        with transaction.atomic():
            mark_held(call.session, started_at=call.started_at, ended_at=call.ended_at, by=by)
    except ValidationError:
        # The session was cancelled meanwhile, say: the call's own times stay with the call.
        logger.warning("Session %s could not be marked held after its video call", call.session_id)


@transaction.atomic
def join_video(*, session: Session, user: User, channel_name: str) -> RoomState:
    """A connection of `user` (the session's supporter or member) opened. When both are there the
    call starts (once: a reconnect or a rejoin after hanging up carries on the same call)."""
    if user.pk not in (session.supporter_id, session.member_id):
        raise PermissionDenied
    now = timezone.now()
    call = _locked_call(session)
    Presence.objects.update_or_create(
        channel_name=channel_name,
        defaults={"call": call, "user": user, "joined_at": now, "seen_at": now},
    )
    state = _state(call, now)
    if len(state.here) == 2:
        changed = ["apart_at", "updated_at"]
        call.apart_at = None
        if call.started_at is None:
            call.started_at = now
            changed.append("started_at")
        if call.ended_at is not None:  # hung up by mistake and both came back
            call.ended_at = call.ended_by = None
            changed += ["ended_at", "ended_by"]
        call.save(update_fields=changed)
        state = _state(call, now)
    return state


@transaction.atomic
def leave_video(*, session: Session, user: User, channel_name: str) -> RoomState:
    """A connection closed. When the two are no longer together the time is noted; when nobody is
    left, a call that started ends at that time."""
    now = timezone.now()
    call = _locked_call(session)
    Presence.objects.filter(channel_name=channel_name).delete()
    state = _state(call, now)
    if call.started_at is not None and call.ended_at is None:
        if not state.here:
            _finish(call, ended_at=call.apart_at or now, by=user)
            state = _state(call, now)
        elif len(state.here) == 1 and call.apart_at is None:
            call.apart_at = now
            call.save(update_fields=["apart_at", "updated_at"])
    return state


@transaction.atomic
def hang_up(*, session: Session, user: User) -> RoomState:
    """`user` ended the call for both: it ends now and the session is marked held."""
    if user.pk not in (session.supporter_id, session.member_id):
        raise PermissionDenied
    now = timezone.now()
    call = _locked_call(session)
    if call.started_at is not None and call.ended_at is None:
        _finish(call, ended_at=now, by=user)
    return _state(call, now)


def still_here(channel_name: str) -> None:
    """A ping: the connection is alive (its presence keeps counting)."""
    Presence.objects.filter(channel_name=channel_name).update(seen_at=timezone.now())
