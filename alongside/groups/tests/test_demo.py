import pytest
from django.urls import reverse

from alongside.accounts.models import User
from alongside.demo import load
from alongside.groups.models import Attendance, MemberStatus, SupportGroup
from conftest import sign_in

pytestmark = pytest.mark.django_db


def test_the_demo_has_groups_a_waiting_list_and_past_attendance(client):
    program = load(members=30, supporters=4)
    groups = SupportGroup.objects.filter(program=program)
    assert groups.count() == 5
    assert {g.modality for g in groups} == {"online", "phone", "in_person"}
    grief = groups.get(name__startswith="Tuesday")
    assert grief.members.filter(status=MemberStatus.MEMBER).count() == grief.capacity
    assert grief.members.filter(status=MemberStatus.WAITLISTED).count() == 2
    assert grief.meetings.filter(starts_at__gt=grief.created_at).exists()
    assert Attendance.objects.filter(meeting__group__program=program).count() > 10
    assert groups.filter(members__status=MemberStatus.AWAITING).exists()
    supporter = sign_in(client, User.objects.get(username="demo-supporter"))
    page = supporter.get(reverse("groups:facilitate", args=[grief.pk]))
    assert page.status_code == 200
    assert "Waiting list" in page.content.decode()
