"""Core pages run a fixed number of queries, whatever the size of the program (NetBox-style pins).

Change a number only in a commit that says why.
"""

import pytest
from django.urls import reverse

from alongside.accounts.choices import ConsentScope, Role
from alongside.accounts.services import grant_consent, link_care_team
from alongside.accounts.tests.factories import person
from alongside.audit.services import record_access

pytestmark = pytest.mark.django_db

PAGES = [
    # (role, url name, queries)
    ("member", "accounts:home", 6),
    ("member", "accounts:profile", 6),  # + the apps signed in to the account (API sign-ins)
    ("member", "accounts:consent", 9),  # and the research consent in force
    ("supporter", "accounts:home", 8),  # staff pages: + the safety alerts
    ("admin", "accounts:people", 11),  # supervisors, admins: + alerts, open count
    ("admin", "audit:log", 15),
]


def _grow(world, size):
    """Add `size` more people, links, consents and log lines to the program."""
    for _ in range(size):
        member = person(world.program, Role.MEMBER)
        link_care_team(
            program=world.program, member=member, staff=world["supporter"], role=Role.SUPPORTER
        )
        grant_consent(member=member, grantee=world["supporter"], scope=ConsentScope.CHECK_INS)
        grant_consent(member=world["member"], grantee=world["supporter"], scope=ConsentScope.NOTES)
        record_access(
            viewer=world["clinician"],
            record=member.profile,
            subject=member,
            purpose="Viewed profile",
            program_id=world.program.pk,
        )


@pytest.mark.parametrize(("role", "name", "queries"), PAGES, ids=[f"{r}-{n}" for r, n, _ in PAGES])
def test_core_page_query_count_does_not_grow_with_the_program(
    world, client_for, django_assert_num_queries, role, name, queries
):
    client = client_for(role)
    client.get(reverse(name))  # the first visit after signing in stores the session's timeout
    _grow(world, 3)
    with django_assert_num_queries(queries):
        assert client.get(reverse(name)).status_code == 200
    _grow(world, 20)
    with django_assert_num_queries(queries):
        assert client.get(reverse(name)).status_code == 200
