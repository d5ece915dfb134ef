import json

import pytest
from django.core.management import CommandError, call_command

from alongside.outcomes.models import ProgramInstrumentText, Reminder, Schedule
from alongside.outcomes.tests.test_services import AHS_TEXT

pytestmark = pytest.mark.django_db


def test_a_program_loads_its_own_text_for_a_scoring_only_questionnaire(world, tmp_path):
    path = tmp_path / "ahs.json"
    path.write_text(json.dumps(AHS_TEXT))
    call_command("load_instrument_text", world.program.slug, "ahs", str(path))
    assert ProgramInstrumentText.objects.get().content["title"] == "Future Scale"
    path.write_text(json.dumps({**AHS_TEXT, "items": AHS_TEXT["items"][:3]}))
    with pytest.raises(CommandError, match="12 items"):
        call_command("load_instrument_text", world.program.slug, "ahs", str(path))


def test_the_daily_sweep_reminds_each_member_once(world):
    Schedule.objects.create(program=world.program, instrument="who5", every_days=30)
    call_command("send_outcome_reminders")
    call_command("send_outcome_reminders")
    assert Reminder.objects.count() == 2  # the world's two members, once each
