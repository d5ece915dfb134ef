from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from alongside.records.models import Encounter, Modality, Source
from alongside.records.services import record_encounter

pytestmark = pytest.mark.django_db

START = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)


def record(world, **overrides):
    values = {
        "program": world.program,
        "supporter": world["supporter"],
        "members": [world["member"]],
        "modality": Modality.VIDEO,
        "started_at": START,
        "ended_at": START + timedelta(minutes=47),
        "source": Source.SESSION,
        "source_id": 12,
        "place_of_service": "10",
    }
    return record_encounter(**(values | overrides))


def test_an_encounter_keeps_its_real_times_participants_and_minutes(world):
    encounter = record(world)
    assert encounter.minutes == 47
    assert list(encounter.participants.all()) == [world["member"]]
    assert encounter.source_id == "12"
    assert encounter.get_place_of_service_display().endswith("(10)")


def test_recording_the_same_contact_again_updates_it_instead_of_adding_one(world):
    first = record(world)
    again = record(world, ended_at=START + timedelta(minutes=52), members=[world.other_member])
    assert again.pk == first.pk
    assert Encounter.objects.count() == 1
    again.refresh_from_db()
    assert again.minutes == 52
    assert list(again.participants.all()) == [world.other_member]


def test_another_supporter_in_the_same_session_has_an_encounter_of_their_own(world):
    record(world)
    record(world, supporter=world["supervisor"])
    assert Encounter.objects.count() == 2


def test_an_end_at_or_before_the_start_is_refused_naming_the_field(world):
    for ended_at in (START, START - timedelta(minutes=1)):
        with pytest.raises(ValidationError) as refused:
            record(world, ended_at=ended_at)
        assert "ended_at" in refused.value.message_dict
    assert not Encounter.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("modality", "telepathy"), ("source", "rumour"), ("place_of_service", "77")],
)
def test_unknown_choices_are_refused_naming_the_field(world, field, value):
    with pytest.raises(ValidationError) as refused:
        record(world, **{field: value})
    assert field in refused.value.message_dict


def test_measured_active_minutes_win_over_first_to_last(world):
    encounter = record(world, modality=Modality.CHAT, source=Source.CONVERSATION, active_minutes=9)
    assert encounter.minutes == 9


def test_minutes_by_supporter_sums_each_supporters_encounters_in_the_period(world):
    from alongside.records.selectors import minutes_by_supporter

    record(world)  # 47 minutes of video
    record(
        world, source=Source.CALL, source_id=3, ended_at=START + timedelta(minutes=20, seconds=59)
    )
    record(  # a chat day counts its measured active minutes, not first to last message
        world,
        source=Source.CONVERSATION,
        source_id=4,
        modality=Modality.CHAT,
        ended_at=START + timedelta(hours=8),
        active_minutes=15,
        place_of_service="",
    )
    record(
        world,
        source_id=99,
        started_at=START + timedelta(days=2),
        ended_at=START + timedelta(days=2, minutes=30),
    )
    found = minutes_by_supporter(world.program, START, START + timedelta(days=1))
    assert found == {world["supporter"].pk: 47 + 20 + 15}
    assert minutes_by_supporter(world.foreign_program, START, START + timedelta(days=1)) == {}
