"""Demo data for supervision (synthetic people only): sessions for demo-supporter with demo-supervisor,
a group session, a shadowing record, time off, a shared check-in and a talk-through request. The debrief
after the demo's resolved escalation is offered by the hook, when safety's demo resolves it."""

from __future__ import annotations

import datetime

from alongside.accounts.models import Program, User
from alongside.accounts.selectors import today_in

from . import services
from .selectors import supporters_of


def load(program: Program) -> None:
    """Add this app's part of the demo program."""
    supervisor = User.objects.filter(username="demo-supervisor").first()
    supporter = User.objects.filter(username="demo-supporter").first()
    if supervisor is None or supporter is None:
        return
    today = today_in(program)
    others = list(supporters_of(program).exclude(pk=supporter.pk)[:2])
    services.set_care(by=supervisor, supporter=supporter, supervisor=supervisor, caseload_limit=8)
    for days_ago, minutes, competencies, notes in (
        (
            21,
            60,
            ["engages", "shares"],
            "We talked about when sharing your own story helps a member, and when to keep it short.",
        ),
        (
            7,
            45,
            ["crises", "communication"],
            "We went over last week's hard evening. Jordan followed the protocol well and wants to "
            "practise handing over to the on-call supervisor more calmly.",
        ),
    ):
        services.log_session(
            supervisor=supervisor,
            supporters=[supporter],
            kind="individual",
            held_on=today - datetime.timedelta(days=days_ago),
            minutes=minutes,
            competencies=competencies,
            notes=notes,
        )
    if others:
        services.log_session(
            supervisor=supervisor,
            supporters=[supporter, others[0]],
            kind="group",
            held_on=today - datetime.timedelta(days=14),
            minutes=90,
            competencies=["collaboration", "growth"],
        )
        services.set_care(
            by=supervisor, supporter=others[-1], supervisor=supervisor, caseload_limit=4
        )
        services.log_practice(
            by=supervisor,
            supporter=others[-1],
            alongside=supporter,
            kind="shadowing",
            held_on=today - datetime.timedelta(days=10),
            minutes=120,
            note="Sat in on two welcome conversations and the Tuesday group.",
        )
    services.record_time_off(
        by=supporter,
        supporter=supporter,
        starts_on=today - datetime.timedelta(days=40),
        ends_on=today - datetime.timedelta(days=36),
    )
    services.record_check_in(
        supporter=supporter,
        answers={"energy": 2, "sleep": 1, "supported": 3, "carrying": 2, "restore": 1},
        is_shared=True,
    )
    services.ask_to_talk_through(
        supporter=supporter,
        note="A member keeps asking to meet outside the app. I would like help saying no kindly.",
    )
