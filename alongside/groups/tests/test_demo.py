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


def test_the_demo_groups_meet_on_the_day_their_words_say(db):
    program = load(members=10, supporters=3)
    groups = SupportGroup.objects.filter(program=program)
    assert groups.get(name="Tuesday evening grief circle").first_meeting_on.weekday() == 1
    start_the_week = groups.get(description__contains="start the week")
    assert start_the_week.first_meeting_on.weekday() == 0  # a Monday


@pytest.mark.parametrize(
    ("language", "weekly", "monthly"),
    [
        ("en", "Every week on Tuesday, at 7 p.m.", "Once a month, on the "),
        ("es", "Cada semana, el martes, a las 19:00", "Una vez al mes, el "),
    ],
)
def test_a_groups_when_line_names_the_day(client, language, weekly, monthly):
    program = load(members=10, supporters=3)
    grief = SupportGroup.objects.get(program=program, name__startswith="Tuesday")
    member = sign_in(client, User.objects.get(username="demo-member"))
    client.cookies["django_language"] = language
    page = member.get(reverse("groups:group", args=[grief.pk])).content.decode()
    assert weekly in page
    listing = member.get(reverse("groups:list")).content.decode()
    assert weekly in listing
    assert monthly in listing  # the recovery café: "on the second Thursday"
