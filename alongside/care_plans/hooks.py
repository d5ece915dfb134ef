"""What care plans hands to lower layers (filled in `CarePlansConfig.ready()`): safety's pages learn
whether a writer has a safety plan, and which plans a member shares with the person looking
(`alongside.safety.plans`)."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists
from django.http import Http404

from alongside.accounts.models import User

from .models import Plan
from .sections import PlanKind
from .selectors import shared_with_viewer


def has_safety_plan(member: User) -> Exists:
    return Exists(Plan.objects.filter(member=member, kind=PlanKind.SAFETY))


def shared_with(viewer: User, member_id: int) -> list[Any]:
    """The plans `viewer` may open because the member shared them (their consent, as of now; the look
    is audited by `shared_with_viewer`), or none."""
    try:
        return shared_with_viewer(viewer, member_id).plans
    except Http404:
        return []
