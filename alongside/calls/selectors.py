"""Reads for calls: a supporter's phone calls, and the numbers members shared."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from alongside.accounts.choices import Audience, ConsentScope
from alongside.accounts.models import User
from alongside.accounts.selectors import consent_allows, works_with
from alongside.audit.services import record_access
from alongside.records.models import Modality
from alongside.scheduling.models import Session, Status
from alongside.scheduling.selectors import access_own_session

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


# --- in-app video -------------------------------------------------------------------------------

# The call opens a little before the session and stays open a while after its booked end.
OPENS_BEFORE = timedelta(minutes=30)
STAYS_OPEN_AFTER = timedelta(hours=3)


def access_video_session(viewer: User, session_id: int) -> Session:
    """The session whose video call `viewer` may join: only its supporter and its member (a supervisor
    who may read the session may not join the call). Anyone else: Http404, as if it did not exist."""
    session = access_own_session(
        viewer, session_id
    )  # only its two people; nobody else's read is logged
    if session.modality != Modality.VIDEO:
        raise Http404
    return session


def video_closed_because(session: Session, now: datetime | None = None) -> str | None:
    """Why the call cannot be joined now ("cancelled", "too_early", "too_late"), or None if it can."""
    now = now or timezone.now()
    if session.status not in (Status.BOOKED, Status.HELD):
        return "cancelled"
    if now < session.starts_at - OPENS_BEFORE:
        return "too_early"
    if now > session.ends_at + STAYS_OPEN_AFTER:
        return "too_late"
    return None


def ice_servers_for(user: User) -> list[dict[str, Any]]:
    """The STUN/TURN servers for `user`'s browser: the fixed ones from settings, and the TURN server
    with short-lived credentials of its own when one is set (coturn's use-auth-secret: the username is
    the expiry time and the person's id, the credential its HMAC-SHA1 with the shared secret)."""
    servers: list[dict[str, Any]] = [dict(server) for server in settings.ICE_SERVERS]
    if settings.TURN_URLS and settings.TURN_SECRET:
        username = f"{int(time.time() + TURN_CREDENTIALS_LAST.total_seconds())}:{user.pk}"
        digest = hmac.new(settings.TURN_SECRET.encode(), username.encode(), hashlib.sha1).digest()
        servers.append(
            {
                "urls": list(settings.TURN_URLS),
                "username": username,
                "credential": base64.b64encode(digest).decode(),
            }
        )
    return servers


TURN_CREDENTIALS_LAST = timedelta(hours=12)
