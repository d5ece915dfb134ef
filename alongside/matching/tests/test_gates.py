"""Matching asks the one-to-one gate (accounts.gates, decided by training): a supporter who has not
finished what one-to-one support requires is not offered to members, in any path."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from alongside.accounts.gates import Activity
from alongside.accounts.selectors import today_in
from alongside.matching import selectors, services
from alongside.matching.models import SupporterProfile
from alongside.matching.tests.factories import EVENINGS, supporter
from alongside.training.tests.factories import complete, course_of, credential_of, require

pytestmark = pytest.mark.django_db


def _ready_and_not(world):
    course = course_of(world.program)
    require(world.program, Activity.ONE_TO_ONE, course)
    ready, new = supporter(world.program, "ready"), supporter(world.program, "new")
    complete(ready, course)
    return ready, new, course


def test_only_supporters_who_may_do_one_to_one_are_offered(world):
    ready, new, course = _ready_and_not(world)
    request = services.submit_request(member=world["member"], availability=EVENINGS)
    assert [m.supporter for m in selectors.matches_for(request)] == [ready]
    complete(new, course)
    assert {m.supporter for m in selectors.matches_for(request)} == {ready, new}


def test_the_batch_offers_nobody_to_a_supporter_the_gate_keeps_out(world):
    ready, new, _course = _ready_and_not(world)
    services.submit_request(member=world["member"], availability=EVENINGS)
    services.submit_request(member=world.other_member, availability=EVENINGS)
    offers = services.assign_batch(program=world.program)
    assert {o.supporter for o in offers} == {ready}


def test_a_supporter_the_gate_keeps_out_cannot_take_the_next_person(world):
    _ready, new, _course = _ready_and_not(world)
    SupporterProfile.objects.filter(user=new).update(is_on_duty=True)
    with pytest.raises(PermissionDenied):
        services.take_next(supporter=new)


def test_a_credential_that_expires_today_takes_the_supporter_out_of_matching_today(world):
    """The day boundary itself is tested with a fixed clock in training (test_gates); here, matching's
    own "today" (the program's) is the day a credential stops counting."""
    require(world.program, Activity.ONE_TO_ONE)  # a current credential
    today = today_in(world.program)
    expiring, renewed = supporter(world.program, "expiring"), supporter(world.program, "renewed")
    credential_of(expiring, world.program, expires_on=today)
    credential_of(renewed, world.program, expires_on=today + timedelta(days=1))
    request = services.submit_request(member=world["member"], availability=EVENINGS)
    assert [m.supporter for m in selectors.matches_for(request)] == [renewed]
