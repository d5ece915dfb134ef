"""People and records for supervision tests. Every name and word is synthetic."""

from __future__ import annotations

import datetime

from alongside.accounts.choices import Role
from alongside.accounts.selectors import today_in
from alongside.accounts.tests.factories import person
from alongside.safety import services as safety
from alongside.safety.tests.factories import escalation_for
from alongside.supervision import services


def another(world, role, username):
    return person(world.program, Role(role), username=username)


def session(world, *, supporter=None, minutes=60, notes="", days_ago=1, supervisor=None):
    return services.log_session(
        supervisor=supervisor or world["supervisor"],
        supporters=[supporter or world["supporter"]],
        kind="individual",
        held_on=today_in(world.program) - datetime.timedelta(days=days_ago),
        minutes=minutes,
        competencies=["crises", "support"],
        notes=notes,
    )


def resolved_escalation(world, supporter=None):
    """An escalation about the world's member, handled by `supporter`, then resolved."""
    escalation = escalation_for(
        world["member"], world.program, supporter=supporter or world["supporter"]
    )
    return safety.resolve_escalation(
        escalation=escalation,
        by=world["supervisor"],
        actions=["asked_directly"],
        note="They are safe with family tonight.",
    )
