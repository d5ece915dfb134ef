"""Changes to calls: phone calls logged in two taps (each ends as an encounter), and members' numbers."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.choices import Audience, Role
from alongside.accounts.models import Program, User
from alongside.accounts.selectors import standing
from alongside.records.models import Modality, Source
from alongside.records.services import record_encounter

from .models import LONGEST_CALL, Call, Direction, PhoneNumber

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
    if member is not None and (
        standing(member).program != program or not standing(member).has(Role.MEMBER)
    ):
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
