"""Synthetic demo plans, goals, check-ins and questionnaires for Robin (demo-member). Every word and
number here is invented; the phone numbers are in the 555-01xx range reserved for fiction."""

from __future__ import annotations

from django.db import transaction

from alongside.accounts.models import Program, User
from alongside.outcomes import demo as outcomes_demo

from . import services

_WRAP = {
    "toolbox.tools": "Walking the dog by the river\nCooking my grandmother's soup\nCalling my cousin",
    "daily.when_well": "Curious, a bit funny, up early with the dog.",
    "daily.every_day": "Eat breakfast\nWalk the dog\nTake my medicine with dinner",
    "triggers.list": "The anniversary of Grandma's death in March\nQuiet evenings alone",
    "triggers.must_do": "Plan something for the evening before it comes.",
    "warning_signs.list": "Not answering messages\nSleeping late",
    "warning_signs.must_do": "Tell Jordan (my peer supporter) at our next chat.",
    "crisis.when_well": "I talk a lot, cook for friends and get up early.",
    "crisis.take_over_signs": "I stop eating and do not leave the house for days.",
    "crisis.supporters": "Cousin Dana 555-0142\nJordan, peer supporter, through Alongside",
    "crisis.help_wanted": "Sit with me. Please do not lecture me. Dana can take the dog.",
}
_SAFETY = {
    "safety.warning_signs": "Lying awake thinking that nothing will change.",
    "safety.coping": "Walk the dog\nA hot shower\nThe soup recipe",
    "safety.distraction": "The library on Elm Street\nCousin Dana 555-0142",
    "safety.helpers": "Cousin Dana 555-0142\nNeighbour Mr. Ortiz 555-0177",
    "safety.professionals": "Riverbend clinic after hours 555-0100",
    "safety.environment": "Dana keeps my spare medicine.",
    "safety.worth_living_for": "My dog, Biscuit",
}


@transaction.atomic
def load(program: Program) -> None:
    """Robin's plans and a recovery goal with steps; then check-ins and questionnaires (outcomes)."""
    member = User.objects.get(username="demo-member")
    services.save_plan_fields(member=member, kind="wrap", values=_WRAP)
    services.save_plan_fields(member=member, kind="safety", values=_SAFETY)
    goal = services.add_goal(
        member=member, title="Cook for friends again", why="It is when I feel most like me."
    )
    for text in ("Invite Dana for soup", "Buy a bigger pot"):
        services.add_step(actor=member, goal=goal, text=text)
    outcomes_demo.load(program)
