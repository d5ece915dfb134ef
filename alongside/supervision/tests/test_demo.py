from decimal import Decimal

import pytest
from django.urls import reverse

from alongside.accounts.models import User
from alongside.demo import load
from alongside.safety.models import Escalation
from alongside.supervision import selectors
from alongside.supervision.models import ReviewItem
from conftest import sign_in

pytestmark = pytest.mark.django_db


def test_the_demo_has_supervision_a_debrief_offer_and_a_shared_check_in(client):
    program = load(members=30, supporters=4)
    supporter = User.objects.get(username="demo-supporter")
    supervisor = User.objects.get(username="demo-supervisor")
    assert selectors.supervised_hours(supporter, program) == Decimal("3.25")  # 60 + 45 + 90 min
    handled = set(
        Escalation.objects.filter(
            program=program, state="resolved", assigned_supporter=supporter
        ).values_list("pk", flat=True)
    )
    assert handled  # safety's demo resolved one the demo supporter helped with
    offered = ReviewItem.objects.filter(supporter=supporter, debrief="offered")
    assert handled == set(offered.values_list("escalation_id", flat=True))
    assert not Escalation.objects.filter(
        source_kind__in=["supervision", "practice_note", "talk_through", "wellbeing"]
    ).exists()  # the demo's calm words raise no alarm
    row = next(r for r in selectors.load_of(program, supervisor) if r.supporter == supporter)
    assert "Said they feel they are carrying too much." in row.signals
    page = sign_in(client, supervisor).get(reverse("supervision:queue")).content.decode()
    assert "A member keeps asking to meet outside the app." in page
