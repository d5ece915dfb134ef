"""Busy boards for the demo program: about sixty threads and a few hundred replies across the topics,
some anonymous, some behind content warnings, with reactions and follows.

All of it is invented from the word lists below and seeded, so each demo load is the same. Posts go
through the services (so they are assessed, rendered, counted and indexed like real ones) and their
times are then spread over the past weeks.
"""

# ruff: noqa: E501  # the demo sentences read best whole, one per line

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from alongside.accounts.choices import Role, Topic
from alongside.accounts.models import Program, User

from . import services
from .models import Board, Post, PostStatus, ReactionKind, Thread

# (topic, title, opening words, warnings)
THREADS: list[tuple[str, str, str, list[str]]] = [
    (
        Topic.ANXIETY,
        "Small wins this week",
        "I made a phone call I had been putting off for a month. My hands shook but I did it. What small wins did you have?",
        [],
    ),
    (
        Topic.ANXIETY,
        "Grocery stores are hard",
        "The lights and the noise get to me. I now go early on Sunday mornings when it is quiet. Any other tricks?",
        [],
    ),
    (
        Topic.ANXIETY,
        "Breathing exercises that actually help",
        "Box breathing works for me on the bus: in for four, hold for four, out for four. What works for you?",
        [],
    ),
    (
        Topic.ANXIETY,
        "Sleep before a big day",
        "I never sleep the night before an appointment. I have started writing my worries on paper before bed.",
        [],
    ),
    (
        Topic.DEPRESSION,
        "Getting out of bed",
        "Some mornings the hardest part is the first five minutes. I put my shoes by the bed so the first step is easy.",
        [],
    ),
    (
        Topic.DEPRESSION,
        "Cooking one real meal",
        "I cooked soup today for the first time in weeks. It was not great soup but I ate it at a table.",
        [],
    ),
    (
        Topic.DEPRESSION,
        "The winter months",
        "Every year the dark afternoons pull me down. This year I am trying a morning walk and a light lamp.",
        [],
    ),
    (
        Topic.DEPRESSION,
        "Telling my family",
        "I finally told my brother how low I have been. He listened. I did not expect that.",
        [],
    ),
    (
        Topic.BIPOLAR,
        "Tracking my moods",
        "I started a simple mood chart with three colours. It helps me notice when things start to speed up.",
        [],
    ),
    (
        Topic.BIPOLAR,
        "Medication side effects",
        "The new medication makes me tired in the afternoon. My doctor and I are working on the timing.",
        [],
    ),
    (
        Topic.BIPOLAR,
        "Keeping a routine",
        "Same bedtime every night, even weekends. Boring, but it keeps me steady.",
        [],
    ),
    (
        Topic.PSYCHOSIS,
        "Hearing voices group",
        "The hearing voices group on Thursdays has helped me feel less alone. Has anyone else been?",
        [],
    ),
    (
        Topic.PSYCHOSIS,
        "Coming back after a hospital stay",
        "Coming home felt strange. Everything was the same and I was different. It got easier after a few weeks.",
        ["hospital"],
    ),
    (
        Topic.TRAUMA,
        "Anniversaries",
        "The date is coming up again. I am planning a quiet day with a friend and a walk by the river.",
        ["abuse"],
    ),
    (
        Topic.TRAUMA,
        "Grounding when memories come back",
        "Naming five things I can see helps me come back to the room. I keep a smooth stone in my pocket.",
        [],
    ),
    (
        Topic.TRAUMA,
        "Learning to trust again",
        "It has taken me years to let people close. A peer group was the first place it felt safe.",
        ["abuse"],
    ),
    (
        Topic.SUBSTANCE_USE,
        "Ninety days",
        "Ninety days today. I did not think I would get here. Thank you all for the company on the hard nights.",
        ["substances"],
    ),
    (
        Topic.SUBSTANCE_USE,
        "Weekends are the hardest",
        "Friday nights used to be drinking nights. Now I go to a meeting and then a late film.",
        ["substances"],
    ),
    (
        Topic.SUBSTANCE_USE,
        "After a slip",
        "I slipped last week. I am back at day three. I am not starting from zero, I am starting from experience.",
        ["substances"],
    ),
    (
        Topic.EATING,
        "Meals with other people",
        "Eating with others still scares me. I managed a coffee and a small cake with a friend today.",
        ["eating"],
    ),
    (
        Topic.EATING,
        "Unfollowing diet accounts",
        "I cleaned up who I follow online. My feed is now mostly dogs and gardens, and I feel calmer.",
        ["eating"],
    ),
    (
        Topic.SELF_HARM,
        "What helps instead",
        "Holding ice, loud music, a cold shower, texting someone. Sharing what helps me in the hard moments.",
        ["self_harm"],
    ),
    (
        Topic.SELF_HARM,
        "Six months",
        "Six months free today. I still have urges sometimes and that is okay. They pass.",
        ["self_harm"],
    ),
    (
        Topic.SUICIDE_SURVIVOR,
        "Still here",
        "A year ago I did not think I would be writing this. I am still here, and some days are good now.",
        ["suicide"],
    ),
    (
        Topic.SUICIDE_SURVIVOR,
        "My safety plan",
        "Writing a safety plan with my peer supporter helped. I keep it on my phone and on the fridge.",
        ["suicide"],
    ),
    (
        Topic.GRIEF,
        "First holiday without her",
        "The first holiday without my mum is coming. I am thinking of lighting a candle and cooking her recipe.",
        ["grief"],
    ),
    (
        Topic.GRIEF,
        "Grief comes in waves",
        "Some days I am fine and then a song in a shop undoes me. I am learning to let the waves pass.",
        ["grief"],
    ),
    (
        Topic.LOSS_OF_CHILD,
        "Remembering our son",
        "We planted a tree for him in the park. We visit it on Sundays.",
        ["grief"],
    ),
    (
        Topic.LGBTQ,
        "Coming out at work",
        "I mentioned my partner at work for the first time. Nobody blinked. I had worried for years.",
        [],
    ),
    (
        Topic.LGBTQ,
        "Finding community",
        "The Tuesday social at the library has become my favourite evening of the week.",
        [],
    ),
    (
        Topic.VETERANS,
        "Civilian life",
        "Two years out and I still miss the structure. Volunteering has given me some of it back.",
        [],
    ),
    (
        Topic.VETERANS,
        "Sleep after service",
        "Nightmares are less often now. Talking with other veterans helped more than I thought.",
        ["violence"],
    ),
    (
        Topic.NEW_PARENTS,
        "The first months",
        "Nobody told me how lonely the night feeds would feel. I am glad I found this board.",
        [],
    ),
    (
        Topic.NEW_PARENTS,
        "Asking for help",
        "My sister now comes on Wednesdays so I can sleep for three hours. It has changed everything.",
        [],
    ),
    (
        Topic.HOSPITAL,
        "The first week home",
        "Making a simple plan for each day helped me: one walk, one meal, one call.",
        ["hospital"],
    ),
    (
        Topic.JUSTICE,
        "Finding work after release",
        "Three applications, one interview, and a call back. Keeping going.",
        [],
    ),
    (
        Topic.HOMELESSNESS,
        "Got the keys",
        "After eight months I have my own place. It is small and it is mine.",
        [],
    ),
    (
        Topic.CHRONIC_ILLNESS,
        "Pacing",
        "I plan my week with rest built in now. I do less, but I do not crash as often.",
        [],
    ),
    (
        Topic.CHRONIC_ILLNESS,
        "Being believed",
        "A new doctor listened to me for the first time in years. I left the appointment and cried in a good way.",
        [],
    ),
]

REPLIES = [
    "Thank you for sharing this. It helps to know I am not the only one.",
    "Me too. Reading this made me feel less alone today.",
    "That is a real win. Be proud of it.",
    "I tried something similar and it helped a little. One day at a time.",
    "Sending you strength for the days ahead.",
    "I did not expect to find this here, but it is exactly what I needed to read.",
    "What helped me was writing things down in the evening. Maybe worth a try?",
    "Proud of you. Keep going.",
    "This is such a good idea. I am going to try it this week.",
    "I have been there. It does get easier, slowly.",
    "Thank you. I saved this so I can read it again on a hard day.",
    "Our Thursday group talked about this too. You are in good company.",
    "**Small steps count.** That is what my peer supporter always tells me.",
    "I like the idea of a plan for each day: one walk, one meal, one call.",
]


def _publish_if_held(post: Post | None) -> None:
    if post is not None and post.status == PostStatus.HELD:
        services.release_post(post.pk, approved=True)


def load(program: Program, seed: int = 2026) -> None:
    """Boards with threads and replies from the demo people, spread over the past six weeks."""
    rng = random.Random(seed)  # noqa: S311  # synthetic demo data, not secrets
    services.ensure_boards(program)
    boards = {b.topic: b for b in Board.objects.filter(program=program)}
    people = list(
        User.objects.filter(
            memberships__program=program, memberships__role__in=[Role.MEMBER, Role.SUPPORTER]
        )
        .distinct()
        .order_by("pk")
    )
    posters = [p for p in people if p.username != "demo-member"][:120] or people
    if not posters:
        return
    demo_member = next((p for p in people if p.username == "demo-member"), None)
    now = timezone.now()
    for index, (topic, title, body, warnings) in enumerate(THREADS * 2):
        second = index >= len(THREADS)
        author = demo_member if index == 0 and demo_member else rng.choice(posters)
        thread = services.start_thread(
            author=author,
            board=boards[topic],
            title=f"{title} (again)" if second else title,
            body=body,
            warnings=warnings,
            anonymous=rng.random() < 0.2,
        )
        # The crisis model can hold a calm demo post for a moderator (a false alarm: docs/safety.md,
        # "Limits"); the demo's moderator has read it and lets it through, as a program's would.
        _publish_if_held(thread.posts.order_by("id").first())
        started = now - timedelta(days=rng.randint(2, 42), minutes=rng.randint(0, 600))
        times = [started]
        for _reply in range(rng.randint(2, 9)):
            replier = rng.choice(posters)
            post = services.reply(
                author=replier,
                thread=thread,
                body=rng.choice(REPLIES),
                anonymous=rng.random() < 0.15,
            )
            _publish_if_held(post)
            for kind in rng.sample(ReactionKind.values, k=rng.randint(0, 2)):
                services.react(person=rng.choice(posters), post_id=post.pk, kind=kind)
            times.append(times[-1] + timedelta(minutes=rng.randint(5, 1440)))
        for post, at in zip(thread.posts.order_by("id"), times, strict=False):
            Post.objects.filter(pk=post.pk).update(created_at=at)
        Thread.objects.filter(pk=thread.pk).update(created_at=started, last_post_at=times[-1])
    if demo_member is not None:
        services.save_reader_settings(person=demo_member, never_show=["self_harm"])
    _dismiss_false_alarms(program)


def _dismiss_false_alarms(program: Program) -> None:
    """The crisis model reads some calm demo posts as a crisis (docs/safety.md, "Limits"). The demo's
    supervisor has read each, published it, marked it "not a crisis" for retraining, and resolved it."""
    from alongside.safety.learning import label_assessment  # demo data only: forums' own path
    from alongside.safety.models import Escalation  # does not need these
    from alongside.safety.services import resolve_escalation

    supervisor = (
        User.objects.filter(memberships__program=program, memberships__role=Role.SUPERVISOR)
        .order_by("pk")
        .first()
    )
    if supervisor is None:
        return
    alarms = Escalation.objects.filter(program=program, source_kind="forum_post").exclude(
        state="resolved"
    )
    for escalation in alarms:
        # source_id is the thread; source_item the post that raised it
        post = Post.objects.filter(pk=escalation.source_item or 0).first()
        if post is not None:
            label_assessment(
                program=program,
                labelled_by=supervisor,
                source_kind="forum_post",
                source_id=post.pk,
                text=post.search_text,
                assessed_level=escalation.level,
                verdict="false_alarm",
            )
        resolve_escalation(
            escalation=escalation,
            by=supervisor,
            actions=["other"],
            note="Read it: a calm post, not a crisis. Published and marked as a false alarm.",
        )
