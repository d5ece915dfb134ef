"""Forum pages: what a reader sees (warnings, never-show themes, anonymity), posting, editing, reacting."""

import pytest
from django.test import Client
from django.urls import reverse

from alongside.forums.models import Post, Thread
from alongside.forums.tests.factories import board_in, reply_by, thread_by
from conftest import sign_in

pytestmark = pytest.mark.django_db

SECRET = "The words under the warning."


def _page(client, thread):
    response = client.get(reverse("forums:thread", args=[thread.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_warned_post_is_closed_in_a_details_element_until_the_reader_opens_it(world, client_for):
    thread = thread_by(
        world["member"], world.program, body=SECRET, warnings=["grief"], warning_note="a pet"
    )
    page = _page(client_for("supporter"), thread)
    details = page[page.index('<details class="cw">') : page.index("</details>")]
    assert "Content warning: Death and grief, a pet. Show the post" in details
    assert SECRET in details  # there, but closed: no JavaScript needed to open it
    assert '<details class="cw" open' not in page


def test_never_show_themes_leave_the_words_out_of_the_page(world, client_for):
    thread = thread_by(world["member"], world.program, body=SECRET, warnings=["self_harm"])
    client = client_for("supporter")
    response = client.post(reverse("forums:settings"), {"never_show": ["self_harm"]})
    assert response.status_code == 302
    page = _page(client, thread)
    assert SECRET not in page
    assert "which you asked never to be shown" in page
    assert SECRET in _page(client_for("admin"), thread)


def test_members_never_see_who_wrote_an_anonymous_post_but_moderators_do(world, client_for):
    author = world["member"]
    thread = thread_by(author, world.program, anonymous=True)
    reply_by(author, thread, body="Still me.", anonymous=True)
    search = reverse("forums:search") + "?q=walk"
    board = reverse("forums:board", args=[thread.board_id])
    for role in ("supporter",):
        client = client_for(role)
        for url in (reverse("forums:thread", args=[thread.pk]), search, board):
            page = client.get(url).content.decode()
            assert str(author) not in page, url
            assert "Anonymous" in page, url
    supervisor = client_for("supervisor")
    for url in (reverse("forums:thread", args=[thread.pk]), search, board):
        assert f"{author} (anonymous to members)" in supervisor.get(url).content.decode(), url


def test_starting_a_thread_keeps_what_was_typed_on_error_and_posts_when_complete(world, client_for):
    client = client_for("member")
    board = board_in(world.program)
    url = reverse("forums:thread-new", args=[board.pk])
    response = client.post(url, {"title": "", "body": "Words I typed"})
    assert response.status_code == 200
    assert "Words I typed" in response.content.decode()
    response = client.post(url, {"title": "Hello", "body": "Words I typed", "warnings": ["grief"]})
    thread = Thread.objects.get(title="Hello")
    assert response["Location"] == thread.get_absolute_url()
    assert thread.posts.get().warnings == ["grief"]


def test_a_reply_without_javascript_lands_on_the_post(world, client_for):
    thread = thread_by(world["member"], world.program)
    response = client_for("supporter").post(
        reverse("forums:reply", args=[thread.pk]), {"body": "With you.", "anonymous": "on"}
    )
    post = Post.objects.get(body="With you.")
    assert post.is_anonymous
    assert response["Location"] == post.get_absolute_url()


def test_a_reply_with_htmx_answers_with_a_fresh_composer_and_names_the_post(world, client_for):
    thread = thread_by(world["member"], world.program)
    response = client_for("supporter").post(
        reverse("forums:reply", args=[thread.pk]), {"body": "With you."}, HTTP_HX_REQUEST="true"
    )
    post = Post.objects.get(body="With you.")
    assert f'"post": {post.pk}' in response["HX-Trigger"]
    assert 'id="composer"' in response.content.decode()


CRISIS = "I am going to kill myself tonight, I have the pills ready."


def _crisis_panel(page):
    """The crisis panel's opening tag, or None when the page has none."""
    start = page.find('id="crisis-options"')
    return None if start < 0 else page[page.rfind("<aside", 0, start) : page.index(">", start) + 1]


def test_a_crisis_post_is_held_and_its_writer_sees_the_crisis_panel_without_javascript(
    world, client_for
):
    thread = thread_by(world["member"], world.program)
    writer = sign_in(Client(), world.other_member)
    response = writer.post(reverse("forums:reply", args=[thread.pk]), {"body": CRISIS}, follow=True)
    page = response.content.decode()
    panel = _crisis_panel(page)
    assert panel is not None and "hidden" not in panel  # open, with no script needed
    assert 'href="tel:988"' in page and 'href="sms:988"' in page and "Chat online" in page
    assert "Only you can see this post for now." in page  # why it is held, in kind words
    assert "Your post is waiting for a moderator" in page
    assert CRISIS in page  # the writer still sees their own words
    reader = _page(client_for("member"), thread)
    assert CRISIS not in reader
    assert "hidden" in _crisis_panel(reader)  # the panel is there for a live reply, but closed


def test_a_crisis_thread_takes_its_writer_to_its_page_with_the_crisis_panel(world, client_for):
    board = board_in(world.program)
    writer = client_for("member")
    response = writer.post(
        reverse("forums:thread-new", args=[board.pk]),
        {"title": "Tonight", "body": CRISIS},
        follow=True,
    )
    page = response.content.decode()
    assert "hidden" not in _crisis_panel(page)
    assert "Only you can see this post for now." in page
    thread = Thread.objects.get(title="Tonight")
    assert (
        client_for("supporter").get(reverse("forums:thread", args=[thread.pk])).status_code == 404
    )


def test_a_crisis_reply_with_htmx_brings_the_crisis_panel_out_of_band(world, client_for):
    thread = thread_by(world["member"], world.program)
    response = sign_in(Client(), world.other_member).post(
        reverse("forums:reply", args=[thread.pk]), {"body": CRISIS}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    panel = _crisis_panel(html)
    assert 'hx-swap-oob="true"' in panel and "hidden" not in panel
    assert f'value="{reverse("forums:thread", args=[thread.pk])}"' in html  # "talk now" comes back
    assert "Your post is waiting for a moderator" in html
    calm = client_for("supporter").post(
        reverse("forums:reply", args=[thread.pk]), {"body": "With you."}, HTTP_HX_REQUEST="true"
    )
    assert _crisis_panel(calm.content.decode()) is None


def test_editing_is_offered_only_within_the_window(world, client_for):
    from datetime import timedelta

    from django.utils import timezone

    thread = thread_by(world["member"], world.program)
    post = thread.posts.get()
    client = client_for("member")
    url = reverse("forums:post-edit", args=[post.pk])
    assert url in _page(client, thread)
    response = client.post(url, {"title": "New title", "body": "New words"})
    assert response.status_code == 302
    assert Post.objects.get(pk=post.pk).body == "New words"
    Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - timedelta(minutes=20))
    assert url not in _page(client, thread)
    assert "15 minutes" in client.get(url).content.decode()


def test_reacting_with_htmx_answers_with_the_reactions(world, client_for):
    post = thread_by(world["member"], world.program).posts.get()
    response = client_for("supporter").post(
        reverse("forums:react", args=[post.pk]), {"kind": "strength"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert 'aria-pressed="true"' in body and "Sending strength" in body


def test_the_post_fragment_is_what_a_live_page_fetches(world, client_for):
    thread = thread_by(world["member"], world.program)
    post = reply_by(world.other_member, thread, body="Live words")
    response = client_for("member").get(
        reverse("forums:post", args=[post.pk]), HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert body.startswith("<article") and "Live words" in body


def test_following_lists_new_replies(world, client_for):
    thread = thread_by(world["member"], world.program, title="Evenings")
    reply_by(world.other_member, thread)
    page = client_for("member").get(reverse("forums:following")).content.decode()
    assert "Evenings" in page and "1 new since you last looked" in page


def test_search_page_finds_threads(world, client_for):
    thread_by(world["member"], world.program, title="Walking helps", body="Each morning")
    page = client_for("supporter").get(reverse("forums:search"), {"q": "morning"}).content.decode()
    assert "Walking helps" in page


def test_boards_are_made_for_every_topic_on_first_visit(world, client_for):
    from alongside.accounts.choices import Topic

    page = client_for("member").get(reverse("forums:boards")).content.decode()
    assert world.program.boards.count() == len(Topic)
    assert "Grief and loss" in page


def test_following_can_be_stopped(world, client_for):
    thread = thread_by(world["member"], world.program)
    client = client_for("member")
    client.post(reverse("forums:follow", args=[thread.pk]), {"follow": "0"})
    assert not thread.follows.filter(person=world["member"]).exists()
    client.post(reverse("forums:follow", args=[thread.pk]), {"follow": "1"})
    assert thread.follows.filter(person=world["member"]).exists()


def test_the_reply_form_keeps_warnings_behind_a_details_until_used(world, client_for):
    thread = thread_by(world["member"], world.program)
    client = client_for("supporter")
    page = _page(client, thread)
    assert '<details class="composer-warnings">' in page
    response = client.post(
        reverse("forums:reply", args=[thread.pk]),
        {"body": "", "warnings": ["grief"]},
        HTTP_HX_REQUEST="true",
    )
    assert '<details class="composer-warnings" open>' in response.content.decode()


def test_the_moderation_queue_shows_held_crisis_posts_first_to_publish_or_keep_hidden(
    world, client_for
):
    from alongside.safety.moderation.models import Hold

    thread = thread_by(world["member"], world.program)
    post = reply_by(world.other_member, thread, body=CRISIS)
    moderator = client_for("supervisor")
    page = moderator.get(reverse("moderation:queue")).content.decode()
    crisis = page.index("Held because the writer may be in crisis")
    assert crisis < page.index("Open reports") and crisis < page.index(CRISIS)
    assert "At risk" in page or "Danger now" in page
    hold = Hold.objects.get(target_kind="forum_post", target_id=post.pk)
    assert "Keep it hidden" in page
    moderator.post(reverse("moderation:hold-decide", args=[hold.pk]), {"decision": "approve"})
    assert CRISIS in _page(client_for("member"), thread)  # released: published to everyone
