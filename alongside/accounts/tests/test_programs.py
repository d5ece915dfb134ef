"""The program a request is about is explicit: chosen, remembered in the session, switchable for people in
several programs; every page, the API and sign-up answer for it (issue 16, item 5)."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from alongside.accounts.choices import Role
from alongside.accounts.models import Membership, User
from alongside.accounts.selectors import (
    PROGRAM_SESSION_KEY,
    pin_from_session,
    standing,
    standing_in,
)
from alongside.accounts.services import issue_api_token, link_care_team
from alongside.accounts.tests.factories import PASSWORD, ProgramFactory, person
from alongside.forums.models import Board
from alongside.forums.services import ensure_boards
from conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def both(world):
    """River: a member in program A (Harbor Peers, the first by id) with a supporter there, and a peer
    supporter in program B (Elsewhere Peers) with someone on their caseload there."""
    river = person(world.program, Role.MEMBER, username="river", display_name="River Both")
    Membership.objects.create(user=river, program=world.foreign_program, role=Role.SUPPORTER)
    link_care_team(
        program=world.program, member=river, staff=world["supporter"], role=Role.SUPPORTER
    )
    world["supporter"].display_name = "Alder Harbor"
    world["supporter"].save()
    birch = person(world.foreign_program, Role.MEMBER, display_name="Birch Elsewhere")
    link_care_team(program=world.foreign_program, member=birch, staff=river, role=Role.SUPPORTER)
    ensure_boards(world.program)
    ensure_boards(world.foreign_program)
    return river, birch


def _choose(client: Client, program_id: int):
    return client.post(reverse("accounts:choose-program"), {"program": program_id})


def test_without_a_choice_the_first_program_stands(world, both):
    river, birch = both
    page = sign_in(Client(), river).get(reverse("accounts:home")).content.decode()
    assert "Alder Harbor" in page  # A: their supporter, as a member
    assert "Birch Elsewhere" not in page
    assert "People you support" not in page


def test_after_switching_the_pages_answer_for_program_b_and_not_a(world, both):
    river, birch = both
    client = sign_in(Client(), river)
    response = _choose(client, world.foreign_program.pk)
    assert response.status_code == 302
    assert response.url == reverse("accounts:home")

    page = client.get(reverse("accounts:home")).content.decode()
    assert "People you support" in page  # B: a supporter there
    assert "Birch Elsewhere" in page
    assert "Alder Harbor" not in page  # A's care team is not B's business
    assert "Your peer supporter and care team" not in page

    # A person of B is there; a person of A only is not (never across programs).
    assert client.get(reverse("accounts:person", args=[birch.pk])).status_code == 200
    assert client.get(reverse("accounts:person", args=[world["supporter"].pk])).status_code == 404

    # Another app's object-scoped selector: B's forum boards open, A's do not.
    board_a = Board.objects.filter(program=world.program).first()
    board_b = Board.objects.filter(program=world.foreign_program).first()
    assert client.get(reverse("forums:board", args=[board_b.pk])).status_code == 200
    assert client.get(reverse("forums:board", args=[board_a.pk])).status_code == 404

    # And back again.
    _choose(client, world.program.pk)
    page = client.get(reverse("accounts:home")).content.decode()
    assert "Alder Harbor" in page
    assert "Birch Elsewhere" not in page
    assert client.get(reverse("forums:board", args=[board_a.pk])).status_code == 200


def test_the_choice_survives_a_new_request_and_a_new_client_on_the_same_session(world, both):
    river, _birch = both
    client = sign_in(Client(), river)
    _choose(client, world.foreign_program.pk)
    assert client.session[PROGRAM_SESSION_KEY] == world.foreign_program.pk

    again = Client()
    again.cookies = client.cookies  # the same browser, a fresh request with nothing cached
    response = again.get(reverse("accounts:home"))
    assert response.context["program"] == world.foreign_program
    assert "Birch Elsewhere" in response.content.decode()


def test_choosing_a_program_they_are_not_in_is_refused_and_changes_nothing(world, both):
    river, _birch = both
    client = sign_in(Client(), river)
    _choose(client, world.foreign_program.pk)
    third = ProgramFactory(name="Third Peers", slug="third")
    for chosen in (third.pk, "not-a-number", ""):
        assert _choose(client, chosen).status_code == 404
    assert client.session[PROGRAM_SESSION_KEY] == world.foreign_program.pk
    assert "Birch Elsewhere" in client.get(reverse("accounts:home")).content.decode()


def test_someone_in_one_program_cannot_choose_another(world):
    client = sign_in(Client(), world["member"])
    assert _choose(client, world.foreign_program.pk).status_code == 404
    assert PROGRAM_SESSION_KEY not in client.session
    assert client.get(reverse("accounts:home")).context["program"] == world.program


def test_a_remembered_program_they_have_left_falls_back_to_their_first(world, both):
    river, _birch = both
    client = sign_in(Client(), river)
    _choose(client, world.foreign_program.pk)
    Membership.objects.filter(user=river, program=world.foreign_program).delete()
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 200
    assert response.context["program"] == world.program


def test_a_staff_role_in_any_program_needs_the_two_step_code_whichever_program_is_chosen(world):
    """The code is the account's: a clinician in B who reads as a member of A still gives it (else
    choosing A would skip it, and their seats in B's conversations stay open to them from A)."""
    river = person(world.program, Role.MEMBER, username="river")
    Membership.objects.create(user=river, program=world.foreign_program, role=Role.CLINICIAN)
    client = Client()
    client.force_login(river, backend="django.contrib.auth.backends.ModelBackend")
    for chosen in (world.program.pk, world.foreign_program.pk):
        session = client.session
        session[PROGRAM_SESSION_KEY] = chosen
        session.save()
        response = client.get(reverse("accounts:home"))
        assert response.status_code == 302, chosen
        assert response.url.startswith(reverse("accounts:two-factor-setup"))
    just_a_member = person(world.program, Role.MEMBER)
    assert sign_in(Client(), just_a_member).get(reverse("accounts:home")).status_code == 200


# --- the switch ----------------------------------------------------------------------------------------


def test_the_switch_is_a_labelled_form_shown_only_to_people_in_several_programs(world, both):
    river, _birch = both
    page = sign_in(Client(), river).get(reverse("accounts:home")).content.decode()
    assert f'action="{reverse("accounts:choose-program")}"' in page
    assert '<label for="program-choice">Program</label>' in page
    assert '<select id="program-choice" name="program">' in page  # a native select: keyboard usable
    assert f'<option value="{world.program.pk}" selected>Harbor Peers</option>' in page
    assert f'<option value="{world.foreign_program.pk}">Elsewhere Peers</option>' in page
    assert '<button type="submit" class="secondary">Switch program</button>' in page
    assert 'name="csrfmiddlewaretoken"' in page

    single = sign_in(Client(), world["member"]).get(reverse("accounts:home")).content.decode()
    assert "program-choice" not in single


def test_the_switch_and_its_message_in_spanish(world, both):
    river, _birch = both
    client = sign_in(Client(), river)
    client.cookies["django_language"] = "es"
    page = client.get(reverse("accounts:home")).content.decode()
    assert '<label for="program-choice">Programa</label>' in page
    assert "Cambiar de programa" in page
    response = client.post(
        reverse("accounts:choose-program"), {"program": world.foreign_program.pk}, follow=True
    )
    assert "Ahora estás en Elsewhere Peers." in response.content.decode()


def test_the_switch_needs_the_csrf_token(world, both):
    river, _birch = both
    client = Client(enforce_csrf_checks=True)
    sign_in(client, river)
    assert _choose(client, world.foreign_program.pk).status_code == 403
    assert PROGRAM_SESSION_KEY not in client.session


# --- the API ---------------------------------------------------------------------------------------------


def _token(user: User) -> str:
    return issue_api_token(user=user)


def test_an_api_request_names_its_program_by_header_or_query(world, both):
    river, _birch = both
    auth = {"Authorization": f"Bearer {_token(river)}"}
    client = Client()
    me = client.get("/api/me", headers=auth).json()
    assert (me["program"], me["roles"]) == ("harbor", ["member"])  # none named: the first
    me = client.get("/api/me", headers={**auth, "X-Alongside-Program": "elsewhere"}).json()
    assert (me["program"], me["roles"]) == ("elsewhere", ["supporter"])
    me = client.get(f"/api/me?program={world.foreign_program.pk}", headers=auth).json()
    assert (me["program"], me["roles"]) == ("elsewhere", ["supporter"])


def test_an_api_request_naming_a_program_they_are_not_in_answers_404(world, both):
    river, _birch = both
    ProgramFactory(slug="third")
    auth = {"Authorization": f"Bearer {_token(river)}"}
    assert (
        Client().get("/api/me", headers={**auth, "X-Alongside-Program": "third"}).status_code == 404
    )
    assert Client().get("/api/me?program=nowhere", headers=auth).status_code == 404


def test_a_token_for_someone_with_a_staff_role_in_any_program_needs_the_two_step_code(world):
    river = person(world.program, Role.MEMBER, username="river")
    Membership.objects.create(user=river, program=world.foreign_program, role=Role.CLINICIAN)
    response = Client().post(
        "/api/auth/token",
        {"username": "river", "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 403  # staff in B: set up two-step sign-in first


# --- sign-up ---------------------------------------------------------------------------------------------


def _sign_up(query: str = "", username: str = "new-peer", client: Client | None = None, **more):
    return (client or Client()).post(
        reverse("accounts:sign-up") + query,
        {
            "username": username,
            "display_name": "New Peer",
            "password": "a-Long-new-passphrase-77",
            "password_again": "a-Long-new-passphrase-77",
            "email": "",
            **more,
        },
    )


def _spanish() -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    return client


def test_sign_up_joins_the_program_whose_link_was_followed(world):
    page = Client().get(reverse("accounts:sign-up") + "?program=elsewhere").content.decode()
    assert 'action="/account/sign-up/?program=elsewhere"' in page
    assert _sign_up("?program=elsewhere").status_code == 302
    joined = User.objects.get(username="new-peer")
    assert [m.program for m in joined.memberships.all()] == [world.foreign_program]


def test_with_several_programs_sign_up_asks_which_to_join_and_joins_the_one_chosen(world):
    """Before, sign-up without a link joined the first program by id (Harbor Peers) whatever the person
    wanted."""
    page = Client().get(reverse("accounts:sign-up")).content.decode()
    assert "<legend>Which program would you like to join?</legend>" in page
    for program in (world.program, world.foreign_program):
        assert f'type="radio" name="program" value="{program.pk}"' in page
        assert f"{program.name}</label>" in page
    assert "checked" not in page  # nothing is chosen for them
    assert _sign_up(program=world.foreign_program.pk).status_code == 302
    joined = User.objects.get(username="new-peer")
    assert [m.program for m in joined.memberships.all()] == [world.foreign_program]


def test_the_sign_up_page_shell_shows_the_first_programs_crisis_line_until_one_is_chosen(world):
    """The choices are listed by name, but the crisis line and quick exit stay the first program's."""
    world.foreign_program.crisis_call = "555-0199"  # Elsewhere Peers comes first by name
    world.foreign_program.save()
    page = Client().get(reverse("accounts:sign-up")).content.decode()
    assert 'href="tel:988"' in page and "555-0199" not in page


def test_with_several_programs_sign_up_without_a_choice_is_refused_and_keeps_what_was_typed(world):
    response = _sign_up(email="new-peer@example.org")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Please choose the program you would like to join." in page
    assert 'aria-describedby="id_program_helptext id_program_error"' in page
    assert 'value="new-peer"' in page and 'value="new-peer@example.org"' in page
    response = _sign_up(program=987654)
    assert "Please choose one of the programs listed." in response.content.decode()
    assert not User.objects.filter(username="new-peer").exists()
    # A choice made stays chosen when something else needs fixing.
    page = _sign_up(
        program=world.foreign_program.pk, password_again="not-the-same"
    ).content.decode()
    assert re.search(rf'value="{world.foreign_program.pk}"[^>]*checked', page)
    assert not User.objects.filter(username="new-peer").exists()


def test_the_choice_and_its_messages_in_spanish(world):
    page = _spanish().get(reverse("accounts:sign-up")).content.decode()
    assert "¿A qué programa te gustaría unirte?" in page
    assert "Cada programa lo lleva su propia organización" in page
    page = _sign_up(client=_spanish()).content.decode()
    assert "Elige el programa al que te gustaría unirte." in page
    page = _sign_up(client=_spanish(), program=987654).content.decode()
    assert "Elige uno de los programas de la lista." in page


def test_with_one_program_sign_up_asks_nothing_and_joins_it():
    only = ProgramFactory(name="Only Peers", slug="only")
    assert 'name="program"' not in Client().get(reverse("accounts:sign-up")).content.decode()
    assert _sign_up().status_code == 302
    joined = User.objects.get(username="new-peer")
    assert [m.program for m in joined.memberships.all()] == [only]


def test_a_sign_up_link_naming_a_program_asks_nothing_and_ignores_a_posted_choice(world):
    page = Client().get(reverse("accounts:sign-up") + "?program=elsewhere").content.decode()
    assert 'name="program"' not in page
    assert _sign_up("?program=elsewhere", program=world.program.pk).status_code == 302
    joined = User.objects.get(username="new-peer")
    assert [m.program for m in joined.memberships.all()] == [world.foreign_program]


def test_a_sign_up_link_naming_no_program_answers_404_and_makes_nobody(world):
    assert Client().get(reverse("accounts:sign-up") + "?program=nowhere").status_code == 404
    assert _sign_up("?program=nowhere").status_code == 404
    assert not User.objects.filter(username="new-peer").exists()


def test_the_front_page_of_a_program_links_to_its_own_sign_up(world):
    page = Client().get("/?program=elsewhere").content.decode()
    assert "Elsewhere Peers" in page
    assert 'href="/account/sign-up/?program=elsewhere"' in page


def test_a_person_in_two_programs_costs_the_home_page_no_extra_query(
    world, both, django_assert_num_queries
):
    """The pins of test_queries (member home 8, supporter home 10) hold in either chosen program."""
    river, _birch = both
    client = sign_in(Client(), river)
    with django_assert_num_queries(8):
        assert client.get(reverse("accounts:home")).status_code == 200
    _choose(client, world.foreign_program.pk)
    with django_assert_num_queries(10):
        assert client.get(reverse("accounts:home")).status_code == 200


# --- the selectors other layers call ---------------------------------------------------------------------


def test_a_consumer_pins_the_program_its_session_remembers(world, both):
    """What a WebSocket consumer does with `scope["session"]` when a connection opens."""
    from importlib import import_module

    from django.conf import settings

    river, _birch = both
    client = sign_in(Client(), river)
    _choose(client, world.foreign_program.pk)
    session = import_module(settings.SESSION_ENGINE).SessionStore(client.session.session_key)
    fresh = User.objects.get(pk=river.pk)  # as the consumer's lookup of the person gives it
    found = pin_from_session(fresh, session)
    assert (found.program, found.roles) == (world.foreign_program, frozenset({Role.SUPPORTER}))
    assert standing(fresh) == found  # every later standing() on the connection's person agrees
    assert pin_from_session(User.objects.get(pk=river.pk), None).program == world.program


def test_standing_in_asks_about_another_person_in_the_viewers_program(world, both):
    river, _birch = both
    other = User.objects.get(pk=river.pk)
    assert standing_in(other, world.foreign_program).roles == frozenset({Role.SUPPORTER})
    assert standing_in(other, world.program).roles == frozenset({Role.MEMBER})
    assert standing_in(world["member"], world.foreign_program).program is None
    assert standing(other).program == world.program  # their own standing is left alone


def test_an_api_request_carries_its_program_as_a_page_request_does(world, both, rf):
    from alongside.api import BearerToken

    river, _birch = both
    request = rf.get("/api/me", HTTP_X_ALONGSIDE_PROGRAM="elsewhere")
    assert BearerToken().authenticate(request, _token(river)) == river
    assert request.program == world.foreign_program


# --- another person's roles, in the viewer's program -----------------------------------------------------


def test_a_persons_page_shows_their_roles_in_the_viewers_program(world, both):
    """Before, River's roles in their first program (member, in A) showed to B's administrator."""
    river, _birch = both
    admin_b = person(world.foreign_program, Role.ADMIN)
    page = sign_in(Client(), admin_b).get(reverse("accounts:person", args=[river.pk]))
    text = page.content.decode()
    assert '<p class="muted">Peer supporter</p>' in text
    assert re.search(r'value="supporter"[^>]*checked', text)
    assert not re.search(r'value="member"[^>]*checked', text)


def test_an_administrator_sets_the_roles_of_someone_whose_first_program_is_another(world, both):
    """Before, B's administrator was refused for River, whose first program is A."""
    river, _birch = both
    admin_b = person(world.foreign_program, Role.ADMIN)
    client = sign_in(Client(), admin_b)
    url = reverse("accounts:person-roles", args=[river.pk])
    assert client.post(url, {"roles": ["supporter", "supervisor"]}).status_code == 302
    held = set(Membership.objects.filter(user=river).values_list("program__slug", "role"))
    assert held == {("harbor", "member"), ("elsewhere", "supporter"), ("elsewhere", "supervisor")}
