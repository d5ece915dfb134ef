"""`connecting.open_live`, the connect in plain statements, answers exactly as the functions it stands
for: Django's `get_user` (the session's person), `pin_from_session` (the program chosen in the session),
`access_live` (the seat, its audit) and `selectors.missed_events` (the replay). Each case compares the
two on the same rows."""

from uuid import uuid4

import pytest
from django.http import Http404

from alongside.accounts.choices import Role
from alongside.accounts.selectors import PROGRAM_SESSION_KEY, pin_from_session, standing
from alongside.accounts.tests.factories import ProgramFactory, person
from alongside.audit.models import AccessLog
from alongside.common.websockets import person_of
from alongside.conversations import connecting, selectors, services
from alongside.conversations.tests.factories import conversation_with, people_of, say
from alongside.live.consumers import CLOSE_SIGNED_OUT, Refused
from conftest import session_for, session_store

pytestmark = pytest.mark.django_db


def _the_slow_way(key, conversation_id, after_seq=None, after_change=None):
    session = session_store(key)
    user = person_of(session)
    if not user.is_authenticated:
        raise Refused(CLOSE_SIGNED_OUT)
    pin_from_session(user, session)
    conversation = connecting.access_live(user, conversation_id)
    since = selectors.visible_since(conversation, selectors.seat_of(conversation, user))
    missed = (
        None
        if after_seq is None
        else selectors.missed_events(
            conversation_id, after_seq, after_change=after_change, since=since
        )
    )
    return user, conversation, missed


def _both_ways(key, conversation_id, after_seq=None, after_change=None):
    opened = connecting.open_live(
        session_store(key), conversation_id, after_seq=after_seq, after_change=after_change
    )
    user, conversation, missed = _the_slow_way(key, conversation_id, after_seq, after_change)
    assert opened.user == user
    assert standing(opened.user) == standing(user)
    assert opened.conversation == conversation
    assert opened.conversation.program == conversation.program
    assert opened.conversation.last_seq == conversation.last_seq
    assert [
        (p.pk, p.user, p.user.display_name, p.role, p.last_read_seq, p.created_at)
        for p in opened.conversation.participants.all()
    ] == [
        (p.pk, p.user, p.user.display_name, p.role, p.last_read_seq, p.created_at)
        for p in conversation.participants.all()
    ]
    assert opened.missed == missed
    return opened


def test_a_members_connect_reads_what_the_orm_reads():
    conversation = conversation_with()
    member, supporter = people_of(conversation)
    say(conversation, supporter, "First words.")
    say(conversation, member, "An answer.")
    key = session_for(member)
    opened = _both_ways(key, conversation.pk)
    assert opened.missed is None
    resumed = _both_ways(key, conversation.pk, after_seq=0)
    assert [event["body"] for event in resumed.missed] == ["First words.", "An answer."]
    assert [event["body"] for event in _both_ways(key, conversation.pk, after_seq=1).missed] == [
        "An answer."
    ]


def test_edits_since_a_change_come_before_the_missed_messages():
    conversation = conversation_with()
    member, supporter = people_of(conversation)
    first = say(conversation, supporter, "Words to take back.")
    say(conversation, supporter, "Later words.")
    services.delete_message(editor=supporter, message=first)
    opened = _both_ways(session_for(member), conversation.pk, after_seq=1, after_change=0)
    assert [(event["type"], event["seq"]) for event in opened.missed] == [
        ("update", 1),
        ("message", 2),
    ]


def test_a_room_replays_only_what_was_said_since_the_reader_came_in():
    conversation = conversation_with()
    member, supporter = people_of(conversation)
    room = services.open_room(
        program=conversation.program,
        title="Drop-in room",
        people=[(supporter, Role.SUPPORTER)],
    )
    say(room, supporter, "Before anyone came.")
    services.join_room(conversation=room, user=member, role=Role.MEMBER)
    say(room, supporter, "After they came.")
    opened = _both_ways(session_for(member), room.pk, after_seq=0)
    assert [event["body"] for event in opened.missed] == ["After they came."]


def test_the_program_chosen_in_the_session_is_the_one_answered_for():
    conversation = conversation_with()
    member, supporter = people_of(conversation)
    other = ProgramFactory()
    for role in (Role.SUPPORTER, Role.MEMBER):
        other.memberships.create(user=supporter, role=role)
    for chosen in (None, other.pk, other.slug, conversation.program.slug, "no-such-program"):
        data = {PROGRAM_SESSION_KEY: chosen} if chosen is not None else {}
        opened = _both_ways(session_for(supporter, **data), conversation.pk)
        expected = (
            other
            if chosen in (other.pk, other.slug)
            else min((conversation.program, other), key=lambda program: program.pk)
        )
        assert standing(opened.user).program == expected


def test_a_supporters_connect_is_audited_once_and_a_members_not():
    conversation = conversation_with()
    member, supporter = people_of(conversation)
    connecting.open_live(
        session_store(session_for(member)), conversation.pk, after_seq=None, after_change=None
    )
    assert not AccessLog.objects.filter(actor=member).exists()
    connecting.open_live(
        session_store(session_for(supporter)), conversation.pk, after_seq=None, after_change=None
    )
    read = AccessLog.objects.get(actor=supporter)
    assert (read.record_id, read.subject_id, read.purpose) == (
        str(conversation.pk),
        member.pk,
        "Opened a conversation",
    )


def _open(key, conversation_id):
    return connecting.open_live(session_store(key), conversation_id, after_seq=0, after_change=None)


def test_someone_not_in_the_conversation_or_no_conversation_gets_404():
    conversation = conversation_with()
    stranger = person(conversation.program, Role.SUPPORTER)
    key = session_for(stranger)
    for conversation_id in (conversation.pk, conversation.pk + 1000):
        with pytest.raises(Http404):
            _open(key, conversation_id)


@pytest.mark.parametrize("how", ["no session", "ended session", "inactive", "new password"])
def test_without_a_signed_in_person_the_connect_is_refused_as_signed_out(how):
    conversation = conversation_with()
    member, _ = people_of(conversation)
    key = session_for(member)
    if how == "no session":
        key = "no-such-session-" + uuid4().hex
    elif how == "ended session":
        session_store(key).delete()
    elif how == "inactive":
        member.is_active = False
        member.save(update_fields=["is_active"])
    else:
        member.set_password("another passphrase altogether")
        member.save(update_fields=["password"])
    with pytest.raises(Refused) as refused:
        _open(key, conversation.pk)
    assert refused.value.code == CLOSE_SIGNED_OUT
    with pytest.raises(Refused):
        _the_slow_way(key, conversation.pk)
