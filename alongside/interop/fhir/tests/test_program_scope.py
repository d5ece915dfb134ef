"""FHIR answers for the program the partner reads in, for a member who is in several programs (issue 16,
item 5): the care team of that program only, and the read logged in it."""

import pytest
from django.urls import reverse

from alongside.accounts.choices import ConsentScope, Role
from alongside.accounts.models import Program, User
from alongside.accounts.selectors import pin_standing
from alongside.accounts.services import grant_consent, link_care_team
from alongside.accounts.tests.factories import person, person_in_both
from alongside.audit.models import AccessLog

from .conftest import fhir_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def rowan(world):
    """A member of A (their first program) and of B, with a supporter in each, who shares their health
    record with a clinician of B."""
    member = person_in_both(world, Role.MEMBER, username="rowan")
    alder = person(world.program, Role.SUPPORTER, display_name="Alder Harbor")
    birch = person(world.foreign_program, Role.SUPPORTER, display_name="Birch Elsewhere")
    link_care_team(program=world.program, member=member, staff=alder, role=Role.SUPPORTER)
    link_care_team(program=world.foreign_program, member=member, staff=birch, role=Role.SUPPORTER)
    clinician = person(world.foreign_program, Role.CLINICIAN, username="reader-b")
    pin_standing(member, world.foreign_program.pk)  # they share from B
    grant_consent(member=member, grantee=clinician, scope=ConsentScope.HEALTH_RECORD)
    return User.objects.get(pk=member.pk), alder, clinician


def test_everything_shows_the_care_team_of_the_readers_program_and_logs_the_read_there(
    world, rowan
):
    member, alder, clinician = rowan
    client = fhir_client(clinician)
    response = client.get(reverse("fhir:everything", args=[member.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Birch Elsewhere" in text
    assert "Alder Harbor" not in text  # before: the team of every program
    logged = AccessLog.objects.filter(subject=member, actor=clinician)
    assert logged.exists()
    assert set(logged.values_list("program_id", flat=True)) == {world.foreign_program.pk}
    # before: the member's first program (A)


def test_a_practitioner_of_the_members_other_program_is_not_found(world, rowan):
    member, alder, clinician = rowan
    response = fhir_client(clinician).get(f"/fhir/R4/Practitioner/{alder.pk}")
    assert response.status_code == 404


def test_a_partner_in_two_programs_names_the_one_they_read_in(world, rowan):
    """A clinician of A (their first program) and of B reads what the member shared in B only when the
    request names B (`X-Alongside-Program`, as in the API); a program they are not in is refused."""
    member, _, _ = rowan
    both = person_in_both(world, Role.CLINICIAN, username="reader-ab")
    pin_standing(member, world.foreign_program.pk)
    grant_consent(member=member, grantee=both, scope=ConsentScope.HEALTH_RECORD)
    url = reverse("fhir:everything", args=[member.pk])
    client = fhir_client(both)

    assert client.get(url).status_code == 404  # in A, their first program, nothing was shared
    named = client.get(url, headers={"X-Alongside-Program": world.foreign_program.slug})
    assert named.status_code == 200
    assert named.json()["resourceType"] == "Bundle"
    logged = AccessLog.objects.filter(subject=member, actor=both)
    assert set(logged.values_list("program_id", flat=True)) == {world.foreign_program.pk}

    outsider = Program.objects.create(name="Elsewhere Again", slug="elsewhere-again")
    refused = client.get(url, headers={"X-Alongside-Program": outsider.slug})
    assert refused.status_code == 404
    assert refused.json()["resourceType"] == "OperationOutcome"
    assert refused.json()["issue"][0]["expression"] == ["X-Alongside-Program"]
