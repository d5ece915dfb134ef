from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from alongside.accounts.selectors import today_in
from alongside.notifications.models import HeldEmail
from alongside.notifications.testing import REFUSING, allow_email
from alongside.outcomes import selectors, services
from alongside.outcomes.models import CheckIn, Reminder, Response, SafetyFlag, Schedule
from alongside.safety import Assessment, Level

pytestmark = pytest.mark.django_db

AHS_TEXT = {
    "title": "Future Scale",
    "stem": "Read each item and choose the number that best describes you.",
    "items": [{"text": f"Licensed item {n}"} for n in range(1, 13)],
    "choices": [{"value": v, "text": f"choice {v}"} for v in range(1, 9)],
    "attribution": "Loaded by the program under its own permission.",
}


def test_a_check_in_is_stored_with_its_note_assessed(world):
    check_in = services.record_check_in(
        member=world["member"], mood=4, sleep=2, energy=3, note="Tired but okay."
    )
    assert (check_in.mood, check_in.sleep, check_in.energy) == (4, 2, 3)
    assert check_in.risk_level == "none" and check_in.risk_model_version
    assert not SafetyFlag.objects.exists()


def test_checking_in_again_the_same_day_changes_todays_check_in(world):
    services.record_check_in(member=world["member"], mood=2, sleep=2, energy=2)
    services.record_check_in(member=world["member"], mood=4, sleep=4, energy=4)
    assert CheckIn.objects.get().mood == 4


@pytest.mark.parametrize("value", [0, 6, True, "3"])
def test_a_check_in_outside_one_to_five_is_refused(world, value):
    with pytest.raises(ValidationError):
        services.record_check_in(member=world["member"], mood=value, sleep=3, energy=3)


def test_a_worrying_check_in_note_leaves_a_safety_flag(world):
    check_in = services.record_check_in(
        member=world["member"],
        mood=1,
        sleep=1,
        energy=1,
        note="I keep thinking about ending my life",
    )
    assert check_in.risk_level == "high"
    flag = selectors.unhandled_safety_flags(world.program).get()
    assert (flag.source, flag.member, flag.check_in) == ("check_in_note", world["member"], check_in)


def test_a_concern_level_note_is_recorded_but_raises_no_flag(world, monkeypatch):
    monkeypatch.setattr(services, "assess", lambda text, **_: Assessment(level=Level.CONCERN))
    services.record_check_in(member=world["member"], mood=2, sleep=3, energy=3, note="rough week")
    assert CheckIn.objects.get().risk_level == "concern"
    assert not SafetyFlag.objects.exists()


def test_only_members_check_in(world):
    with pytest.raises(PermissionDenied):
        services.record_check_in(member=world["supporter"], mood=3, sleep=3, energy=3)


def test_a_response_keeps_every_item_answer_with_its_loinc_codes(world):
    response = services.record_response(
        member=world["member"], instrument="phq9", answers=[1, 2, 0, 3, 1, 0, 0, 1, 0],
        extra={"difficulty": 1},
    )  # fmt: skip
    response.refresh_from_db()
    assert (response.total, response.band, response.flags) == (8, "mild", [])
    assert (response.panel_loinc, response.total_loinc) == ("44249-1", "44261-6")
    assert response.items[8] == {
        "link_id": "9", "loinc": "44260-8", "value": 0, "answer_code": "LA6568-5",
    }  # fmt: skip
    assert response.items[3]["answer_code"] == "LA6571-9"
    assert response.extra == {"difficulty": 1}


def test_phq9_item_9_above_zero_leaves_a_safety_flag_whatever_the_total(world):
    response = services.record_response(
        member=world["member"], instrument="phq9", answers=[0] * 8 + [1]
    )
    assert response.band == "minimal" and response.flags == ["self_harm"]
    flag = SafetyFlag.objects.get()
    assert (flag.source, flag.level, flag.response) == ("phq9_item9", "high", response)
    services.mark_flag_handled(flag_id=flag.pk)
    assert not selectors.unhandled_safety_flags(world.program).exists()


def test_phq9_item_9_may_never_be_skipped(world):
    with pytest.raises(ValidationError, match="question 9"):
        services.record_response(
            member=world["member"], instrument="phq9", answers=[0] * 8 + [None]
        )


def test_a_skipped_item_is_stored_as_incomplete_without_a_band(world):
    response = services.record_response(
        member=world["member"], instrument="gad7", answers=[3, None, 3, 3, 3, 3, 3]
    )
    assert (response.band, response.flags, response.is_complete) == ("", ["incomplete"], False)


def test_scoring_only_instruments_need_the_programs_own_text(world):
    with pytest.raises(ValidationError):
        services.record_response(member=world["member"], instrument="ahs", answers=[8] * 12)
    services.load_instrument_text(
        program=world.program, instrument="ahs", language="en", content=AHS_TEXT, loaded_by=None
    )
    response = services.record_response(member=world["member"], instrument="ahs", answers=[8] * 12)
    assert response.total == 64 and response.band == ""
    assert [i.code for i in selectors.available_instruments(world.program, "en")][-1] == "ahs"


def test_loaded_text_must_fit_the_scale(world):
    wrong = {**AHS_TEXT, "choices": [{"value": v, "text": str(v)} for v in range(0, 4)]}
    with pytest.raises(ValidationError):
        services.load_instrument_text(
            program=world.program, instrument="ahs", language="en", content=wrong, loaded_by=None
        )
    with pytest.raises(ValidationError):  # shipped instruments are never replaced
        services.load_instrument_text(
            program=world.program,
            instrument="phq9",
            language="en",
            content=AHS_TEXT,
            loaded_by=None,
        )


def test_a_new_schedule_reminds_members_it_is_due_for_once(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    allow_email(world["member"], "member@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.create_schedule(
            actor=world["admin"], instrument="who5", at_intake=True, every_days=30
        )
    reminded = set(Reminder.objects.values_list("member__username", flat=True))
    assert reminded == {"test-member", "test-other"}
    assert [m.to for m in mailoutbox] == [["member@example.org"]]
    assert "questionnaire" in mailoutbox[0].subject
    schedule = Schedule.objects.get()
    assert services.send_program_reminders(program_id=world.program.pk) == 0  # once per due date
    assert [d.instrument.code for d in selectors.due_for(world["member"], "en")] == ["who5"]
    assert schedule.reminders.count() == 2


def test_answering_moves_the_due_date_on_by_the_schedules_days(
    world, django_capture_on_commit_callbacks
):
    schedule = Schedule.objects.create(program=world.program, instrument="gad7", every_days=30)
    with django_capture_on_commit_callbacks(execute=True):
        response = services.record_response(
            member=world["member"], instrument="gad7", answers=[0] * 7
        )
    assert selectors.due_for(world["member"], "en") == []
    assert selectors.due_date(world["member"], schedule) == (
        timezone.localdate(response.completed_at, ZoneInfo(world.program.time_zone))
        + timedelta(days=30)
    )
    Response.objects.update(completed_at=timezone.now() - timedelta(days=31))
    assert [d.instrument.code for d in selectors.due_for(world["member"], "en")] == ["gad7"]
    assert services.send_reminder(member_id=world["member"].pk, schedule_id=schedule.pk)


def test_only_admins_schedule_questionnaires(world):
    with pytest.raises(PermissionDenied):
        services.create_schedule(
            actor=world["supervisor"], instrument="who5", at_intake=True, every_days=None
        )
    with pytest.raises(ValidationError):
        services.create_schedule(
            actor=world["admin"], instrument="who5", at_intake=False, every_days=None
        )


def test_rhythm_counts_what_was_done_never_what_was_missed(world):
    today = today_in(world.program)
    for days_ago in (0, 1, 2, 5, 20):
        CheckIn.objects.create(
            program=world.program, member=world["member"], on=today - timedelta(days=days_ago),
            mood=3, sleep=3, energy=3,
        )  # fmt: skip
    rhythm = selectors.rhythm_of(world["member"])
    assert rhythm.checked_in_today and rhythm.run == 3
    assert (rhythm.days_this_week, rhythm.days_in_four_weeks) == (4, 5)


def _due_schedule(world):
    return Schedule.objects.create(program=world.program, instrument="who5", at_intake=True)


def test_a_member_with_email_off_is_reminded_in_the_app_only(world, mailoutbox):
    world["member"].email = "member@example.org"
    world["member"].save()
    schedule = _due_schedule(world)
    assert services.send_reminder(member_id=world["member"].pk, schedule_id=schedule.pk)
    assert mailoutbox == [] and Reminder.objects.get().emailed is False


def test_a_reminder_in_quiet_hours_waits_for_them_to_end(world, mailoutbox):
    allow_email(world["member"], "member@example.org", quiet_at=timezone.now())
    schedule = _due_schedule(world)
    assert services.send_reminder(member_id=world["member"].pk, schedule_id=schedule.pk)
    assert mailoutbox == [] and HeldEmail.objects.get().recipient == world["member"]


def test_a_failing_mail_server_does_not_stop_the_reminder(world, mailoutbox, settings):
    allow_email(world["member"], "member@example.org")
    schedule = _due_schedule(world)
    settings.EMAIL_BACKEND = REFUSING
    assert services.send_reminder(member_id=world["member"].pk, schedule_id=schedule.pk)
    assert Reminder.objects.get().emailed is False  # marked; the email is tried again later
    assert HeldEmail.objects.get().attempts == 1
