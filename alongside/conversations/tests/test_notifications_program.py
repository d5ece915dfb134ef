"""In-app notifications answer for the program a request is about (issue 16, item 5): someone in two
programs sees, counts and marks read only the current program's; an email goes out whatever page they
are on."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from alongside.accounts.choices import Role
from alongside.accounts.models import Program, User
from alongside.accounts.tests.factories import person, person_in_both
from alongside.conversations import selectors, services
from alongside.conversations.models import Notification
from alongside.conversations.tests.factories import say
from alongside.notifications.testing import allow_email
from conftest import sign_in

pytestmark = pytest.mark.django_db


def fresh(user: User) -> User:
    """The person as another request reads them: nothing pinned on the object."""
    return User.objects.get(pk=user.pk)


@pytest.fixture
def rowan(world):
    """A member of program A (their first by id) and of program B."""
    return person_in_both(world, Role.MEMBER, username="rowan")


@pytest.fixture
def talks(world, rowan):
    """Rowan talks with Alder in A and with Birch in B; Alder wrote twice, Birch three times."""
    alder = person(world.program, Role.SUPPORTER, display_name="Alder Harbor")
    birch = person(world.foreign_program, Role.SUPPORTER, display_name="Birch Elsewhere")
    in_a = services.start_conversation(member=fresh(rowan), supporter=alder, program=world.program)
    in_b = services.start_conversation(
        member=fresh(rowan), supporter=birch, program=world.foreign_program
    )
    for _ in range(2):
        say(in_a, alder)
    for _ in range(3):
        say(in_b, birch)
    return in_a, in_b


def unread_in(conversation) -> int:
    return Notification.objects.unread().filter(conversation=conversation).count()


def list_page(client: Client) -> str:
    return client.get(reverse("conversations:list")).content.decode()


def notifications_page(client: Client) -> str:
    return client.get(reverse("conversations:notifications")).content.decode()


def test_the_selectors_answer_for_the_program_named(world, rowan, talks):
    in_a, in_b = talks
    assert [n.conversation_id for n in selectors.notifications_of(rowan, world.program)] == [
        in_a.pk
    ]
    assert [
        n.conversation_id for n in selectors.notifications_of(rowan, world.foreign_program)
    ] == [in_b.pk]
    assert selectors.unread_notification_count(rowan, world.program) == 1
    assert selectors.unread_notification_count(rowan, world.foreign_program) == 1
    assert not selectors.notifications_of(rowan, None).exists()
    assert selectors.unread_notification_count(rowan, None) == 0


def test_marking_all_read_in_one_program_leaves_the_others_unread(world, rowan, talks):
    in_a, in_b = talks
    assert services.mark_notifications_read(user=rowan, program=world.program) == 1
    assert (unread_in(in_a), unread_in(in_b)) == (0, 1)
    assert services.mark_notifications_read(user=rowan, program=None) == 0  # no program: nothing
    assert unread_in(in_b) == 1
    assert services.mark_notifications_read(user=rowan, program=world.foreign_program) == 1
    assert unread_in(in_b) == 0


def test_the_pages_show_and_mark_read_the_chosen_programs_notifications_only(world, rowan, talks):
    in_a, in_b = talks
    client = sign_in(Client(), rowan)

    # No program chosen: the first (A).
    page = notifications_page(client)
    assert "Alder Harbor wrote 2 messages to you." in page
    assert "Birch Elsewhere" not in page
    assert "Notifications (one new)" in list_page(client)

    client.post(reverse("conversations:notifications-read"))
    assert (unread_in(in_a), unread_in(in_b)) == (0, 1)  # B's stay unread
    assert "Notifications (one new)" not in list_page(client)

    # Switching to B: B's notification, still unread, and A's not at all.
    client.post(reverse("accounts:choose-program"), {"program": world.foreign_program.pk})
    page = notifications_page(client)
    assert "Birch Elsewhere wrote 3 messages to you." in page
    assert "Alder Harbor" not in page
    assert "Notifications (one new)" in list_page(client)

    client.post(reverse("conversations:notifications-read"))
    assert unread_in(in_b) == 0
    assert "Notifications (one new)" not in list_page(client)


def test_marking_all_read_in_b_leaves_as_unread_in_a(world, rowan, talks):
    in_a, in_b = talks
    client = sign_in(Client(), rowan)
    client.post(reverse("accounts:choose-program"), {"program": world.foreign_program.pk})
    client.post(reverse("conversations:notifications-read"))
    assert (unread_in(in_a), unread_in(in_b)) == (1, 0)


def test_a_refused_program_change_changes_nothing(world, rowan, talks):
    """Having chosen B, choosing a program the person is not in is refused (404) and B stays: the pages
    still answer for B, and marking all read marks B's only."""
    in_a, in_b = talks
    nowhere = Program.objects.create(name="Nowhere Peers", slug="nowhere")
    client = sign_in(Client(), rowan)
    client.post(reverse("accounts:choose-program"), {"program": world.foreign_program.pk})
    refused = client.post(reverse("accounts:choose-program"), {"program": nowhere.pk})
    assert refused.status_code == 404
    page = notifications_page(client)
    assert "Birch Elsewhere" in page and "Alder Harbor" not in page
    client.post(reverse("conversations:notifications-read"))
    assert (unread_in(in_a), unread_in(in_b)) == (1, 0)


def test_someone_in_one_program_sees_all_their_notifications_as_before(world, talks):
    """The world's member is in A only: every notification of theirs is in A's conversations."""
    member, supporter = world["member"], world["supporter"]
    talk = services.start_conversation(member=member, supporter=supporter)
    say(talk, supporter)
    client = sign_in(Client(), member)
    page = notifications_page(client)
    assert f"{supporter} wrote to you." in page
    assert "Notifications (one new)" in list_page(client)
    client.post(reverse("conversations:notifications-read"))
    assert not Notification.objects.unread().filter(recipient=member).exists()


def test_an_email_goes_out_for_each_programs_notification_whatever_page_is_open(
    world, rowan, django_capture_on_commit_callbacks
):
    """Email is not scoped by the request's program: Rowan, with A current, is emailed about B too."""
    alder = person(world.program, Role.SUPPORTER)
    birch = person(world.foreign_program, Role.SUPPORTER)
    in_a = services.start_conversation(member=fresh(rowan), supporter=alder, program=world.program)
    in_b = services.start_conversation(
        member=fresh(rowan), supporter=birch, program=world.foreign_program
    )
    allow_email(rowan, "rowan@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        say(in_a, alder)
        say(in_b, birch)
    assert [m.to for m in mail.outbox] == [["rowan@example.org"]] * 2
    assert not Notification.objects.filter(recipient=rowan, emailed_at__isnull=True).exists()
