import datetime

import pytest

from alongside.accounts import gates
from alongside.accounts.gates import Activity


@pytest.fixture
def checker():
    seen = []

    def lacking(user_ids, program, activity, on):
        seen.append((user_ids, activity, on))
        if activity == Activity.ON_CALL and on >= datetime.date(2026, 12, 8):
            return {user_id: ["Crisis response course"] for user_id in user_ids}
        return {}

    gates.register(lacking)
    yield seen
    gates._checkers.remove(lacking)


@pytest.mark.django_db
def test_with_no_checker_everyone_may(world):
    assert gates.allows(world["supporter"], world.program, Activity.ON_CALL)
    assert gates.missing_for([world["supporter"].pk], world.program, Activity.ON_CALL) == {}


@pytest.mark.django_db
def test_a_registered_checker_decides_by_activity_and_day(world, checker):
    day = datetime.date(2026, 12, 8)
    assert not gates.allows(world["supporter"], world.program, Activity.ON_CALL, on=day)
    assert gates.missing(world["supporter"], world.program, Activity.ON_CALL, on=day) == [
        "Crisis response course"
    ]
    assert gates.allows(
        world["supporter"], world.program, Activity.ON_CALL, on=day - datetime.timedelta(1)
    )
    assert gates.allows(world["supporter"], world.program, Activity.ONE_TO_ONE, on=day)
    # one call for a whole list
    ids = [world["supporter"].pk, world["supervisor"].pk]
    assert set(gates.missing_for(ids, world.program, Activity.ON_CALL, on=day)) == set(ids)
    assert checker[-1][0] == frozenset(ids)
