from datetime import UTC, datetime, timedelta

import pytest
from django.test import RequestFactory

from alongside.records import day
from alongside.records.models import Modality, Source
from alongside.records.services import record_encounter


def test_sections_come_in_order_and_registering_again_replaces(monkeypatch):
    monkeypatch.setattr(day, "_sections", {})
    late = day.Section("Late", "x/_late.html", lambda request: {}, order=90)
    early = day.Section("Early", "x/_early.html", lambda request: {}, order=5)
    day.register(late)
    day.register(early)
    day.register(day.Section("Early again", "x/_early.html", lambda request: {}, order=5))
    assert [s.title for s in day.sections()] == ["Early again", "Late"]


def test_records_registers_its_own_sections():
    templates = {s.template_name for s in day.sections()}
    assert {
        "records/_to_write.html",
        "records/_returned.html",
        "records/_day_escalations.html",
    } <= templates


@pytest.mark.django_db
def test_notes_left_to_write_lists_the_supporters_encounters_oldest_first(world):
    start = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)
    for n, hours in enumerate((5, 1, 3)):
        record_encounter(
            program=world.program,
            supporter=world["supporter"],
            members=[world["member"]],
            modality=Modality.PHONE,
            started_at=start - timedelta(hours=hours),
            ended_at=start - timedelta(hours=hours) + timedelta(minutes=20),
            source=Source.CALL,
            source_id=n,
        )
    request = RequestFactory().get("/")
    request.user = world["supporter"]
    section = next(s for s in day.sections() if s.template_name == "records/_to_write.html")
    shown = section.context(request)["rows"]
    assert [row.encounter.source_id for row in shown] == ["0", "2", "1"]
    request.user = world["clinician"]
    assert section.context(request)["rows"] == []
