"""Plans ask about the member in the reader's current program, and a plan's PDF names its own program's
crisis line, not the member's first program's (issue 16, item 5)."""

import io

import pytest
from django.http import Http404
from pypdf import PdfReader

from alongside.accounts.choices import Role
from alongside.accounts.models import User
from alongside.accounts.selectors import pin_standing
from alongside.accounts.tests.factories import person, person_in_both
from alongside.audit.models import AccessLog
from alongside.care_plans import pdf, selectors, services
from alongside.care_plans.tests.factories import WRAP_WORDS, share

pytestmark = pytest.mark.django_db


@pytest.fixture
def rowan(world):
    """A member of program A (their first by id) and of program B, acting in B."""
    someone = person_in_both(world, Role.MEMBER, username="rowan")
    pin_standing(someone, world.foreign_program.pk)
    return someone


@pytest.fixture
def reader(world):
    """A clinician of program B, acting in B."""
    clinician = person(world.foreign_program, Role.CLINICIAN)
    pin_standing(clinician, world.foreign_program.pk)
    return clinician


def test_a_reader_in_the_members_second_program_reads_what_was_shared(world, rowan, reader):
    """Before, the member's first program (A) stood and the reader of B was shown nothing."""
    services.save_plan_fields(member=rowan, kind="wrap", values=WRAP_WORDS)
    share(rowan, reader)
    view = selectors.access_plan(reader, rowan.pk, "wrap")
    assert view.plan.program == world.foreign_program and not view.crisis_only
    shared = selectors.shared_with_viewer(reader, rowan.pk)
    assert [plan.kind for plan in shared.plans] == ["wrap"]
    # The look at the list is logged in the program it happened in.
    listed = AccessLog.objects.get(purpose="Listed shared plans")
    assert listed.program_id == world.foreign_program.pk


def test_the_safety_plans_pdf_names_the_crisis_line_of_the_plans_program(world, rowan):
    world.foreign_program.crisis_line_name = "Elsewhere Warm Crisis Line"
    world.foreign_program.crisis_call = "555-0142"
    world.foreign_program.save()
    plan = services.save_plan_fields(
        member=rowan, kind="safety", values={"safety.coping": "A walk by the river."}
    )
    plan.member = User.objects.get(pk=rowan.pk)  # as a later request reads them: nothing pinned
    document = PdfReader(io.BytesIO(pdf.plan_pdf(plan)))
    text = " ".join("".join(page.extract_text() for page in document.pages).split())
    assert "555-0142" in text and "Elsewhere Warm Crisis Line" in text


def test_a_consent_given_in_one_program_shows_nothing_to_a_reader_reading_in_another(world, rowan):
    """A clinician of both programs, shared with in B, sees the plan when reading in B and nothing
    when reading in A (before: any consent of the member's, whatever program it was given in)."""
    both = person_in_both(world, Role.CLINICIAN, username="reader-ab")
    services.save_plan_fields(member=rowan, kind="wrap", values=WRAP_WORDS)
    share(rowan, both)  # rowan acts in B: the consent is B's

    pin_standing(both, world.foreign_program.pk)
    assert not selectors.access_plan(both, rowan.pk, "wrap").crisis_only

    reader_in_a = User.objects.get(pk=both.pk)
    pin_standing(reader_in_a, world.program.pk)
    with pytest.raises(Http404):
        selectors.access_plan(reader_in_a, rowan.pk, "wrap")
