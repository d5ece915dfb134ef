"""Training's pages: wiring, what a supporter is told, forms that keep what was typed, and the
supervisors' lists in a fixed number of queries for 200 supporters."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from alongside.accounts.choices import Role
from alongside.accounts.gates import Activity
from alongside.accounts.models import Membership, User
from alongside.accounts.selectors import today_in
from alongside.audit.models import AccessLog
from alongside.training.models import Completion, Course, Credential, Requirement

from .factories import complete, course_of, credential_of, require

pytestmark = pytest.mark.django_db


def test_my_training_says_exactly_what_to_finish(world, client_for):
    course = course_of(world.program)
    require(world.program, Activity.ONE_TO_ONE, course)
    page = client_for("supporter").get(reverse("training:home")).content.decode()
    assert "To be offered for one-to-one support, finish: Boundaries and ethics." in page
    assert "Facilitating groups: ready." in page
    assert "0 of 1 modules finished." in page


def test_a_supporter_takes_a_module_a_wrong_answer_keeps_their_reflection(world, client_for):
    client = client_for("supporter")
    course = course_of(world.program)
    module = course.modules.get()
    first, second = module.questions.all()
    url = reverse("training:module", args=[module.pk])
    response = client.post(
        url, {"reflection": "Steady today.", f"q{first.pk}": "1", f"q{second.pk}": "0"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "You scored 50%; the pass mark is 80%." in page and "Steady today." in page
    response = client.post(url, {"reflection": "Steady today.", f"q{first.pk}": "1"})
    assert response.status_code == 400 and "Please choose an answer." in response.content.decode()
    response = client.post(
        url, {"reflection": "Steady today.", f"q{first.pk}": "1", f"q{second.pk}": "1"}
    )
    assert response.status_code == 302 and response.url == reverse(
        "training:course", args=[course.pk]
    )
    assert Completion.objects.filter(user=world["supporter"], course=course).exists()


def test_a_supporter_adds_a_credential_with_its_document_and_only_staff_can_open_it(
    world, client_for
):
    client = client_for("supporter")
    data = {
        "kind": "state_peer_specialist",
        "issuer": "PCB",
        "number": "CPS-9",
        "status": "active",
        "issued_on": "2026-01-01",
        "expires_on": "2025-01-01",
        "ce_rule": "PA",
    }
    response = client.post(reverse("training:credentials"), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "The expiry date comes after the issue date." in page and 'value="CPS-9"' in page
    data["expires_on"] = "2028-01-01"
    data["document"] = SimpleUploadedFile("card.pdf", b"%PDF-1.4 synthetic", "application/pdf")
    assert client.post(reverse("training:credentials"), data).status_code == 302
    credential = Credential.objects.get(user=world["supporter"])
    page = client.get(reverse("training:credentials")).content.decode()
    assert "Still to earn:" in page and "24" in page
    url = reverse("training:credential-document", args=[credential.pk])
    assert b"".join(client.get(url).streaming_content) == b"%PDF-1.4 synthetic"
    supervisor = client_for("supervisor")
    assert supervisor.get(url).status_code == 200
    assert AccessLog.objects.filter(actor=world["supervisor"], subject=world["supporter"]).exists()
    assert client_for("member").get(url).status_code == 404


def test_the_requirements_page_saves_each_activity(world, client_for):
    course = course_of(world.program)
    client = client_for("admin")
    assert (
        "Add the starter courses" not in client.get(reverse("training:settings")).content.decode()
    )
    response = client.post(
        reverse("training:settings"),
        {"one_to_one-courses": [course.pk], "on_call-credential": "on"},
    )
    assert response.status_code == 302
    assert set(
        Requirement.objects.filter(program=world.program).values_list("activity", "kind")
    ) == {("one_to_one", "course"), ("on_call", "credential")}


def test_an_administrator_adds_the_starter_courses(world, client_for):
    client = client_for("admin")
    assert "Add the starter courses" in client.get(reverse("training:settings")).content.decode()
    assert client.post(reverse("training:starter")).status_code == 302
    page = client_for("supporter").get(reverse("training:home")).content.decode()
    assert "Sharing your story safely" in page


def test_a_supervisor_writes_a_course_and_a_quiz_written_wrongly_keeps_the_text(world, client_for):
    client = client_for("supervisor")
    response = client.post(
        reverse("training:editor"),
        {
            "title": "Rest",
            "language": "en",
            "pass_mark": "80",
            "ce_hours": "0",
            "ce_category": "peer",
            "is_published": "on",
        },
    )
    course = Course.objects.get(title="Rest")
    assert response.url == reverse("training:course-edit", args=[course.pk])
    new_module = reverse("training:module-new", args=[course.pk])
    response = client.post(
        new_module,
        {"new-title": "Sleep", "new-body": "## Sleep", "new-questions": "Is rest work?\nyes"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Question 1 needs at least two choices" in page and "Is rest work?" in page
    response = client.post(
        new_module,
        {
            "new-title": "Sleep",
            "new-body": "## Sleep",
            "new-questions": "Is rest work?\n* yes\n- no",
        },
    )
    module = course.modules.get()
    assert response.url == reverse("training:module-edit", args=[module.pk])
    page = (
        client_for("supporter").get(reverse("training:module", args=[module.pk])).content.decode()
    )
    assert "<h3>Sleep</h3>" in page and "Is rest work?" in page


def _many_supporters(world, n, start):
    users = User.objects.bulk_create(
        User(username=f"peer-{i}", display_name=f"Peer {i:03}") for i in range(start, start + n)
    )
    Membership.objects.bulk_create(
        Membership(user=u, program=world.program, role=Role.SUPPORTER) for u in users
    )
    return users


@pytest.mark.parametrize(
    ("name", "queries"),
    # 10 for the session, the person, their standing and the page shell; then compliance's 7 (the
    # supporters, requirements, course titles, completions, current credentials for the gates and for
    # the soonest expiry, attestations) and expiring's 1 (the credentials with their people).
    [("training:compliance", 15), ("training:expiring", 9)],
)
def test_the_supervisors_lists_keep_a_fixed_number_of_queries_for_200_supporters(
    world, client_for, django_assert_num_queries, name, queries
):
    course = course_of(world.program)
    require(world.program, Activity.ONE_TO_ONE, course)
    require(world.program, Activity.ON_CALL)
    Requirement.objects.create(program=world.program, activity="under_18", kind="attestation")
    today = today_in(world.program)

    def grow(users):
        for index, user in enumerate(users):
            if index % 2:
                complete(user, course)
            credential_of(
                user, world.program, expires_on=today + datetime.timedelta(days=index % 90)
            )

    client = client_for("supervisor")
    grow(_many_supporters(world, 5, 0))
    client.get(reverse(name))
    with django_assert_num_queries(queries):
        client.get(reverse(name))
    grow(_many_supporters(world, 195, 5))
    with django_assert_num_queries(queries):
        page = client.get(reverse(name)).content.decode()
    assert "Peer 199" in page and "Peer 000" in page
