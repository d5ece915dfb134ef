"""Where a check-in or a questionnaire answer that raised a safety escalation can be opened, for one
viewer: the person's check-in and score trends, only when that viewer may read them (a reader's role in
the person's program and the person's `check_ins` consent in force now). Registered with
`safety.sources` in `OutcomesConfig.ready()`; opening the page is audited by `access_member_outcomes`."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from alongside.accounts.choices import ConsentScope
from alongside.accounts.models import User
from alongside.accounts.selectors import consent_allows, standing

from .selectors import READER_ROLES


def escalation_link(escalation: Any, viewer: User) -> str:
    found = standing(viewer)
    if (
        found.program is None
        or found.program.pk != escalation.program_id
        or not found.has(*READER_ROLES)
        or not consent_allows(
            grantee=viewer, member=escalation.person, scope=ConsentScope.CHECK_INS
        )
    ):
        return ""  # the words are on the escalation's page; their trends are theirs to share
    return reverse("outcomes:member-trends", args=[escalation.person_id])
