"""The gates' checker: what each activity needs, in plain words, and the day a credential expires."""

import datetime

import pytest
from django.utils import translation

from alongside.accounts import gates
from alongside.accounts.choices import Role
from alongside.accounts.gates import Activity
from alongside.accounts.tests.factories import person
from alongside.training import selectors

from .factories import complete, course_of, credential_of, require

pytestmark = pytest.mark.django_db

DAY = datetime.date(2027, 3, 10)


def test_a_program_that_requires_nothing_lets_everyone(world):
    assert gates.allows(world["supporter"], world.program, Activity.ONE_TO_ONE, on=DAY)


def test_a_missing_course_is_named_and_finishing_it_opens_the_gate(world):
    supporter = world["supporter"]
    course = course_of(world.program)
    require(world.program, Activity.ONE_TO_ONE, course)
    assert gates.missing(supporter, world.program, Activity.ONE_TO_ONE, on=DAY) == [
        "Boundaries and ethics"
    ]
    assert gates.allows(supporter, world.program, Activity.GROUP_FACILITATION, on=DAY)
    complete(supporter, course)
    assert gates.allows(supporter, world.program, Activity.ONE_TO_ONE, on=DAY)


def test_finishing_the_spanish_translation_counts_and_the_reason_is_in_the_readers_language(world):
    supporter = world["supporter"]
    course = course_of(world.program)
    spanish = course_of(
        world.program, title="Límites y ética", language="es", translation_of=course
    )
    require(world.program, Activity.ONE_TO_ONE, course)
    with translation.override("es"):
        assert gates.missing(supporter, world.program, Activity.ONE_TO_ONE, on=DAY) == [
            "Límites y ética"
        ]
    complete(supporter, spanish)
    assert gates.allows(supporter, world.program, Activity.ONE_TO_ONE, on=DAY)


def test_an_expired_credential_closes_the_gate_on_the_day_it_expires(world):
    supporter = world["supporter"]
    require(world.program, Activity.ON_CALL)
    credential_of(supporter, world.program, expires_on=DAY)
    day_before = DAY - datetime.timedelta(days=1)
    assert gates.allows(supporter, world.program, Activity.ON_CALL, on=day_before)
    assert gates.missing(supporter, world.program, Activity.ON_CALL, on=DAY) == [
        "A current credential"
    ]


def test_a_suspended_or_not_yet_issued_credential_does_not_count(world):
    supporter = world["supporter"]
    require(world.program, Activity.SIGN_NOTES)
    credential_of(
        supporter, world.program, expires_on=DAY + datetime.timedelta(days=400), status="suspended"
    )
    credential_of(
        supporter,
        world.program,
        expires_on=DAY + datetime.timedelta(days=900),
        issued_on=DAY + datetime.timedelta(days=1),
    )
    assert not gates.allows(supporter, world.program, Activity.SIGN_NOTES, on=DAY)


def test_a_list_of_supporters_is_checked_in_a_fixed_number_of_queries(
    world, django_assert_num_queries
):
    course = course_of(world.program)
    require(world.program, Activity.ONE_TO_ONE, course)
    require(world.program, Activity.ONE_TO_ONE)
    few = [person(world.program, Role.SUPPORTER).pk for _ in range(3)]
    many = [person(world.program, Role.SUPPORTER).pk for _ in range(30)]
    complete(world["supporter"], course)
    # requirements, course titles, completions, current credentials
    with django_assert_num_queries(4):
        gates.missing_for(few, world.program, Activity.ONE_TO_ONE, on=DAY)
    with django_assert_num_queries(4):
        found = gates.missing_for(
            [*many, world["supporter"].pk], world.program, Activity.ONE_TO_ONE, on=DAY
        )
    assert found[world["supporter"].pk] == ["A current credential"]
    assert found[many[0]] == ["Boundaries and ethics", "A current credential"]


def test_the_sentence_says_exactly_what_to_finish(world):
    course = course_of(world.program)
    require(world.program, Activity.ONE_TO_ONE, course)
    needs = {n.activity: n for n in selectors.needs_of(world["supporter"], world.program, DAY)}
    assert needs[Activity.ONE_TO_ONE].sentence == (
        "To be offered for one-to-one support, finish: Boundaries and ethics"
    )
    assert needs[Activity.ON_CALL].missing == []
