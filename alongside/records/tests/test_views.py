from datetime import timedelta

import pytest
from django.urls import reverse

from alongside.accounts.choices import Role
from alongside.accounts.tests.factories import person
from alongside.records.models import Note, NoteState

from .factories import START, WORDS, draft, encounter, require_cosign, signed

pytestmark = pytest.mark.django_db


def _form(**overrides):
    return {
        "goal_choice": "own",
        "goal_own": WORDS["goal"],
        "did": WORDS["did"],
        "response": WORDS["response"],
        "next_steps": WORDS["next_steps"],
        "place_of_service": "10",
        "place": "",
    } | overrides


def test_the_supporter_opens_a_prefilled_note_from_the_queue_and_signs_it(world, client_for):
    client = client_for("supporter")
    found = encounter(world.program, world["supporter"], [world["member"]], minutes=47)
    queue = client.get(reverse("records:queue"))
    assert world["member"].display_name in queue.content.decode()
    started = client.post(reverse("records:note-start", args=[found.pk, world["member"].pk]))
    note = Note.objects.get()
    assert started["Location"] == reverse("records:note-write", args=[note.pk])
    page = client.get(started["Location"]).content.decode()
    assert "47 minutes" in page and 'value="10" selected' in page
    signed_page = client.post(
        reverse("records:note-write", args=[note.pk]), _form(action="sign"), follow=True
    )
    note.refresh_from_db()
    assert note.state == NoteState.FINAL
    assert WORDS["did"] in signed_page.content.decode()


def test_signing_with_a_part_missing_keeps_what_was_typed_and_names_the_part(world, client_for):
    note = draft(world, response="")
    response = client_for("supporter").post(
        reverse("records:note-write", args=[note.pk]),
        _form(response="", did="We walked to the library.", action="sign"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Say how they responded." in page
    assert "We walked to the library." in page
    note.refresh_from_db()
    assert note.state == NoteState.DRAFT


def test_clinical_words_get_a_gentle_hint(world, client_for):
    note = draft(world, response="The patient refused to call the office.")
    page = client_for("supporter").get(reverse("records:note-write", args=[note.pk])).content
    text = page.decode()
    assert "A gentle word check." in text
    assert "“patient”" in text and "“refused”" in text


def test_the_goal_is_offered_from_the_persons_shared_goals(world, client_for):
    from alongside.accounts.choices import ConsentScope
    from alongside.accounts.services import grant_consent
    from alongside.care_plans.services import add_goal

    add_goal(member=world["member"], title="Walk every morning")
    grant_consent(member=world["member"], grantee=world["supporter"], scope=ConsentScope.PLANS)
    note = draft(world, goal="")
    client = client_for("supporter")
    page = client.get(reverse("records:note-write", args=[note.pk])).content.decode()
    assert "Walk every morning (Recovery goal)" in page
    client.post(
        reverse("records:note-write", args=[note.pk]), _form(goal_choice="0", action="save")
    )
    version = note.versions.get()
    assert version.goal == "Walk every morning" and version.goal_source.startswith("goal:")


def test_supervisor_returns_then_cosigns_and_the_day_page_shows_the_return(world, client_for):
    require_cosign(world.program)
    note = signed(world)
    supervisor = client_for("supervisor")
    supervisor.post(reverse("records:note-return", args=[note.pk]), {"comment": "Name the goal."})
    day = client_for("supporter").get(reverse("records:day")).content.decode()
    assert "Notes returned by your supervisor" in day and "Name the goal." in day
    supporter = client_for("supporter")
    supporter.post(reverse("records:note-write", args=[note.pk]), _form(action="sign"))
    supervisor.post(reverse("records:note-cosign", args=[note.pk]))
    note.refresh_from_db()
    assert note.state == NoteState.FINAL and note.cosigned_by == world["supervisor"]


def test_the_member_reads_their_note_and_adds_a_comment(world, client_for):
    note = signed(world)
    member = client_for("member")
    assert (
        reverse("records:note", args=[note.pk])
        in member.get(reverse("records:my-notes")).content.decode()
    )
    page = member.get(reverse("records:note", args=[note.pk])).content.decode()
    assert WORDS["response"] in page and "version 1" not in page
    member.post(reverse("records:note-comment", args=[note.pk]), {"body": "It was a good day."})
    assert (
        "It was a good day." in member.get(reverse("records:note", args=[note.pk])).content.decode()
    )


def test_an_addendum_after_signing_keeps_the_original(world, client_for):
    note = signed(world)
    client = client_for("supporter")
    client.post(reverse("records:note-addendum", args=[note.pk]), {"body": "Correction: Tuesday."})
    page = client.get(reverse("records:note", args=[note.pk])).content.decode()
    assert WORDS["did"] in page and "Correction: Tuesday." in page
    assert client.get(reverse("records:note-write", args=[note.pk]))["Location"] == reverse(
        "records:note", args=[note.pk]
    )


def test_the_settings_form_keeps_bad_input_and_names_the_field(world, client_for):
    response = client_for("admin").post(
        reverse("records:settings"), {"cosign_required": "on", "release_delay_days": "99"}
    )
    assert response.status_code == 200
    assert b'name="release_delay_days" value="99"' in response.content
    assert b"release_delay_days_error" in response.content


def _queue_of(world, count):
    members = [person(world.program, Role.MEMBER) for _ in range(count)]
    for n, member in enumerate(members):
        found = encounter(
            world.program, world["supporter"], [member], start=START + timedelta(hours=n)
        )
        if n % 3 == 0:
            from alongside.records.services import start_note

            start_note(encounter=found, member=member, author=world["supporter"])


QUEUE_QUERIES = 12  # session, user, standing, device; chats 2, meetings 1; four lists, a count


@pytest.mark.parametrize("count", [2, 55])
def test_the_notes_queue_keeps_a_fixed_number_of_queries(
    world, client_for, django_assert_num_queries, count
):
    _queue_of(world, count)
    client = client_for("supporter")
    client.get(reverse("records:queue"))  # a first visit may record encounters
    with django_assert_num_queries(QUEUE_QUERIES):
        response = client.get(reverse("records:queue"))
    page = response.content.decode()
    assert page.count("records/notes/start/") == min(count, 50)  # the oldest 50 show
    assert ("5 more notes are waiting" in page) == (count == 55)


@pytest.mark.parametrize("count", [2, 12])
def test_the_day_page_keeps_a_fixed_number_of_queries(
    world, client_for, django_assert_num_queries, count
):
    _queue_of(world, count)
    client = client_for("supporter")
    client.get(reverse("records:day"))
    with django_assert_num_queries(DAY_QUERIES):
        client.get(reverse("records:day"))


DAY_QUERIES = 10
