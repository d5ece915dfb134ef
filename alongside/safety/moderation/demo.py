"""Moderation for the demo program: a couple of open reports waiting in the supervisor's queue.

All of it is synthetic.
"""

from __future__ import annotations

from alongside.accounts.choices import Role
from alongside.accounts.models import Program, User

from .models import Reason, Report

_REPORTS = [
    (
        Reason.CONTACT_DETAILS,
        "Here is my personal number, text me any time off the app.",
        "They keep asking to talk somewhere else.",
    ),
    (Reason.SPAM, "Check out my shop for supplements that cure everything!", ""),
]


def load(program: Program) -> None:
    """Two open reports by demo members about synthetic words by other demo members."""
    members = list(
        User.objects.filter(memberships__program=program, memberships__role=Role.MEMBER)
        .exclude(username="demo-member")
        .order_by("pk")[:4]
    )
    if len(members) < 4:
        return
    Report.objects.bulk_create(
        [
            Report(
                program=program,
                reporter=members[2 * i],
                target_kind="person",
                target_id=members[2 * i + 1].pk,
                target_author=members[2 * i + 1],
                excerpt=excerpt,
                reason=reason,
                note=note,
            )
            for i, (reason, excerpt, note) in enumerate(_REPORTS)
        ]
    )
