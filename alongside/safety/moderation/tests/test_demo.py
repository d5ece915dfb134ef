import pytest
from django.urls import reverse

from alongside.accounts.models import User
from alongside.demo import load
from alongside.safety.moderation.models import Report
from conftest import sign_in

pytestmark = pytest.mark.django_db


def test_the_demo_supervisor_finds_open_reports_in_the_queue(client):
    program = load(members=20, supporters=4)
    assert Report.objects.open().filter(program=program).count() == 2
    page = sign_in(client, User.objects.get(username="demo-supervisor")).get(
        reverse("moderation:queue")
    )
    assert page.status_code == 200
    assert "Check out my shop" in page.content.decode()
