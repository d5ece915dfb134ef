"""The demo program has busy boards: hundreds of posts, some warned, none held, and no escalation left
open (the crisis model's false alarms on calm demo posts are resolved and labelled by the supervisor)."""

import pytest
from django.urls import reverse

from alongside.accounts.models import User
from alongside.forums import selectors
from alongside.forums.demo import load
from alongside.forums.models import Post, PostStatus, Thread
from alongside.safety.models import AssessmentLabel, Escalation
from conftest import sign_in

pytestmark = pytest.mark.django_db


def test_the_demo_boards_are_busy_and_calm(world, client):
    load(world.program)
    posts = Post.objects.filter(thread__program=world.program)
    assert posts.count() >= 300
    assert Thread.objects.filter(program=world.program).values("board").distinct().count() >= 15
    assert posts.exclude(warnings=[]).exists()
    assert posts.filter(is_anonymous=True).exists()
    assert not posts.exclude(status=PostStatus.PUBLISHED).exists()
    alarms = Escalation.objects.filter(source_kind="forum_post")
    assert not alarms.exclude(state="resolved").exists()
    assert AssessmentLabel.objects.filter(verdict="false_alarm").count() == alarms.count()
    assert selectors.search(world.program, "breathing")
    member = User.objects.get(pk=world["member"].pk)
    thread = Thread.objects.filter(program=world.program).order_by("-reply_count").first()
    page = sign_in(client, member).get(reverse("forums:thread", args=[thread.pk]))
    assert page.status_code == 200
