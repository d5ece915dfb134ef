"""Facilitating a group asks the facilitation gate (accounts.gates, decided by training)."""

import pytest
from django.core.exceptions import ValidationError

from alongside.accounts.gates import Activity
from alongside.groups.tests.factories import group_of
from alongside.training.tests.factories import complete, course_of, require

pytestmark = pytest.mark.django_db


def test_a_supporter_who_has_not_finished_the_facilitation_courses_cannot_facilitate(world):
    course = course_of(world.program, title="Sharing your story safely")
    require(world.program, Activity.GROUP_FACILITATION, course)
    with pytest.raises(ValidationError) as caught:
        group_of(world.program, facilitators=[world["supporter"]])
    assert caught.value.message_dict["facilitators"] == [
        f"{world['supporter']} cannot facilitate until they finish: Sharing your story safely"
    ]
    complete(world["supporter"], course)
    group = group_of(world.program, facilitators=[world["supporter"]])
    assert list(group.facilitators.all()) == [world["supporter"]]
