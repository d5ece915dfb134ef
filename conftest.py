"""Fixtures every app's tests share: a program with one person per role, and signed-in clients."""

pytest_plugins = ["alongside.common.testing.browser"]

from dataclasses import dataclass
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.test import Client
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from alongside.accounts.choices import Role
from alongside.accounts.models import Program, User
from alongside.accounts.services import link_care_team
from alongside.accounts.tests.factories import ProgramFactory, person
from alongside.common.testing import flush

flush.install()  # a transactional test ends by emptying only the tables it filled

ROLES = [Role.MEMBER, Role.SUPPORTER, Role.SUPERVISOR, Role.CLINICIAN, Role.ADMIN]


@pytest.fixture
def anyio_backend():
    """Async tests (`pytest.mark.anyio`) run on asyncio, as Channels and the server do."""
    return "asyncio"


@dataclass
class World:
    """One program with a person per role, a second member nobody works with, and a second program."""

    program: Program
    people: dict[str, User]
    other_member: User
    foreign_program: Program
    foreign_member: User

    def __getitem__(self, role: str) -> User:
        return self.people[role]


@pytest.fixture(autouse=True)
def _each_test_starts_in_the_default_language():
    """A page requested in Spanish leaves Spanish active in the thread (LocaleMiddleware activates, nothing
    deactivates), and a later test's lazy strings would come out in Spanish."""
    translation.deactivate()
    yield
    translation.deactivate()


def build_world() -> World:
    """Make the world in the database (the `world` fixture; the authorization matrix makes one per module)."""
    program = ProgramFactory(name="Harbor Peers", slug="harbor")
    people = {role.value: person(program, role, username=f"test-{role.value}") for role in ROLES}
    # The supporter and clinician work with the member; nobody works with `other_member`.
    link_care_team(
        program=program, member=people["member"], staff=people["supporter"], role=Role.SUPPORTER
    )
    link_care_team(
        program=program, member=people["member"], staff=people["clinician"], role=Role.CLINICIAN
    )
    foreign = ProgramFactory(name="Elsewhere Peers", slug="elsewhere")
    return World(
        program=program,
        people=people,
        other_member=person(program, Role.MEMBER, username="test-other"),
        foreign_program=foreign,
        foreign_member=person(foreign, Role.MEMBER, username="test-foreign"),
    )


def reload_world(world: World) -> World:
    """The same world read afresh from the database, so no test sees another's changes to the objects."""
    programs = Program.objects.in_bulk([world.program.pk, world.foreign_program.pk])
    users = User.objects.in_bulk(
        [u.pk for u in world.people.values()] + [world.other_member.pk, world.foreign_member.pk]
    )
    return World(
        program=programs[world.program.pk],
        people={role: users[u.pk] for role, u in world.people.items()},
        other_member=users[world.other_member.pk],
        foreign_program=programs[world.foreign_program.pk],
        foreign_member=users[world.foreign_member.pk],
    )


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def session_store(key: str | None = None) -> SessionBase:
    """The project's session store (`SESSION_ENGINE`), for the session with `key`."""
    store: SessionBase = import_module(settings.SESSION_ENGINE).SessionStore(key)
    return store


def session_for(user: User, **data: object) -> str:
    """A real session for `user`, as signing in leaves it, with `data` added: its key (the cookie's
    value a browser or a WebSocket would carry)."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    if data:
        stored = session_store(key)
        stored.update(data)
        stored.save()
    return key


def sign_in(client: Client, user: User) -> Client:
    """Sign `user` in on `client`, two-step verified when they have a device (as staff must)."""
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def client_for(world: World):
    """client_for("member") → a test client signed in as that role's person in `world`."""

    def make(role: str) -> Client:
        return sign_in(Client(), world[role])

    return make
