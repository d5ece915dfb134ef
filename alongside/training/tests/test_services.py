"""Writing and taking courses, credentials and hours, the attestation, and the requirements."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from alongside.accounts import gates
from alongside.accounts.gates import Activity
from alongside.safety.models import Escalation
from alongside.training import selectors, services
from alongside.training.models import CEHours, Completion, Course, ModuleProgress, Requirement

from .factories import course_of

pytestmark = pytest.mark.django_db

DAY = datetime.date(2027, 3, 10)


def _answers(module, right=True):
    return {
        q.pk: q.correct if right else (q.correct + 1) % len(q.choices)
        for q in module.questions.all()
    }


def test_a_quiz_below_the_pass_mark_leaves_the_module_open_and_a_pass_completes_the_course(world):
    supporter = world["supporter"]
    course = course_of(world.program, ce_hours=Decimal("1.5"), ce_category="ethics")
    module = course.modules.get()
    first, second = module.questions.all()
    result = services.take_module(
        user=supporter, module=module, answers={first.pk: first.correct, second.pk: 0}
    )
    assert (result.score, result.passed, result.wrong) == (50, False, [second.pk])
    assert not Completion.objects.filter(user=supporter).exists()

    result = services.take_module(user=supporter, module=module, answers=_answers(module))
    assert (result.score, result.passed) == (100, True)
    progress = ModuleProgress.objects.get(user=supporter, module=module)
    assert progress.attempts == 2 and progress.done_at is not None
    assert Completion.objects.filter(user=supporter, course=course).exists()
    hours = CEHours.objects.get(user=supporter)
    assert (hours.category, hours.hours, hours.course) == ("ethics", Decimal("1.5"), course)
    # Passing again later earns nothing twice.
    services.take_module(user=supporter, module=module, answers=_answers(module))
    assert CEHours.objects.filter(user=supporter).count() == 1


def test_a_worrying_reflection_opens_an_escalation_and_is_shown_on_its_page(world, monkeypatch):
    from alongside.safety import Assessment, Level

    monkeypatch.setattr(
        "alongside.training.services.assess",
        lambda text: Assessment(level=Level.HIGH, reasons=("test",), model_version="t"),
    )
    module = course_of(world.program).modules.get()
    services.take_module(user=world["supporter"], module=module, reflection="words")
    escalation = Escalation.objects.get(person=world["supporter"])
    assert escalation.source_kind == services.REFLECTION_SOURCE
    # SQLite would store a longer kind; PostgreSQL refuses it.
    assert len(services.REFLECTION_SOURCE) <= Escalation._meta.get_field("source_kind").max_length
    trigger = selectors.reflection_trigger(escalation)
    assert trigger is not None and trigger.words == "words"


def test_members_and_other_programs_cannot_take_a_course(world):
    module = course_of(world.program).modules.get()
    for outsider in (world["member"], world.foreign_member):
        with pytest.raises(Http404):  # as if it did not exist
            services.take_module(user=outsider, module=module, answers={})


def test_editors_write_courses_with_markdown_sanitised_as_forum_posts(world):
    supervisor = world["supervisor"]
    course = services.save_course(
        by=supervisor, title="Self-care", summary="", competencies=["growth"], pass_mark=70
    )
    questions = services.parse_questions("Is rest part of the work?\n* Yes\n- No\n\nTwo?\n- a\n* b")
    module = services.save_module(
        by=supervisor,
        course=course,
        title="Rest",
        body="## Rest\n\n- sleep\n- [a video](https://video.example/rest)\n<script>x()</script>",
        reflection_prompt="What restores you?",
        questions=questions,
    )
    assert "<h3>Rest</h3>" in module.body_html and "<li>sleep</li>" in module.body_html
    assert 'href="https://video.example/rest"' in module.body_html
    assert "<script>" not in module.body_html
    assert [(q.text, q.correct) for q in module.questions.all()] == [
        ("Is rest part of the work?", 0),
        ("Two?", 1),
    ]
    assert services.questions_as_text(module).startswith("Is rest part of the work?\n* Yes\n- No")
    with pytest.raises(PermissionDenied):
        services.save_course(by=world["supporter"], title="Mine")


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("Only a question\n* yes", "questions"),
        ("Q?\n* a\n* b", "questions"),
        ("Q?\na\n* b", "questions"),
    ],
)
def test_a_quiz_written_wrongly_says_what_to_fix(text, field):
    with pytest.raises(ValidationError) as caught:
        services.parse_questions(text)
    assert field in caught.value.message_dict


def test_a_course_needs_a_title_and_a_sane_pass_mark(world):
    with pytest.raises(ValidationError) as caught:
        services.save_course(by=world["admin"], title=" ", pass_mark=120, competencies=["nope"])
    assert set(caught.value.message_dict) == {"title", "pass_mark", "competencies"}


def test_a_supporter_records_their_credential_and_bad_dates_name_the_field(world):
    supporter = world["supporter"]
    with pytest.raises(ValidationError) as caught:
        services.record_credential(
            by=supporter,
            supporter=supporter,
            kind="wizard",
            issuer="",
            issued_on=DAY,
            expires_on=DAY,
            ce_rule="ZZ",
        )
    assert set(caught.value.message_dict) == {"kind", "issuer", "expires_on", "ce_rule"}
    document = SimpleUploadedFile("card.pdf", b"%PDF-1.4 synthetic", content_type="application/pdf")
    credential = services.record_credential(
        by=supporter,
        supporter=supporter,
        kind="state_peer_specialist",
        issuer="PCB",
        number="CPS-1",
        issued_on=DAY,
        expires_on=DAY.replace(year=2029),
        ce_rule="PA",
        document=document,
    )
    assert credential.document.name.endswith(".pdf")
    with pytest.raises(ValidationError) as caught:
        services.record_credential(
            by=supporter,
            supporter=supporter,
            kind="recovery_coach",
            issuer="X",
            issued_on=DAY,
            expires_on=DAY.replace(year=2029),
            document=SimpleUploadedFile("run.exe", b"MZ"),
        )
    assert "document" in caught.value.message_dict


def test_only_staff_of_the_program_record_someone_elses_credential(world):
    fields = {
        "kind": "recovery_coach",
        "issuer": "X",
        "issued_on": DAY,
        "expires_on": DAY.replace(year=2029),
    }
    services.record_credential(by=world["supervisor"], supporter=world["supporter"], **fields)
    with pytest.raises(PermissionDenied):
        services.record_credential(by=world["member"], supporter=world["supporter"], **fields)


def test_hours_earned_elsewhere_count_in_the_credentials_period_against_its_rule(world):
    supporter = world["supporter"]
    credential = services.record_credential(
        by=supporter,
        supporter=supporter,
        kind="state_peer_specialist",
        issuer="TX HHSC",
        issued_on=datetime.date(2025, 1, 1),
        expires_on=datetime.date(2027, 1, 1),
        ce_rule="TX",
    )
    services.record_hours(
        by=supporter,
        supporter=supporter,
        category="peer",
        hours=Decimal(17),
        title="Conference",
        completed_on=datetime.date(2026, 5, 1),
    )
    services.record_hours(
        by=supporter,
        supporter=supporter,
        category="ethics",
        hours=Decimal(2),
        title="Ethics day",
        completed_on=datetime.date(2024, 5, 1),
    )  # before
    summary = selectors.hours_summary(credential)
    assert summary.total == Decimal(17)
    assert [(s.category, s.hours) for s in summary.missing] == [("ethics", 3), ("", 3)]
    with pytest.raises(ValidationError) as caught:
        services.record_hours(
            by=supporter,
            supporter=supporter,
            category="peer",
            hours=Decimal(0),
            title="",
            completed_on=datetime.date(2099, 1, 1),
        )
    assert set(caught.value.message_dict) == {"hours", "title", "completed_on"}


def test_the_ethics_attestation_holds_for_a_year(world):
    supporter = world["supporter"]
    Requirement.objects.create(program=world.program, activity="one_to_one", kind="attestation")
    services.attest_ethics(supporter=supporter, on=DAY)
    assert gates.allows(
        supporter,
        world.program,
        Activity.ONE_TO_ONE,
        on=DAY.replace(year=2028) - datetime.timedelta(days=1),
    )
    assert gates.missing(
        supporter, world.program, Activity.ONE_TO_ONE, on=DAY.replace(year=2028)
    ) == ["This year's code-of-ethics attestation"]


def test_an_administrator_sets_what_an_activity_requires(world):
    course = course_of(world.program)
    services.set_requirements(
        by=world["admin"],
        activity=Activity.UNDER_18,
        course_ids=[course.pk],
        credential=True,
        attestation=True,
    )
    assert set(gates.missing(world["supporter"], world.program, Activity.UNDER_18, on=DAY)) == {
        "Boundaries and ethics",
        "A current credential",
        "This year's code-of-ethics attestation",
    }
    services.set_requirements(by=world["admin"], activity=Activity.UNDER_18)
    assert gates.allows(world["supporter"], world.program, Activity.UNDER_18, on=DAY)
    foreign = course_of(world.foreign_program)
    with pytest.raises(ValidationError):
        services.set_requirements(
            by=world["admin"], activity=Activity.UNDER_18, course_ids=[foreign.pk]
        )
    with pytest.raises(PermissionDenied):
        services.set_requirements(by=world["supervisor"], activity=Activity.UNDER_18)


def test_the_starter_curriculum_installs_once_in_both_languages_with_default_requirements(world):
    courses = services.install_starter_curriculum(program=world.program)
    assert [c.title for c in courses] == [
        "Boundaries and ethics",
        "Sharing your story safely",
        "Crisis response and our protocol",
        "Trauma-informed and person-first language",
        "Documentation",
    ]
    assert Course.objects.filter(program=world.program, language="es").count() == 5
    for course in Course.objects.filter(program=world.program):
        assert course.modules.exists() and course.competencies
        for module in course.modules.all():
            assert module.body_html and module.reflection_prompt and module.questions.exists()
            # the right answer is not always in the same place
    places = {q.correct for c in courses for m in c.modules.all() for q in m.questions.all()}
    assert len(places) > 1
    assert gates.missing(world["supporter"], world.program, Activity.ONE_TO_ONE, on=DAY) == [
        "Boundaries and ethics",
        "Sharing your story safely",
        "Crisis response and our protocol",
        "Trauma-informed and person-first language",
    ]
    assert (
        services.install_starter_curriculum(program=world.program)
        and Course.objects.filter(program=world.program).count() == 10
    )
