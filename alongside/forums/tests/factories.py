"""Boards, threads and replies for tests, made through the services (so they are assessed, counted and
indexed as real ones are)."""

from alongside.accounts.choices import Topic
from alongside.forums import services
from alongside.forums.models import Board


def board_in(program, topic=Topic.ANXIETY):
    return Board.objects.get_or_create(program=program, topic=topic)[0]


def thread_by(
    author,
    program,
    *,
    title="Small wins this week",
    body="I went for a walk today.",
    topic=Topic.ANXIETY,
    **options,
):
    return services.start_thread(
        author=author, board=board_in(program, topic), title=title, body=body, **options
    )


def reply_by(author, thread, body="Thank you for sharing this.", **options):
    return services.reply(author=author, thread=thread, body=body, **options)
