"""Forums services: posting, safety, holds, anonymity, edits, reactions, follows, search."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from alongside.forums import selectors, services
from alongside.forums.models import Board, Post, PostStatus, Reaction, Thread
from alongside.forums.tests.factories import board_in, reply_by, thread_by
from alongside.safety.models import Escalation

pytestmark = pytest.mark.django_db

CRISIS = "I am going to kill myself tonight, I have the pills ready."


def test_a_thread_opens_with_its_first_post_and_counts_on_its_board(world):
    thread = thread_by(world["member"], world.program, title="  First   steps ", body="Hello *all*")
    opening = thread.posts.get()
    assert thread.title == "First steps"
    assert opening.is_opening and opening.status == PostStatus.PUBLISHED
    assert opening.body_html == "<p>Hello <em>all</em></p>\n"
    assert Board.objects.get(pk=thread.board_id).thread_count == 1


def test_a_reply_counts_and_the_author_follows_the_thread(world):
    thread = thread_by(world["member"], world.program)
    post = reply_by(world.other_member, thread)
    thread.refresh_from_db()
    assert thread.reply_count == 1
    assert thread.follows.filter(person=world.other_member, last_seen_post_id=post.pk).exists()


def test_script_tags_and_javascript_links_are_stripped(world):
    thread = thread_by(
        world["member"],
        world.program,
        body='<script>alert("x")</script> [click](javascript:alert(1)) <img src=x onerror=alert(1)>',
    )
    html = thread.posts.get().body_html
    assert "<script" not in html and "<img" not in html and "href=" not in html
    assert "&lt;script&gt;" in html  # shown as text, harmlessly


def test_the_sanitiser_also_cleans_html_that_reaches_it():
    from alongside.forums import text

    dirty = '<p onclick="x()">hi</p><a href="javascript:alert(1)">x</a><script>bad()</script>'
    cleaned = text.nh3.clean(
        dirty, tags=text.TAGS, attributes=text.ATTRIBUTES, url_schemes={"http", "https", "mailto"}
    )
    assert (
        cleaned.startswith("<p>hi</p><a") and "javascript" not in cleaned and "bad()" not in cleaned
    )


def test_links_are_kept_with_a_safe_rel(world):
    html = (
        thread_by(world["member"], world.program, body="[help](https://example.org)")
        .posts.get()
        .body_html
    )
    assert 'href="https://example.org"' in html and "noopener" in html


def test_errors_name_the_field(world):
    board = board_in(world.program)
    with pytest.raises(ValidationError) as error:
        services.start_thread(
            author=world["member"], board=board, title=" ", body="", warnings=["not-a-theme"]
        )
    assert set(error.value.message_dict) == {"title", "body", "warnings"}


def test_a_board_of_another_program_is_refused(world):
    with pytest.raises(ValidationError) as error:
        thread_by(world["member"], world.foreign_program)
    assert "board" in error.value.message_dict


def test_clinicians_cannot_post(world):
    with pytest.raises(Http404):
        thread_by(world["clinician"], world.program)


def test_every_post_is_assessed_and_a_crisis_opens_an_escalation(world):
    thread = thread_by(world["member"], world.program)
    post = reply_by(world.other_member, thread, body=CRISIS)
    assert post.risk_level in ("high", "imminent")
    escalation = Escalation.objects.get(person=world.other_member)
    assert escalation.source_kind == "forum_post"
    assert escalation.source_id == thread.pk and escalation.source_item == post.pk
    calm = reply_by(world["member"], thread, body="A calm afternoon in the garden.")
    assert calm.risk_level == "none"
    assert Escalation.objects.count() == 1


def test_an_edit_is_assessed_again(world):
    thread = thread_by(world["member"], world.program)
    post = services.edit_post(editor=world["member"], post_id=thread.posts.get().pk, body=CRISIS)
    assert post.risk_level in ("high", "imminent")
    assert Escalation.objects.filter(person=world["member"]).exists()


def test_a_post_can_be_edited_by_its_author_within_the_window_only(world):
    thread = thread_by(world["member"], world.program)
    opening = thread.posts.get()
    edited = services.edit_post(
        editor=world["member"], post_id=opening.pk, body="Better words", title="Better title"
    )
    assert edited.edited_at is not None and edited.body_html == "<p>Better words</p>\n"
    assert Thread.objects.get(pk=thread.pk).title == "Better title"
    with pytest.raises(ValidationError):
        services.edit_post(editor=world.other_member, post_id=opening.pk, body="Mine now")
    Post.objects.filter(pk=opening.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    with pytest.raises(ValidationError) as error:
        services.edit_post(editor=world["member"], post_id=opening.pk, body="Too late")
    assert "body" in error.value.message_dict


def test_reactions_are_one_of_each_kind_per_person_and_toggle(world):
    post = thread_by(world["member"], world.program).posts.get()
    assert services.react(person=world.other_member, post_id=post.pk, kind="me_too") is True
    assert services.react(person=world.other_member, post_id=post.pk, kind="strength") is True
    assert services.react(person=world["supporter"], post_id=post.pk, kind="me_too") is True
    assert Reaction.objects.filter(post=post).count() == 3
    assert services.react(person=world.other_member, post_id=post.pk, kind="me_too") is False
    assert Reaction.objects.filter(post=post, kind="me_too").count() == 1
    with pytest.raises(ValidationError):
        services.react(person=world.other_member, post_id=post.pk, kind="like")


def test_a_foreign_post_cannot_be_reacted_to(world):
    post = thread_by(world.foreign_member, world.foreign_program).posts.get()
    with pytest.raises(Http404):
        services.react(person=world["member"], post_id=post.pk, kind="me_too")


# --- anonymity ------------------------------------------------------------------------------------


def test_anonymous_posts_hide_the_author_from_members_but_not_from_moderators(world):
    thread = thread_by(world["member"], world.program, anonymous=True)
    post = thread.posts.get()

    def label(viewer):
        shown = selectors.thread_page(viewer, Thread.objects.get(pk=thread.pk))
        return shown.opening_author, shown.posts[0].author

    assert label(world.other_member) == ("Anonymous", "Anonymous")
    assert label(world["supporter"]) == ("Anonymous", "Anonymous")
    assert label(world["member"]) == ("You (anonymous to members)",) * 2
    name = str(world["member"])
    assert label(world["supervisor"]) == (f"{name} (anonymous to members)",) * 2
    assert label(world["admin"])[1] == f"{name} (anonymous to members)"
    assert post.is_anonymous


def test_a_moderator_seeing_anonymous_authors_is_written_to_the_access_log(world):
    from alongside.audit.models import AccessLog

    thread = thread_by(world["member"], world.program, anonymous=True)
    selectors.thread_page(world.other_member, thread)
    assert not AccessLog.objects.filter(actor=world.other_member).exists()
    selectors.thread_page(world["supervisor"], thread)
    assert AccessLog.objects.filter(actor=world["supervisor"], record_id=str(thread.pk)).exists()


# --- content warnings -----------------------------------------------------------------------------


def test_a_free_text_warning_counts_as_other(world):
    post = thread_by(
        world["member"], world.program, warnings=["grief"], warning_note="  my dog  died "
    ).posts.get()
    assert post.warnings == ["grief", "other"]
    assert selectors.warning_labels(post) == ["Death and grief", "my dog died"]


def test_never_show_themes_suppress_posts_for_that_reader_only(world):
    thread = thread_by(world["member"], world.program, warnings=["self_harm"])
    services.save_reader_settings(person=world.other_member, never_show=["self_harm", "eating"])
    other = selectors.thread_page(world.other_member, thread).posts[0]
    supporter = selectors.thread_page(world["supporter"], thread).posts[0]
    author = selectors.thread_page(world["member"], thread).posts[0]
    assert other.suppressed == ["Self-harm"]
    assert supporter.suppressed == [] and supporter.warnings == ["Self-harm"]
    assert author.suppressed == []  # one's own words are never hidden from oneself
    with pytest.raises(ValidationError):
        services.save_reader_settings(person=world.other_member, never_show=["spiders"])


# --- holds ------------------------------------------------------------------------------------------


def _hold_new_members(world):
    from alongside.safety.moderation.services import save_settings

    save_settings(admin=world["admin"], holds_new_members=True, hold_days=7, hold_posts=0)


def test_a_held_post_is_seen_only_by_its_author_and_moderators_until_approved(world):
    from alongside.safety.moderation.models import Hold
    from alongside.safety.moderation.services import decide_hold

    thread = thread_by(world["supporter"], world.program)
    _hold_new_members(world)
    post = reply_by(world["member"], thread, body="My first words here.")
    assert post.status == PostStatus.HELD

    def seen_by(viewer):
        return [s.post.pk for s in selectors.thread_page(viewer, thread).posts]

    assert post.pk in seen_by(world["member"])
    assert post.pk in seen_by(world["supervisor"])
    assert post.pk not in seen_by(world.other_member)
    assert Thread.objects.get(pk=thread.pk).reply_count == 0

    hold = Hold.objects.get(target_kind="forum_post", target_id=post.pk)
    decide_hold(moderator=world["supervisor"], hold_id=hold.pk, approve=True)
    assert post.pk in seen_by(world.other_member)
    assert Thread.objects.get(pk=thread.pk).reply_count == 1


def test_a_held_thread_is_not_found_by_others_until_approved(world):
    from alongside.safety.moderation.models import Hold
    from alongside.safety.moderation.services import decide_hold

    _hold_new_members(world)
    thread = thread_by(world["member"], world.program, title="Lanterns by the river")
    assert not thread.is_published
    with pytest.raises(Http404):
        selectors.access_thread(world.other_member, thread.pk)
    assert selectors.access_thread(world["member"], thread.pk) == thread
    assert selectors.search(world.program, "lanterns") == []
    hold = Hold.objects.get(target_kind="forum_post", target_id=thread.posts.get().pk)
    decide_hold(moderator=world["admin"], hold_id=hold.pk, approve=False, reason="Off topic")
    assert Post.objects.get(thread=thread).status == PostStatus.KEPT_BACK
    with pytest.raises(Http404):
        selectors.access_thread(world.other_member, thread.pk)


def test_readers_can_report_a_post_and_a_moderator_can_hide_it(world):
    from alongside.safety.moderation.services import report

    thread = thread_by(world["member"], world.program)
    post = reply_by(world["supporter"], thread, body="Something unkind.")
    found = report(
        reporter=world.other_member,
        target_kind="forum_post",
        target_id=post.pk,
        reason="harassment",
    )
    assert found.target_author == world["supporter"]
    services.set_post_hidden(post.pk, True, "Unkind words")
    assert post.pk not in [
        s.post.pk for s in selectors.thread_page(world.other_member, thread).posts
    ]
    services.set_post_hidden(post.pk, False, "")
    assert post.pk in [s.post.pk for s in selectors.thread_page(world.other_member, thread).posts]


# --- following ---------------------------------------------------------------------------------------


def test_followers_see_how_many_replies_are_new_since_they_last_looked(world):
    thread = thread_by(world["member"], world.program)
    reply_by(world.other_member, thread)
    reply_by(world["supporter"], thread)
    rows = selectors.thread_rows(
        world["member"], Thread.objects.filter(pk=thread.pk), moderator=False
    )
    assert rows[0].new == 2
    last = thread.posts.order_by("-id").first()
    services.mark_seen(person=world["member"], thread=thread, post_id=last.pk)
    rows = selectors.thread_rows(
        world["member"], Thread.objects.filter(pk=thread.pk), moderator=False
    )
    assert rows[0].new == 0
    not_following = selectors.thread_rows(
        world["admin"], Thread.objects.filter(pk=thread.pk), moderator=True
    )
    assert not_following[0].new is None
    services.unfollow_thread(person=world["member"], thread=thread)
    assert not selectors.followed_threads(world["member"]).exists()


# --- search --------------------------------------------------------------------------------------


def test_search_finds_threads_by_title_and_reply_words_on_this_database(world):
    first = thread_by(
        world["member"], world.program, title="Sleeping in on Sundays", body="Nights are long."
    )
    second = thread_by(world.other_member, world.program, title="Gardening", body="Tomatoes.")
    reply_by(world["supporter"], second, body="Sleep comes easier after digging, for me.")
    thread_by(world.foreign_member, world.foreign_program, title="Sleep", body="Elsewhere.")
    found = selectors.search(world.program, "sleep")
    assert {t.pk for t in found} == {first.pk, second.pk}  # stemmed: sleeping, sleep
    assert [t.pk for t in selectors.search(world.program, "tomatoes")] == [second.pk]
    assert selectors.search(world.program, "sleep tomatoes") == []  # every word must match
    assert selectors.search(world.program, "") == []


def test_search_ignores_query_syntax(world):
    thread_by(world["member"], world.program, title="Hope", body="Some hope today")
    for query in ['"', "hope OR", "NEAR(hope", "hope*", "-hope", "hope & !", "'; DROP TABLE"]:
        selectors.search(world.program, query)  # never raises


def test_search_keeps_up_with_edits_and_hidden_posts(world):
    thread = thread_by(world["member"], world.program, title="Morning", body="Coffee and quiet")
    services.edit_post(
        editor=world["member"], post_id=thread.posts.get().pk, body="Tea and quiet", title="Morning"
    )
    assert selectors.search(world.program, "coffee") == []
    assert [t.pk for t in selectors.search(world.program, "tea")] == [thread.pk]
    post = reply_by(world.other_member, thread, body="Pancakes help")
    services.set_post_hidden(post.pk, True, "test")
    assert selectors.search(world.program, "pancakes") == []


# --- crisis words are held for a moderator ---------------------------------------------------------


def _seen_by(viewer, thread):
    return [s.post.pk for s in selectors.thread_page(viewer, thread).posts]


def test_a_crisis_reply_is_held_for_a_moderator_instead_of_published(world):
    from alongside.safety.moderation.models import Hold

    thread = thread_by(world["member"], world.program)
    post = reply_by(world.other_member, thread, body=CRISIS)
    assert post.status == PostStatus.HELD and post.is_held_for_safety
    hold = Hold.objects.get(target_kind="forum_post", target_id=post.pk)
    assert hold.is_crisis and hold.risk_level == post.risk_level
    assert Thread.objects.get(pk=thread.pk).reply_count == 0
    assert post.pk in _seen_by(world.other_member, thread)  # its writer sees it, as held
    assert post.pk in _seen_by(world["supervisor"], thread)
    assert post.pk not in _seen_by(world["member"], thread)
    with pytest.raises(Http404):
        selectors.access_post(world["member"], post.pk)
    # It still opens the escalation, pointing at the post.
    escalation = Escalation.objects.get(person=world.other_member, source_kind="forum_post")
    assert escalation.source_item == post.pk


def test_a_crisis_thread_stays_unseen_whole_until_a_moderator_publishes_it(world):
    from alongside.safety.moderation.models import Hold
    from alongside.safety.moderation.services import decide_hold

    thread = thread_by(world["member"], world.program, title="Tonight", body=CRISIS)
    assert not thread.is_published
    with pytest.raises(Http404):
        selectors.access_thread(world.other_member, thread.pk)
    assert Board.objects.get(pk=thread.board_id).thread_count == 0
    hold = Hold.objects.get(target_kind="forum_post", target_id=thread.posts.get().pk)
    decide_hold(moderator=world["supervisor"], hold_id=hold.pk, approve=True)
    assert selectors.access_thread(world.other_member, thread.pk) == thread
    assert Board.objects.get(pk=thread.board_id).thread_count == 1


def test_a_moderator_can_keep_a_crisis_post_hidden(world):
    from alongside.safety.moderation.models import Hold
    from alongside.safety.moderation.services import decide_hold

    thread = thread_by(world["member"], world.program)
    post = reply_by(world.other_member, thread, body=CRISIS)
    hold = Hold.objects.get(target_kind="forum_post", target_id=post.pk)
    decide_hold(
        moderator=world["supervisor"],
        hold_id=hold.pk,
        approve=False,
        reason="We have reached out to you directly.",
    )
    assert Post.objects.get(pk=post.pk).status == PostStatus.KEPT_BACK
    assert post.pk not in _seen_by(world["member"], thread)
    assert Thread.objects.get(pk=thread.pk).reply_count == 0


def test_an_edit_into_crisis_words_takes_a_published_post_back_to_the_moderators(world):
    from alongside.safety.moderation.models import Hold, HoldStatus

    thread = thread_by(world["member"], world.program)
    post = reply_by(world.other_member, thread, body="A quiet day.")
    assert Thread.objects.get(pk=thread.pk).reply_count == 1
    services.edit_post(editor=world.other_member, post_id=post.pk, body=CRISIS)
    assert Post.objects.get(pk=post.pk).status == PostStatus.HELD
    assert Thread.objects.get(pk=thread.pk).reply_count == 0
    assert post.pk not in _seen_by(world["member"], thread)
    hold = Hold.objects.get(target_kind="forum_post", target_id=post.pk)
    assert hold.status == HoldStatus.HELD and hold.is_crisis


def test_the_moderators_queue_lists_held_crisis_posts_first(world):
    from alongside.safety.moderation.selectors import moderation_queue

    _hold_new_members(world)
    thread = thread_by(world["supporter"], world.program)
    first = reply_by(world["member"], thread, body="My first words here.")
    crisis = reply_by(world["member"], thread, body=CRISIS)
    queue = moderation_queue(world["supervisor"])
    assert [h.target_id for h in queue.crisis_holds] == [crisis.pk]
    assert [h.target_id for h in queue.holds] == [first.pk]
