"""Synthetic demo conversations for the demo program. Every word here is invented."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

from django.db import transaction
from django.utils import timezone

from alongside.accounts.choices import Role
from alongside.accounts.models import Program, User
from alongside.accounts.selectors import caseload_of

from .models import Conversation, Message
from .services import end_conversation, send_message, start_conversation

# (who speaks: "m" member or "s" supporter, what they say), oldest first.
_FIRST_WEEKS = [
    ("s", "Hi Robin, I'm Jordan. Thank you for choosing me. How are you feeling today?"),
    ("m", "Hi. Honestly a bit nervous. I have never done anything like this before."),
    (
        "s",
        "That makes sense. I felt the same the first time I reached out. There is no right way to "
        "do this. We can go at your pace.",
    ),
    ("m", "The evenings are the hardest. Since my grandmother died the house feels very quiet."),
    ("s", "I'm sorry. Evenings were hard for me after a loss too. What has helped, even a little?"),
    (
        "m",
        "Walking the dog helps. And cooking her soup recipe, though that makes me cry sometimes.",
    ),
    (
        "s",
        "Crying while making her soup sounds like a way of keeping her close. Would you like to "
        "plan one small thing for tomorrow evening?",
    ),
    ("m", "Maybe I could call my cousin after the walk."),
    ("s", "I like that plan. I'm here tomorrow afternoon if you want to tell me how it went."),
]
_CASELOAD = [
    ("m", "Hello, I got your message. This week has been busy but okay."),
    ("s", "Good to hear from you. What made it okay?"),
    ("m", "I went to the group on Tuesday. It felt good to be around people who get it."),
]
_EARLIER = [
    ("m", "Thank you for the last months. I think I am ready to try on my own for a while."),
    ("s", "I'm proud of the steps you have taken. Go gently."),
]
_CLOSING = (
    "It has been a gift to walk alongside you. You can ask for a peer supporter again at any "
    "time. Take good care of yourself."
)


def _talk(
    conversation: Conversation,
    member: User,
    supporter: User,
    lines: list[tuple[str, str]],
    *,
    days_ago: float,
) -> None:
    start = timezone.now() - timedelta(days=days_ago)
    for n, (who, text) in enumerate(lines):
        message = send_message(
            conversation=conversation,
            sender=member if who == "m" else supporter,
            client_id=uuid4(),
            body=text,
        )
        at = start + timedelta(hours=n * 5)
        Message.objects.filter(pk=message.pk).update(created_at=at)
        Conversation.objects.filter(pk=conversation.pk).update(last_message_at=at)


@transaction.atomic
def load(program: Program) -> None:
    """A few conversations for the demo logins: Robin (demo-member) with Jordan (demo-supporter), one
    ended earlier, and Jordan with two people from their caseload."""
    member = User.objects.get(username="demo-member")
    supporter = User.objects.get(username="demo-supporter")
    others = list(
        User.objects.filter(memberships__program=program, memberships__role=Role.SUPPORTER)
        .exclude(pk=supporter.pk)
        .order_by("pk")[:1]
    )
    if others:
        earlier = start_conversation(member=member, supporter=others[0])
        _talk(earlier, member, others[0], _EARLIER, days_ago=60)
        end_conversation(supporter=others[0], conversation=earlier, closing_note=_CLOSING)
    _talk(
        start_conversation(member=member, supporter=supporter),
        member,
        supporter,
        _FIRST_WEEKS,
        days_ago=3,
    )
    for link in caseload_of(supporter).exclude(member=member)[:2]:
        conversation = start_conversation(member=link.member, supporter=supporter)
        _talk(conversation, link.member, supporter, _CASELOAD, days_ago=1)
