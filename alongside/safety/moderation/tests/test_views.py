"""The moderation pages: wiring, what each person sees, words kept on error, and pinned query counts."""

import pytest
from django.urls import reverse

from alongside.conversations.models import Message
from alongside.conversations.services import start_conversation
from alongside.conversations.tests.factories import say_anyway
from alongside.matching.models import Block
from alongside.safety.moderation.models import Appeal, Report, ReportStatus
from alongside.safety.moderation.tests.factories import action_on, held_post, open_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def talk(world):
    return start_conversation(member=world["member"], supporter=world["supporter"])


def test_each_message_from_someone_else_has_a_report_link_that_works_without_javascript(
    client_for, world, talk
):
    theirs = say_anyway(talk, world["supporter"], "Text me on my own phone.")
    mine = say_anyway(talk, world["member"], "Hello.")
    page = client_for("member").get(talk.get_absolute_url()).content.decode()
    report_url = reverse("moderation:report", args=["message", theirs.pk])
    assert f'href="{report_url}"' in page
    assert reverse("moderation:report", args=["message", mine.pk]) not in page


def test_a_member_reports_a_message_and_gets_a_warm_confirmation(client_for, world, talk):
    message = say_anyway(talk, world["supporter"], "Text me on my own phone.")
    client = client_for("member")
    url = reverse("moderation:report", args=["message", message.pk])
    assert "Text me on my own phone." in client.get(url).content.decode()
    response = client.post(url, {"reason": "contact_details", "note": "Uneasy.", "also_block": ""})
    assert response.status_code == 302
    thanks = client.get(response["Location"]).content.decode()
    assert "Thank you for telling us" in thanks
    assert str(world["supervisor"]) not in thanks  # the reporter never learns who moderates
    assert Report.objects.get().target_author == world["supporter"]


def test_a_report_without_a_reason_keeps_the_note(client_for, world, talk):
    message = say_anyway(talk, world["supporter"])
    url = reverse("moderation:report", args=["message", message.pk])
    response = client_for("member").post(url, {"note": "My words stay here."})
    assert response.status_code == 400
    assert "My words stay here." in response.content.decode()
    assert not Report.objects.exists()


def test_reporting_can_block_the_person_at_the_same_time(client_for, world, talk):
    message = say_anyway(talk, world["supporter"])
    url = reverse("moderation:report", args=["message", message.pk])
    client_for("member").post(url, {"reason": "harassment", "also_block": "on"})
    assert Block.objects.filter(blocker=world["member"], blocked=world["supporter"]).exists()


def test_the_supervisor_hides_a_message_and_the_others_see_it_hidden(client_for, world, talk):
    message = say_anyway(talk, world["supporter"], "Words that should go.")
    found = Report.objects.create(
        program=world.program,
        reporter=world["member"],
        target_kind="message",
        target_id=message.pk,
        target_author=world["supporter"],
        excerpt=message.body,
        reason="unsafe_advice",
    )
    moderator = client_for("supervisor")
    assert "Words that should go." in moderator.get(reverse("moderation:queue")).content.decode()
    response = moderator.post(
        reverse("moderation:report-detail", args=[found.pk]),
        {"kind": "hide", "reason": "This advice could hurt someone."},
    )
    assert response.status_code == 302
    page = client_for("member").get(talk.get_absolute_url()).content.decode()
    assert "This message was hidden by a moderator." in page
    assert "Words that should go." not in page
    notices = client_for("supporter").get(reverse("moderation:notices")).content.decode()
    assert "This advice could hurt someone." in notices


def test_an_action_without_a_reason_keeps_the_choice_and_says_what_is_missing(client_for, world):
    found = open_report(world.program)
    response = client_for("admin").post(
        reverse("moderation:report-detail", args=[found.pk]), {"kind": "suspend", "days": "3"}
    )
    assert response.status_code == 400
    assert "Please write the reason the person will read." in response.content.decode()
    found.refresh_from_db()
    assert found.status == ReportStatus.OPEN


def test_a_person_sees_their_notice_and_appeals_once(client_for, world):
    action = action_on(world["member"], world.program, "suspend")
    client = client_for("member")
    notices = client.get(reverse("moderation:notices")).content.decode()
    assert "A pause on posting" in notices and "Please be kind to others." in notices
    url = reverse("moderation:appeal", args=[action.pk])
    assert client.post(url, {"note": ""}).status_code == 400
    assert client.post(url, {"note": "I was quoting a song."}).status_code == 302
    assert Appeal.objects.get().note == "I was quoting a song."
    response = client.post(url, {"note": "Once more."})
    assert response.status_code == 400 and "already asked" in response.content.decode()


def test_a_suspended_member_is_told_why_in_the_composer_and_keeps_their_words(
    client_for, world, talk
):
    action_on(world["member"], world.program, "suspend")
    response = client_for("member").post(
        reverse("conversations:send", args=[talk.pk]),
        {"client_id": "5a1f9b7e-3c2d-4e5f-8a9b-0c1d2e3f4a5b", "body": "Still here, friend."},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Please be kind to others." in text and "Still here, friend." in text
    assert not Message.objects.filter(conversation=talk).exists()


def test_blocking_from_the_blocked_page_and_unblocking(client_for, world, talk):
    client = client_for("member")
    page = client.get(reverse("moderation:blocked")).content.decode()
    block_url = reverse("moderation:block", args=[world["supporter"].pk])
    assert block_url in page
    assert client.post(block_url).status_code == 302
    page = client.get(reverse("moderation:blocked")).content.decode()
    assert "Unblock" in page
    client.post(reverse("moderation:unblock", args=[world["supporter"].pk]))
    assert not Block.objects.exists()


def test_held_posts_and_appeals_are_answered_from_the_queue(client_for, world):
    held = held_post(world.program)
    appeal = Appeal.objects.create(action=action_on(world["member"], world.program), note="Why?")
    client = client_for("supervisor")
    page = client.get(reverse("moderation:queue")).content.decode()
    assert "A first post from someone new." in page and "Why?" in page
    client.post(reverse("moderation:hold-decide", args=[held.pk]), {"decision": "approve"})
    client.post(reverse("moderation:appeal-decide", args=[appeal.pk]), {"decision": "reverse"})
    held.refresh_from_db()
    appeal.refresh_from_db()
    assert held.status == "approved" and appeal.status == "reversed"


def test_the_admin_turns_holds_on(client_for, world):
    client = client_for("admin")
    response = client.post(
        reverse("moderation:settings"),
        {"holds_new_members": "on", "hold_days": "5", "hold_posts": "2"},
    )
    assert response.status_code == 302
    from alongside.safety.moderation.selectors import settings_of

    assert settings_of(world.program).holds_new_members is True


def _fill_queue(world, n):
    for _ in range(n):
        open_report(world.program, note="A note.")
        Appeal.objects.create(action=action_on(world.other_member, world.program), note="Please.")
    for i in range(n):
        held_post(world.program, target_id=10_000 + Report.objects.count() * 10 + i)


def test_the_queue_costs_the_same_few_queries_however_long_it_is(
    client_for, world, django_assert_num_queries
):
    _fill_queue(world, 3)
    client = client_for("supervisor")
    client.get(reverse("moderation:queue"))
    # The shell: session, user, two-step device, standing, profile = 5; sliding the session's
    # expiry (one update) = 1. This page: reports, appeals, holds = 3; its audit read, already
    # logged by the first visit within the repeat-read window (savepoint, chain head, the earlier line,
    # release) = 4.
    with django_assert_num_queries(QUEUE_QUERIES):
        assert client.get(reverse("moderation:queue")).status_code == 200
    _fill_queue(world, 12)
    with django_assert_num_queries(QUEUE_QUERIES):
        response = client.get(reverse("moderation:queue"))
    assert response.content.decode().count('class="moderation-item"') == 45


QUEUE_QUERIES = 15  # 2 of them the shell's safety alerts and open-escalation count
