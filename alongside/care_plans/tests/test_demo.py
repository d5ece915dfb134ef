import pytest

from alongside.accounts.models import User
from alongside.care_plans.models import Goal, Plan
from alongside.demo import load
from alongside.outcomes.models import CheckIn, Response

pytestmark = pytest.mark.django_db


def test_the_demo_member_has_plans_check_ins_and_scores_to_look_at():
    load(members=20, supporters=4)
    robin = User.objects.get(username="demo-member")
    assert set(Plan.objects.filter(member=robin).values_list("kind", flat=True)) == {
        "wrap",
        "safety",
    }
    assert Goal.objects.get(member=robin).steps.count() == 2
    assert CheckIn.objects.filter(member=robin).count() == 13
    assert list(
        Response.objects.filter(member=robin)
        .order_by("completed_at")
        .values_list("total", flat=True)
    ) == [36, 60]
