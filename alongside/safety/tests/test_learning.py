"""Learning from staff: labels are stored, `alongside safety retrain` builds a model from them, and the
new model is used only once an administrator confirms it (and only if it catches no fewer crises)."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from alongside.safety import assess
from alongside.safety.evaluation import Item
from alongside.safety.learning import NotBetter, activate_model, label_assessment, retrain
from alongside.safety.model import load
from alongside.safety.models import AssessmentLabel, CrisisModel

pytestmark = pytest.mark.django_db

TINY = [  # synthetic, written for this test
    ("see you at the meeting", "none"),
    ("thanks for the call", "none"),
    ("the bus was late again", "none"),
    ("nice weather today", "none"),
    ("i feel hopeless", "concern"),
    ("nothing gets better", "concern"),
    ("i relapsed again", "concern"),
    ("i feel so empty", "concern"),
    ("i want to die", "high"),
    ("i wish i was dead", "high"),
    ("i want to end my life", "high"),
    ("i keep cutting myself", "high"),
    ("i took all the pills just now", "imminent"),
    ("tonight i end it, the rope is ready", "imminent"),
    ("i am on the bridge now", "imminent"),
    ("the gun is loaded, goodbye", "imminent"),
]
# A tiny evaluation set on which both models catch every crisis, so the comparison lets it through.
EASY = [
    Item(id="t1", level="high", lang="en", tags=[], text="I want to die"),
    Item(id="t2", level="none", lang="en", tags=[], text="see you at the meeting"),
]


@pytest.fixture
def tiny_data(tmp_path, settings):
    settings.DATA_DIR = tmp_path / "data-dir"  # the pointer file and models land here, not in var/
    folder = tmp_path / "authored"
    folder.mkdir()
    for n, author in enumerate(("a", "b")):
        rows = [
            {"author": author, "lang": "en", "level": level, "text": f"{text} {n}"}
            for text, level in TINY
        ]
        (folder / f"{author}.jsonl").write_text("\n".join(map(json.dumps, rows)), encoding="utf-8")
    return folder


def _label(world, text="the rope is in the car", verdict="missed"):
    return label_assessment(
        program=world.program,
        labelled_by=world["supervisor"],
        source_kind="conversation",
        source_id=41,
        text=text,
        context=["i'm done"],
        assessed_level="none",
        model_version=assess(text).model_version,
        verdict=verdict,
    )


def test_a_label_is_kept_once_per_person_and_source_with_the_level_it_should_have(world):
    _label(world, verdict="missed")
    label = _label(world, verdict="false_alarm")
    assert AssessmentLabel.objects.count() == 1
    assert (label.verdict, label.level, label.context) == ("false_alarm", "none", ["i'm done"])


def test_a_retrained_model_is_used_only_after_an_administrator_confirms(world, tiny_data):
    _label(world)
    shipped = assess("hello").model_version
    record = retrain(data=tiny_data, cross_validate=False, evaluation=EASY)
    assert record.labels == 1 and record.activated_at is None
    assert record.figures["old"]["version"] == load().version
    assert assess("hello").model_version == shipped  # trained, not in use

    activate_model(version=record.version, admin=world["admin"])

    assert assess("hello").model_version.endswith(record.version)
    record.refresh_from_db()
    assert record.activated_by == world["admin"]


def test_only_an_administrator_may_activate_a_model_and_a_refusal_changes_nothing(world, tiny_data):
    record = retrain(data=tiny_data, cross_validate=False, evaluation=EASY)
    shipped = assess("hello").model_version
    for role in ("member", "supporter", "supervisor", "clinician"):
        with pytest.raises(PermissionDenied):
            activate_model(version=record.version, admin=world[role])
    record.refresh_from_db()
    assert record.activated_at is None
    assert assess("hello").model_version == shipped


def test_a_model_that_escalates_fewer_crises_on_the_frozen_set_is_never_activated(world, tiny_data):
    record = retrain(data=tiny_data, cross_validate=False)  # the real frozen set: far worse
    assert record.figures["new"]["recall_high"] < record.figures["old"]["recall_high"]
    with pytest.raises(NotBetter):
        activate_model(version=record.version, admin=world["admin"])
    assert CrisisModel.objects.get().activated_at is None
    assert assess("hello").model_version.endswith(load().version)


def test_the_retrain_command_prints_both_models_and_activates_only_on_yes(
    world, tiny_data, monkeypatch, capsys
):
    answers = iter(["no"])
    monkeypatch.setattr("builtins.input", lambda _prompt: next(answers))
    shipped = assess("hello").model_version
    call_command(
        "safety_retrain", "--data", str(tiny_data), "--skip-cv", "--admin", world["admin"].username
    )
    out = capsys.readouterr().out
    record = CrisisModel.objects.get()
    assert load().version in out and record.version in out
    assert "crises escalated" in out and "Not activated." in out
    assert assess("hello").model_version == shipped
    with pytest.raises(CommandError):
        call_command("safety_activate", record.version, "--admin", "nobody-by-that-name")


def test_an_unreadable_confirmed_model_leaves_the_shipped_one_in_use_and_is_said_once(
    settings, tmp_path, caplog
):
    settings.DATA_DIR = tmp_path
    broken = tmp_path / "broken.json.gz"
    broken.write_bytes(b"not a model")
    from alongside.safety.model import pointer_file

    pointer_file().parent.mkdir(parents=True)
    pointer_file().write_text(json.dumps({"version": "x", "path": str(broken)}), encoding="utf-8")
    first, second = assess("I want to die"), assess("I want to die")
    assert first.level.opens_escalation and second.level.opens_escalation
    assert second.model_version.endswith(load().version)  # the shipped model stays in use
    said = [r for r in caplog.records if "could not be read" in r.getMessage()]
    assert len(said) == 1  # not once per message
