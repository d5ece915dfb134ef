"""A caseload limit kept by another app lowers the places matching offers, in every path."""

import pytest
from django.db.models import Value

from alongside.accounts.tests.factories import ProgramFactory
from alongside.matching import caseload, selectors, services
from alongside.matching.models import SupporterProfile
from alongside.matching.tests.factories import EVENINGS, member, supporter

pytestmark = pytest.mark.django_db


@pytest.fixture
def limit_of_one():
    kept = list(caseload._limit)
    caseload.register(lambda: Value(1))
    yield
    caseload._limit[:] = kept


def test_a_limit_below_capacity_stops_offers_once_reached(limit_of_one):
    program = ProgramFactory(slug="limits")
    peer = supporter(program, "limited", capacity=3)
    first = services.submit_request(member=member(program), availability=EVENINGS[:2])
    assert [m.supporter for m in selectors.matches_for(first)] == [peer]
    services.assign_batch(program=program)  # the offer holds the one place
    second = services.submit_request(member=member(program), availability=EVENINGS[:2])
    assert selectors.matches_for(second) == []


def test_the_lower_of_capacity_and_limit_counts(limit_of_one):
    program = ProgramFactory(slug="limits2")
    supporter(program, "none", capacity=0)
    profiles = {p.user.username: p for p in selectors.supporter_profiles(program)}
    assert caseload.capacity_of(profiles["none"]) == 0
    profile = SupporterProfile(capacity=4)
    assert caseload.capacity_of(profile) == 4  # not annotated: its own capacity
    profile.caseload_limit = 2  # type: ignore[attr-defined]
    assert caseload.capacity_of(profile) == 2
