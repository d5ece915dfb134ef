"""Reads for calls: a supporter's phone calls, and the numbers members shared."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from alongside.accounts.choices import Audience, ConsentScope
from alongside.accounts.models import User
from alongside.accounts.selectors import consent_allows, works_with
from alongside.audit.services import record_access

from .models import Call, PhoneNumber


def open_call(supporter: User) -> Call | None:
    """The supporter's call in progress, if any (there is at most one)."""
    return Call.objects.open().filter(supporter=supporter).select_related("member").first()


def recent_calls(supporter: User, limit: int = 20) -> QuerySet[Call]:
    """The supporter's latest calls, newest first."""
    return Call.objects.filter(supporter=supporter).select_related("member")[:limit]


def access_call(viewer: User, call_id: int) -> Call:
    """A call the viewer logged (the read is audited); anyone else's is Http404, as if missing."""
    call = Call.objects.select_related("member", "program").filter(pk=call_id).first()
    if call is None or call.supporter_id != viewer.pk:  # only the supporter who logged it
        raise Http404
    record_access(
        viewer=viewer,
        record=call,
        subject=call.member,
        purpose="Viewed a phone call",
        program_id=call.program_id,
    )
    return call


def own_number(member: User) -> PhoneNumber | None:
    return PhoneNumber.objects.filter(member=member).first()


def number_for(viewer: User, member: User) -> PhoneNumber | None:
    """The member's number if they shared it with `viewer`: their care team when they chose so, or
    anyone they gave their contact details to (consent, revocable). Otherwise None, never the number."""
    shared = PhoneNumber.objects.filter(member=member).first()
    if shared is None or viewer.pk == member.pk:
        return shared
    if shared.audience == Audience.CARE_TEAM and works_with(viewer, member):
        return shared
    if consent_allows(grantee=viewer, member=member, scope=ConsentScope.CONTACT):
        return shared
    return None
