import pytest
from django.urls import reverse

from alongside.accounts.models import User
from alongside.demo import load
from alongside.matching.models import SupportRequest
from alongside.resources import selectors, services
from alongside.resources.models import HandOff, Referral, Resource
from conftest import sign_in

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_directory_referrals_and_two_hand_offs(client):
    program = load(members=20, supporters=4)
    assert Resource.objects.filter(program=program).count() == 40
    stale = selectors.stale_resources(program, services.today_in(program)).count()
    assert 5 <= stale <= 10
    assert Referral.objects.filter(member__username="demo-member").count() == 5
    hand_offs = list(HandOff.objects.filter(program=program).order_by("pk"))
    assert [h.setting for h in hand_offs] == ["hospital", "jail"]
    assert not SupportRequest.objects.unmatched().filter(hand_off__isnull=False).exists()
    figures = selectors.hand_offs_for(User.objects.get(username="demo-supervisor"))
    hospital, jail = sorted(figures.clocks, key=lambda c: c.hand_off.setting)
    assert (hospital.days_to_contact, hospital.within_7) == (2, True)
    assert jail.needs_alert and jail.hand_off.no_contact_alert_at is not None
    page = sign_in(client, User.objects.get(username="demo-member")).get(
        reverse("resources:referrals")
    )
    assert "Riverbend Community Food Pantry" in page.content.decode()
