"""Every figure of the report against the small program of `program.py`, worked out by hand."""

from datetime import date

import pytest

from alongside.reports import figures
from alongside.reports.figures import HIDDEN

from .program import MARCH, build

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(world):
    build(world)
    return figures.compute(world.program, *MARCH)


def table(report, key):
    return next(t for t in report["tables"] if t["key"] == key)


def test_the_period_before_is_as_long_and_just_before(report):
    assert report["period"] == ["2026-03-01", "2026-03-31"]
    assert report["previous"] == ["2026-01-29", "2026-02-28"]  # 31 days


def test_access(report):
    access = report["headline"]["access"]["now"]
    assert access["requests"] == 12 and access["people_asking"] == 12
    # On-demand waits 10, 20 … 110 minutes (11 people): median 60; 90th percentile at rank 9 of 0–10.
    assert access["on_demand_wait_median"] == 60.0
    assert access["on_demand_wait_p90"] == 100.0
    assert access["hours_to_match_median"] == 1.0
    assert access["hours_to_match_p90"] == pytest.approx(1.7)  # 100 / 60, to one place
    assert access["gave_up"] == HIDDEN  # one person: too few to show
    before = report["headline"]["access"]["before"]
    assert before["requests"] == 0 and before["on_demand_wait_median"] is None


def test_engagement(report):
    engagement = report["headline"]["engagement"]["now"]
    assert engagement["active_members"] == 24
    # 48 chat days + 20 meetings = 68 contacts, over 24 members and 31 / 30.4375 months.
    assert engagement["contacts_per_member_month"] == pytest.approx(
        68 / 24 / (31 / 30.4375), abs=0.005
    )
    # All joined 5 March. Still in touch at 30 days (4 April): 0–17; at 60 and 90: 0–11 (June).
    assert engagement["retained_30"] == 75.0
    assert engagement["retained_60"] == 50.0
    assert engagement["retained_90"] == 50.0
    contacts = table(report, "contacts_by_modality")["rows"]
    assert contacts == [
        ["chat", 24, 48, pytest.approx(48 / 24 / (31 / 30.4375), abs=0.005)],
        ["group", 20, 20, pytest.approx(20 / 24 / (31 / 30.4375), abs=0.005)],
    ]
    assert table(report, "retention")["rows"] == [
        ["30", 24, 18, 75.0],
        ["60", 24, 12, 50.0],
        ["90", 24, 12, 50.0],
    ]


def test_safety_counts_times_and_labels(report):
    safety = report["headline"]["safety"]["now"]
    assert safety["escalations"] == 30
    assert safety["escalations_high"] == 27 and safety["escalations_imminent"] == 3
    # Acknowledged: 15 in 5 minutes, 15 in 10. Median between the 15th and 16th: 7.5; p90: 10.
    assert safety["acknowledge_minutes_median"] == 7.5
    assert safety["acknowledge_minutes_p90"] == 10.0
    assert safety["resolve_hours_median"] == 2.0
    assert safety["false_alarms"] == 2 and safety["missed_crises"] == 1


def test_escalations_by_time_of_day_hide_the_small_cell_and_its_complements(report):
    # Counts: 6–11 am: 12 high, 3 imminent (15); 6 pm–midnight: 15 high (15). Totals 27, 3 | 30.
    # 3 imminent is small, and so its column total. Row 6–11 then gives it away (15 − 12): 12 goes.
    # Column high (27 − 0 − 0) gives 12 away: 15 goes. Row 6 pm has only 15 and a zero: its total
    # goes. The row totals' column (0, 15, 0, · | 30) gives that away: 15 goes; the column totals'
    # row (27, · | 30) gives 3 away: 27 goes. The grand total, 30, stays.
    escalations = table(report, "escalations_by_hour")
    assert escalations["rows"] == [
        ["0_5", 0, 0, 0],
        ["6_11", HIDDEN, HIDDEN, HIDDEN],
        ["12_17", 0, 0, 0],
        ["18_23", HIDDEN, 0, HIDDEN],
    ]
    assert escalations["footer"] == ["total", HIDDEN, HIDDEN, 30]


def test_response_times_by_time_of_day(report):
    rows = table(report, "response_times_by_hour")["rows"]
    assert rows[1] == ["6_11", 15, 5.0, 5.0, 2.0, 2.0]
    assert rows[3] == ["18_23", 15, 10.0, 10.0, 2.0, 2.0]
    assert rows[0] == ["0_5", 0, None, None, None, None]


def test_outcomes_use_the_reliable_change_index(report):
    phq9 = report["headline"]["outcomes"]["now"]["phq9"]
    # Pairs: 6 × (15 → 10), 3 × (12 → 9), 3 × (10 → 16). The PHQ-9's reliable change is 3.52 points.
    assert phq9["people"] == 12
    assert phq9["mean_first"] == 13.0 and phq9["mean_latest"] == 11.25
    assert phq9["mean_change"] == -1.75
    assert phq9["reliably_improved"] == 50.0  # the six −5s; −3 is within measurement error
    assert phq9["reliably_worse"] == 25.0  # the three +6s
    assert phq9["above_cut_off_first"] == 12  # 15, 12 and 10 are all ≥ 10
    assert phq9["no_longer_above"] == 25.0  # only 12 → 9 left the range
    assert report["headline"]["outcomes"]["now"]["gad7"]["people"] == 0
    assert report["headline"]["outcomes"]["before"]["phq9"]["people"] == 0  # one answer each


def test_transitions(report):
    transitions = report["headline"]["transitions"]["now"]
    assert transitions["discharges"] == 12
    assert transitions["days_to_first_contact_median"] == 2.0  # nine 2s and two 15s
    assert transitions["connected_7"] == 75.0  # 9 of 12
    assert transitions["connected_30"] == pytest.approx(91.7)  # 11 of 12
    assert transitions["readmitted_30"] == pytest.approx(8.3)  # member 3, 26 days later
    assert transitions["readmitted_90"] == pytest.approx(33.3)  # and 0–2, 46 days later


def test_fairness_by_language_hides_a_lone_member_and_the_group_that_would_reveal_them(report):
    fairness = table(report, "fairness_language")
    en, es, unknown = fairness["rows"]
    # Members in touch: en 12, es 11, not recorded 1 → 1 hidden, and es (the smallest other) with it.
    assert en == ["en", 12, 12, 1.0, 100.0, 50.0, 75.0]
    assert es == ["es", HIDDEN, 0, None, 0.0, None, None]
    assert unknown == ["", HIDDEN, 0, None, HIDDEN, None, None]
    assert fairness["footer"][:3] == ["total", 24, 12]


def test_a_period_that_ends_before_it_starts_is_refused(world):
    with pytest.raises(ValueError):
        figures.compute(world.program, date(2026, 3, 2), date(2026, 3, 1))


def test_held_sessions_and_calls_count_as_contacts_by_their_way_of_contact(world):
    from datetime import UTC, datetime, timedelta

    from alongside.records.models import Modality
    from alongside.records.services import record_encounter

    members = build(world)
    at = datetime(2026, 3, 20, 15, tzinfo=UTC)
    # Eleven members had a phone call with the supporter, and the first of them also a video session;
    # a chat-day encounter is not counted again (chat days come from the messages themselves).
    for index, member in enumerate(members[:11]):
        record_encounter(
            program=world.program,
            supporter=world["supporter"],
            members=[member],
            modality=Modality.PHONE,
            started_at=at + timedelta(hours=index),
            ended_at=at + timedelta(hours=index, minutes=20),
            source="call",
            source_id=str(index),
        )
    for source, modality in (("session", Modality.VIDEO), ("conversation", Modality.CHAT)):
        record_encounter(
            program=world.program,
            supporter=world["supporter"],
            members=[members[0]],
            modality=modality,
            started_at=at,
            ended_at=at + timedelta(minutes=45),
            source=source,
            source_id="1",
        )
    report = figures.compute(world.program, *MARCH)
    rows = {row[0]: row[1:3] for row in table(report, "contacts_by_modality")["rows"]}
    assert rows["chat"] == [24, 48]  # unchanged: chat days from the messages
    assert rows["phone"] == [11, 11]
    assert rows["video"][0] == HIDDEN  # one person: hidden, as any count of people under 11


def test_supporters_training_shares_follow_credentials_and_the_programs_requirements(world):
    from datetime import timedelta

    from alongside.accounts.selectors import today_in
    from alongside.matching.tests.factories import supporter
    from alongside.training.services import install_starter_curriculum, record_credential

    first, second = supporter(world.program, "peer-a"), supporter(world.program, "peer-b")
    today = today_in(world.program)
    record_credential(
        by=world["admin"],
        supporter=first,
        kind="state_peer_specialist",
        issuer="A state board",
        issued_on=today - timedelta(days=30),
        expires_on=today + timedelta(days=300),
    )
    record_credential(  # expired: does not count
        by=world["admin"],
        supporter=second,
        kind="state_peer_specialist",
        issuer="A state board",
        issued_on=today - timedelta(days=800),
        expires_on=today - timedelta(days=1),
    )
    now = figures.supporters(world.program)
    assert now["supporters"] == 2
    assert now["with_current_credential"] == 50.0
    assert now["ready_for_one_to_one"] == 100.0  # the program requires nothing yet
    install_starter_curriculum(program=world.program)  # and with it the default requirements
    assert figures.supporters(world.program)["ready_for_one_to_one"] == 0.0  # no course finished


def test_supporters_hours_of_support_and_supervision_by_band(world):
    from datetime import timedelta

    from alongside.matching.tests.factories import supporter
    from alongside.records.models import Modality
    from alongside.records.services import record_encounter
    from alongside.supervision.services import log_session

    from .program import at

    # Twelve supporters with a profile. 0–10 each had one hour-long call on 20 March (1 h a month:
    # under 10); 11 gave 30 hours (five 6-hour visits), 29.5 h a month over March's 31 / 30.4375
    # months: 10 to 39. All twelve had a 90-minute group supervision on 10 March.
    peers = [supporter(world.program, f"peer-{i}") for i in range(12)]
    calls = [(p, 0, 60) for p in peers[:11]] + [(peers[11], day, 360) for day in range(5)]
    for n, (peer, day, minutes) in enumerate(calls):
        start = at("2026-03-20", 9) + timedelta(days=day)
        record_encounter(
            program=world.program, supporter=peer, members=[world["member"]],
            modality=Modality.PHONE, started_at=start,
            ended_at=start + timedelta(minutes=minutes), source="call", source_id=str(n),
        )  # fmt: skip
    log_session(
        supervisor=world["supervisor"], supporters=peers, kind="group",
        held_on=date(2026, 3, 10), minutes=90,
    )  # fmt: skip
    report = figures.compute(world.program, *MARCH)
    months = 31 / 30.4375
    now = report["headline"]["supporters"]["now"]
    assert now["supporters_giving_support"] == 12
    assert now["support_hours"] == 41.0  # 11 × 1 + 30
    assert now["support_hours_month_median"] == round(1 / months, 1)  # 1.0
    assert now["supervised_hours"] == 18.0  # 12 × 1.5
    assert now["supervised_hours_month_median"] == round(1.5 / months, 1)  # 1.5
    assert report["headline"]["supporters"]["before"]["supporters_giving_support"] == 0
    rows = {row[0]: row[1:] for row in table(report, "supporter_hours")["rows"]}
    # The lone 10–39 supporter is hidden, and with them the smallest other band shown (under 10,
    # 11 supporters), since the total of 12 would give them away; their hours go with them.
    assert rows["none"] == [0, 0.0, None, 0.0]
    assert rows["under_10"] == [HIDDEN] * 4 and rows["10_39"] == [HIDDEN] * 4
    assert rows["40_79"] == [0, 0.0, None, 0.0] and rows["80_up"] == [0, 0.0, None, 0.0]
    footer = table(report, "supporter_hours")["footer"]
    assert footer == ["total", 12, 41.0, None, 18.0]


def test_the_worker_reads_a_period_in_a_fixed_number_of_queries_whatever_the_programs_size(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from alongside.accounts.choices import Role
    from alongside.accounts.tests.factories import person
    from alongside.matching.tests.factories import supporter
    from alongside.records.models import Modality
    from alongside.records.services import record_encounter

    from .program import _hand_off, at

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            figures.compute(world.program, *MARCH)
        return len(captured)

    build(world)
    peers = [supporter(world.program, "extra-peer-0")]
    first = queries()
    # Twice the people, each with more of everything: hand-offs, calls, supporters.
    more = [person(world.program, Role.MEMBER, username=f"extra{i}") for i in range(24)]
    peers += [supporter(world.program, f"extra-peer-{i}") for i in range(1, 5)]
    for i, member in enumerate(more):
        _hand_off(world, member, date(2026, 3, 11), at("2026-03-13"))
        record_encounter(
            program=world.program, supporter=peers[i % 5], members=[member],
            modality=Modality.PHONE, started_at=at("2026-03-14", 9),
            ended_at=at("2026-03-14", 10), source="call", source_id=str(i),
        )  # fmt: skip
    assert queries() == first


def test_days_in_hospital_before_and_after_joining_and_readmissions_from_recorded_stays(world):
    from alongside.accounts.choices import Role
    from alongside.accounts.models import Membership
    from alongside.accounts.tests.factories import person
    from alongside.resources.models import HospitalStay

    from .program import at

    # Twelve members joined on 10 November 2025 (a full year ago). Each was in hospital 1–11
    # September 2025 (10 nights, in the year before); member 0 again 25–30 September (5 nights,
    # admitted 14 days after leaving: a readmission); members 0–5 also 1–5 February 2026 (4 nights,
    # in the year after). A thirteenth joined then too but has no stay on record: not counted.
    members = [person(world.program, Role.MEMBER, username=f"h{i:02}") for i in range(13)]
    Membership.objects.filter(program=world.program, user__in=members).update(
        created_at=at("2025-11-10")
    )
    stays = [(m, "2025-09-01", "2025-09-11") for m in members[:12]]
    stays += [(members[0], "2025-09-25", "2025-09-30")]
    stays += [(m, "2026-02-01", "2026-02-05") for m in members[:6]]
    for member, admitted, discharged in stays:
        HospitalStay.objects.create(
            program=world.program, member=member, admitted_on=date.fromisoformat(admitted),
            discharged_on=date.fromisoformat(discharged),
        )  # fmt: skip
    november = figures.compute(world.program, date(2025, 11, 1), date(2025, 11, 30))
    transitions = november["headline"]["transitions"]["now"]
    assert transitions["hospital_people"] == 12
    assert transitions["hospital_days_before"] == round(125 / 12, 1)  # 10.4
    assert transitions["hospital_days_after"] == 2.0  # 24 / 12
    assert transitions["hospital_days_change"] == round(100 * (24 - 125) / 125, 1)  # −80.8 %
    published = table(november, "published")["rows"]
    assert published == [
        ["days_in_hospital_change", -80.8, -47.2],
        ["readmissions_change", None, -41.8],
    ]
    # September 2025: 13 discharges (twelve on the 11th, one on the 30th); member 0 admitted again
    # 14 days after the 11th: 1 of 13 within 30 days and within 90 (February is 143 days on).
    september = figures.compute(world.program, date(2025, 9, 1), date(2025, 9, 30))
    readmissions = september["headline"]["transitions"]["now"]
    assert readmissions["readmitted_30"] == 7.7 and readmissions["readmitted_90"] == 7.7
    assert readmissions["hospital_people"] == 0  # nobody joined in September


def test_days_in_hospital_are_hidden_for_fewer_than_eleven_people(world):
    from alongside.accounts.choices import Role
    from alongside.accounts.models import Membership
    from alongside.accounts.tests.factories import person
    from alongside.resources.models import HospitalStay

    from .program import at

    few = [person(world.program, Role.MEMBER, username=f"f{i:02}") for i in range(3)]
    Membership.objects.filter(program=world.program, user__in=few).update(
        created_at=at("2025-11-10")
    )
    for member in few:
        HospitalStay.objects.create(
            program=world.program, member=member, admitted_on=date(2025, 9, 1),
            discharged_on=date(2025, 9, 11),
        )  # fmt: skip
    report = figures.compute(world.program, date(2025, 11, 1), date(2025, 11, 30))
    transitions = report["headline"]["transitions"]["now"]
    assert transitions["hospital_people"] == HIDDEN
    assert transitions["hospital_days_before"] == HIDDEN
    assert transitions["hospital_days_change"] == HIDDEN
    assert table(report, "published")["rows"][0] == ["days_in_hospital_change", HIDDEN, -47.2]
