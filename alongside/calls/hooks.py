"""What calls puts on pages other apps own (filled in `CallsConfig.ready()`): the two taps and a tel:
link on a member's page, for a supporter."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from alongside.accounts.choices import Role
from alongside.accounts.models import User
from alongside.accounts.selectors import standing, standing_in
from alongside.records.models import Modality
from alongside.scheduling.models import Session

from . import selectors


def person_actions(request: HttpRequest, person: User) -> dict[str, Any] | None:
    """For a supporter on a member's page of their program: their number if shared, and the taps."""
    viewer = request.user
    if not isinstance(viewer, User) or viewer.pk == person.pk:
        return None
    found = standing(viewer)
    if not found.has(Role.SUPPORTER) or not standing_in(person, found.program).has(Role.MEMBER):
        return None
    current = selectors.open_call(viewer)
    return {
        "member": person,
        "number": selectors.number_for(viewer, person),
        "current": current,
        "left_open": current is not None and current.left_open(),
        "next": request.get_full_path(),
    }


def video_join(session: Session) -> tuple[str, str] | None:
    """The "Join" button of a video session: our in-app call, unless the session has an external
    meeting link (a program's choice per supporter), which scheduling then offers instead."""
    if session.modality != Modality.VIDEO or session.meeting_link:
        return None
    return (_("Join the video call"), reverse("calls:video", args=[session.pk]))


def on_duty(request: HttpRequest) -> dict[str, Any] | None:
    """Beside the on-demand queue: the two taps for a warm-line caller (or the call in progress)."""
    viewer = request.user
    if not isinstance(viewer, User) or not standing(viewer).has(Role.SUPPORTER):
        return None
    current = selectors.open_call(viewer)
    return {
        "current": current,
        "left_open": current is not None and current.left_open(),
        "next": request.get_full_path(),
    }
