from datetime import timedelta

import pytest
from django.urls import reverse

from alongside.accounts.choices import ConsentScope
from alongside.accounts.services import grant_consent, revoke_consent
from alongside.audit.models import AccessLog
from alongside.outcomes import services
from alongside.outcomes.models import CheckIn, Response, SafetyFlag

pytestmark = pytest.mark.django_db

PHQ9_ITEM9 = {**{f"item_{n}": "0" for n in range(1, 9)}, "item_9": "2"}


def test_a_check_in_is_three_taps_and_an_optional_line(client_for, world):
    client = client_for("member")
    page = client.get(reverse("outcomes:check-in")).content.decode()
    assert page.count('type="radio"') == 15 and 'name="note"' in page
    response = client.post(reverse("outcomes:check-in"), {"mood": "4", "sleep": "3", "energy": "5"})
    assert response["Location"] == reverse("outcomes:check-in")
    assert CheckIn.objects.get().energy == 5
    again = client.get(reverse("outcomes:check-in")).content.decode()
    assert "You checked in on 1 day this week." in again


def test_a_worrying_check_in_note_opens_the_safety_plan(client_for, world):
    response = client_for("member").post(
        reverse("outcomes:check-in"),
        {"mood": "1", "sleep": "1", "energy": "1", "note": "I keep thinking about ending my life"},
    )
    assert response["Location"] == reverse("care_plans:plan", args=["safety"]) + "?from=check-in"
    page = client_for("member").get(response["Location"]).content.decode()
    assert "You do not have to go through this alone." in page


def test_phq9_with_item_9_above_zero_shows_the_safety_plan_at_once(client_for, world):
    client = client_for("member")
    page = client.get(reverse("outcomes:questionnaire", args=["phq9"])).content.decode()
    assert "Thoughts that you would be better off dead" in page
    assert "No permission required to reproduce" in page
    response = client.post(reverse("outcomes:questionnaire", args=["phq9"]), PHQ9_ITEM9)
    assert (
        response["Location"] == reverse("care_plans:plan", args=["safety"]) + "?from=questionnaire"
    )
    assert SafetyFlag.objects.get().source == "phq9_item9"
    plan = client.get(response["Location"]).content.decode()
    assert "You do not have to go through this alone." in plan and 'href="tel:988"' in plan


def test_skipping_phq9_item_9_is_asked_again_kindly(client_for, world):
    data = {f"item_{n}": "0" for n in range(1, 9)}
    page = client_for("member").post(reverse("outcomes:questionnaire", args=["phq9"]), data)
    assert page.status_code == 200
    assert "Please answer this question." in page.content.decode()
    assert not Response.objects.exists()


def test_the_result_is_in_plain_words_and_compared_with_last_time(client_for, world):
    services.record_response(member=world["member"], instrument="who5", answers=[2, 2, 2, 1, 2])
    response = client_for("member").post(
        reverse("outcomes:questionnaire", args=["who5"]),
        {"item_1": "3", "item_2": "3", "item_3": "3", "item_4": "2", "item_5": "2"},
    )
    page = client_for("member").get(response["Location"]).content.decode()
    assert "Your well-being score is 52." in page
    assert "Your well-being score went from 36 to 52." in page
    assert "diagnosis" in page  # "A score is only a snapshot. It is not a diagnosis."
    assert "Answer the mood questions" not in page  # raw 13, no item below 2


def test_low_well_being_offers_the_phq9_next(client_for, world):
    response = services.record_response(
        member=world["member"], instrument="who5", answers=[4, 4, 4, 4, 1]
    )
    page = (
        client_for("member").get(reverse("outcomes:response", args=[response.pk])).content.decode()
    )
    assert "Answer the mood questions" in page


def test_who5_and_barc10_are_shown_in_english_on_a_spanish_page(client_for):
    client = client_for("member")
    client.cookies["django_language"] = "es"
    page = client.get(reverse("outcomes:questionnaire", args=["barc10"])).content.decode()
    assert 'lang="en"' in page and "I am making good progress on my recovery journey." in page
    phq = client.get(reverse("outcomes:questionnaire", args=["phq9"])).content.decode()
    assert "Poco interés o placer en hacer cosas" in phq


def test_trends_draw_an_svg_chart_with_the_table_beside_it(client_for, world):
    for mood in (2, 3, 4):
        services.record_check_in(member=world["member"], mood=mood, sleep=3, energy=3)
        CheckIn.objects.filter(mood=mood).update(
            on=CheckIn.objects.get(mood=mood).on.replace(day=1 + mood)
        )
    services.record_response(member=world["member"], instrument="who5", answers=[2, 2, 2, 1, 2])
    services.record_response(member=world["member"], instrument="who5", answers=[3, 3, 3, 2, 2])
    page = client_for("member").get(reverse("outcomes:trends")).content.decode()
    assert page.count("<svg") == 2 and 'role="img"' in page
    assert "<polyline" in page and "<table>" in page
    assert "Your well-being score went from 36 to 52." in page
    assert "<td>4</td>" in page


def test_a_supporter_sees_trends_only_while_the_member_shares_them_and_each_look_is_logged(
    client_for, world
):
    services.record_check_in(member=world["member"], mood=3, sleep=3, energy=3)
    url = reverse("outcomes:member-trends", args=[world["member"].pk])
    client = client_for("supporter")
    assert client.get(url).status_code == 404
    consent = grant_consent(
        member=world["member"], grantee=world["supporter"], scope=ConsentScope.CHECK_INS
    )
    assert client.get(url).status_code == 200
    assert AccessLog.objects.filter(actor=world["supporter"], subject=world["member"]).count() == 1
    revoke_consent(member=world["member"], consent_id=consent.pk)
    assert client.get(url).status_code == 404


def test_an_admin_schedules_a_questionnaire_and_can_stop_it(client_for, world):
    client = client_for("admin")
    response = client.post(
        reverse("outcomes:schedules"), {"instrument": "phq9", "at_intake": "on", "every_days": "30"}
    )
    assert response.status_code == 302
    page = client.get(reverse("outcomes:schedules")).content.decode()
    assert "Every 30 days" in page


def test_the_check_in_page_costs_a_fixed_number_of_queries(
    client_for, world, django_assert_num_queries
):
    services.record_check_in(member=world["member"], mood=3, sleep=3, energy=3)
    client = client_for("member")
    # Shell: 7 (see conversations' list test); page: today's check-in, rhythm, schedules = 3.
    with django_assert_num_queries(10):
        client.get(reverse("outcomes:check-in"))


def test_the_trends_page_costs_a_fixed_number_of_queries(
    client_for, world, django_assert_num_queries
):
    for answers in ([2, 2, 2, 1, 2], [3, 3, 3, 2, 2], [4, 4, 3, 3, 3]):
        services.record_response(member=world["member"], instrument="who5", answers=answers)
    services.record_check_in(member=world["member"], mood=3, sleep=3, energy=3)
    client = client_for("member")
    # Shell: 7; page: check-ins, responses = 2, however many there are.
    with django_assert_num_queries(9):
        client.get(reverse("outcomes:trends"))


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [("en", "1 check-in.", "2 check-ins."), ("es", "1 registro.", "2 registros.")],
)
def test_the_trend_counts_check_ins_in_the_singular_and_plural(
    client_for, world, language, one, two
):
    client = client_for("member")
    client.cookies["django_language"] = language
    services.record_check_in(member=world["member"], mood=3, sleep=3, energy=3)
    page = client.get(reverse("outcomes:trends")).content.decode()
    assert one in page and "1 check-ins" not in page
    first = CheckIn.objects.get(member=world["member"])
    first.on -= timedelta(days=1)  # yesterday's, so that today's is a second one
    first.save(update_fields=["on"])
    services.record_check_in(member=world["member"], mood=4, sleep=3, energy=3)
    assert two in client.get(reverse("outcomes:trends")).content.decode()
