"""A supervisor records the credentials of a supporter of their current program, whatever that
supporter's first program is (issue 16, item 5)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from alongside.accounts.choices import Role
from alongside.accounts.models import User
from alongside.accounts.selectors import pin_standing
from alongside.accounts.tests.factories import person, person_in_both
from alongside.training import services

pytestmark = pytest.mark.django_db

DAY = datetime.date(2027, 3, 10)


def _record(by, supporter):
    return services.record_credential(
        by=by,
        supporter=supporter,
        kind="state_peer_specialist",
        issuer="PCB",
        issued_on=DAY,
        expires_on=DAY.replace(year=2029),
    )


@pytest.fixture
def boss_of_b(world):
    boss = person(world.foreign_program, Role.SUPERVISOR)
    pin_standing(boss, world.foreign_program.pk)
    return boss


def test_a_supervisor_records_a_credential_of_a_supporter_whose_first_program_is_another(
    world, boss_of_b
):
    """Before, the supporter's first program (A) stood and B's supervisor was refused."""
    sage = person_in_both(world, Role.SUPPORTER, username="sage")
    credential = _record(boss_of_b, User.objects.get(pk=sage.pk))
    assert (credential.user_id, credential.program) == (sage.pk, world.foreign_program)


def test_a_supervisor_records_nothing_for_someone_outside_their_program(world, boss_of_b):
    with pytest.raises(PermissionDenied):
        _record(boss_of_b, world["supporter"])
