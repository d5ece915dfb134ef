"""Thread and board pages keep a fixed number of queries whatever their size (pinned at two sizes).

Thread page, for a member: session, user, standing, the thread, count of posts (pager), the page's posts,
reaction counts, the reader's own reactions, their never-show themes, whether they follow, marking it
seen, whether the reader has an open escalation from this thread (its crisis panel); plus the shell's
own. Board page: the board, the pager's count, the page's threads with
reply counts, follows and new counts in subqueries, and the rows.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alongside.forums import services
from alongside.forums.tests.factories import reply_by, thread_by

pytestmark = pytest.mark.django_db

THREAD_PAGE = 14  # 13, and one for the writer's crisis panel (issue 14)
BOARD_PAGE = 9


def _grow_thread(world, thread, n):
    people = [world["member"], world.other_member, world["supporter"]]
    for index in range(n):
        post = reply_by(
            people[index % 3],
            thread,
            body=f"Reply {index}",
            anonymous=index % 2 == 0,
            warnings=["grief"] if index % 4 == 0 else [],
        )
        services.react(person=people[(index + 1) % 3], post_id=post.pk, kind="me_too")


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("size", [2, 40])
def test_the_thread_page_has_a_fixed_query_count(
    world, client_for, django_assert_num_queries, size
):
    thread = thread_by(world["member"], world.program)
    _grow_thread(world, thread, size)
    client = client_for("member")
    client.get(reverse("forums:thread", args=[thread.pk]))  # warm the session
    with django_assert_num_queries(THREAD_PAGE):
        client.get(reverse("forums:thread", args=[thread.pk]))


@pytest.mark.parametrize("size", [2, 40])
def test_the_board_page_has_a_fixed_query_count(world, client_for, django_assert_num_queries, size):
    threads = [thread_by(world.other_member, world.program, title=f"T{i}") for i in range(size)]
    for thread in threads[::3]:
        reply_by(world["member"], thread)
    client = client_for("member")
    url = reverse("forums:board", args=[threads[0].board_id])
    client.get(url)
    with django_assert_num_queries(BOARD_PAGE):
        client.get(url)


def test_a_moderators_thread_page_is_fixed_too(world, client_for):
    thread = thread_by(world["member"], world.program)
    _grow_thread(world, thread, 3)
    client = client_for("supervisor")
    url = reverse("forums:thread", args=[thread.pk])
    client.get(url)
    small = _count(client, url)
    _grow_thread(world, thread, 30)
    assert _count(client, url) == small
