import pytest
from django.urls import reverse

from alongside.accounts.models import User
from alongside.demo import load
from alongside.matching import selectors
from alongside.matching.models import SupporterProfile, SupportRequest
from conftest import sign_in

pytestmark = pytest.mark.django_db


def test_demo_supporters_have_matching_profiles_and_a_few_members_wait(client):
    program = load(members=20, supporters=4)
    assert SupporterProfile.objects.filter(program=program).count() == 5  # with demo-supporter
    assert SupportRequest.objects.unmatched().filter(program=program).count() == 6
    page = sign_in(client, User.objects.get(username="demo-supervisor")).get(
        reverse("matching:supervisor")
    )
    assert page.status_code == 200
    waiting = SupportRequest.objects.unmatched().filter(program=program).first()
    assert selectors.matches_for(waiting) is not None
