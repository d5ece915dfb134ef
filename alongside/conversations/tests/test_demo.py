import pytest

from alongside.accounts.models import User
from alongside.conversations.models import Conversation, Message, MessageKind
from alongside.demo import load

pytestmark = pytest.mark.django_db


def test_the_demo_has_conversations_to_open():
    load(members=20, supporters=4)
    member = User.objects.get(username="demo-member")
    supporter = User.objects.get(username="demo-supporter")
    robin = Conversation.objects.with_participant(member).order_by("pk")
    assert robin.count() == 2
    earlier, current = robin
    assert earlier.is_ended and earlier.messages.filter(kind=MessageKind.CLOSING).exists()
    assert not current.is_ended and current.participants.filter(user=supporter).exists()
    seqs = list(current.messages.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    assert Conversation.objects.with_participant(supporter).count() == 3
    assert Message.objects.filter(conversation__program__slug="demo").count() > 10
