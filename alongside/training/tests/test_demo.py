"""The training demo: curriculum, trained staff, one credential expiring soon and one expired."""

import pytest

from alongside.accounts import gates
from alongside.accounts.choices import Role
from alongside.accounts.gates import Activity
from alongside.accounts.models import User
from alongside.accounts.selectors import today_in
from alongside.accounts.tests.factories import person
from alongside.training import demo, selectors
from alongside.training.models import Course, Credential

pytestmark = pytest.mark.django_db


def test_the_demo_trains_everyone_but_leaves_one_expired_credential(world):
    person(world.program, Role.SUPPORTER, username="demo-supporter")
    for index in range(3):
        person(world.program, Role.SUPPORTER, username=f"peer-{index}")
    demo.load(world.program)
    today = today_in(world.program)
    assert Course.objects.filter(program=world.program).count() == 10
    credentials = Credential.objects.filter(program=world.program)
    expired = [c for c in credentials if not c.is_current(today)]
    soon = [c for c in credentials if c.is_current(today) and (c.expires_on - today).days <= 30]
    assert len(expired) == 1 and len(soon) == 1
    staff = User.objects.filter(memberships__program=world.program).exclude(
        memberships__role__in=[Role.MEMBER, Role.CLINICIAN]
    )
    for activity in Activity:
        lacking = gates.missing_for([u.pk for u in staff], world.program, activity)
        needs_credential = activity in (Activity.ON_CALL, Activity.SIGN_NOTES)
        assert list(lacking) == ([expired[0].user_id] if needs_credential else [])
    jordan = User.objects.get(username="demo-supporter")
    summary = selectors.hours_summary(selectors.credentials_of(jordan, world.program).get())
    assert summary.rule is not None and summary.total > 0
