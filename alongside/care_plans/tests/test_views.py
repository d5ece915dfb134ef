import io
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from pypdf import PdfReader

from alongside.accounts.choices import ConsentScope
from alongside.audit.models import AccessLog
from alongside.care_plans import services
from alongside.care_plans.models import Plan
from alongside.care_plans.sections import sections_of
from alongside.care_plans.tests.factories import WRAP_WORDS, share

pytestmark = pytest.mark.django_db

SAFETY_WORDS = {
    "safety.helpers": "Sam 555-0134\nMy neighbour",
    "safety.professionals": "Dr. Lee 555-0199",
    "safety.worth_living_for": "My daughter Mia",
}


def test_every_wrap_field_autosaves_through_htmx_and_the_form_still_posts_without_it(client_for):
    page = client_for("member").get(reverse("care_plans:plan", args=["wrap"])).content.decode()
    save = reverse("care_plans:plan-save", args=["wrap"])
    assert f'<form method="post" action="{save}"' in page
    fields = sum(len(s.fields) for s in sections_of("wrap"))
    assert fields == 31
    assert page.count(f'hx-post="{save}"') == fields  # every field of every section
    for heading in (
        "Wellness toolbox",
        "Daily maintenance",
        "Triggers",
        "Early warning signs",
        "When things are breaking down",
        "Crisis plan",
        "After a crisis",
    ):
        assert heading in page
    assert "9. Signs that supporters no longer need to use this plan" in page


def test_an_htmx_save_answers_with_the_saved_status_only(client_for, world):
    response = client_for("member").post(
        reverse("care_plans:plan-save", args=["wrap"]),
        {"toolbox.tools": "Tea with honey."},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    plan = Plan.objects.get(member=world["member"])
    local = timezone.localtime(plan.updated_at, ZoneInfo(world.program.time_zone))
    saved = response.content.decode().strip()
    # one full stop, also when the time ends in one ("1:38 p.m.")
    assert (
        saved == f"Saved at {date_format(local, 'TIME_FORMAT').rstrip('.')}." and ".." not in saved
    )
    assert Plan.objects.get(member=world["member"]).value("toolbox.tools") == "Tea with honey."


def test_a_plain_save_redirects_back_to_the_plan(client_for, world):
    response = client_for("member").post(
        reverse("care_plans:plan-save", args=["pad"]), {"pad.helps": "Quiet rooms."}
    )
    assert response["Location"] == reverse("care_plans:plan", args=["pad"])


def test_the_safety_plan_offers_one_tap_calls_and_what_is_worth_living_for(client_for, world):
    services.save_plan_fields(member=world["member"], kind="safety", values=SAFETY_WORDS)
    page = client_for("member").get(reverse("care_plans:plan", args=["safety"])).content.decode()
    assert 'href="tel:5550134"' in page and "Call Sam" in page
    assert 'href="tel:5550199"' in page
    assert 'href="tel:988"' in page
    assert "My daughter Mia" in page


def test_the_plans_page_is_one_tap_from_the_menu_and_shows_the_calls(client_for, world):
    services.save_plan_fields(member=world["member"], kind="safety", values=SAFETY_WORDS)
    home = client_for("member").get(reverse("accounts:home")).content.decode()
    assert f'href="{reverse("care_plans:index")}"' in home
    page = client_for("member").get(reverse("care_plans:index")).content.decode()
    assert 'href="tel:5550134"' in page and 'href="tel:988"' in page


def test_staff_have_no_plans_of_their_own_in_the_menu_but_find_what_is_shared(client_for):
    home = client_for("supporter").get(reverse("accounts:home")).content.decode()
    assert f'href="{reverse("care_plans:index")}"' not in home
    assert f'href="{reverse("care_plans:shared-list")}"' in home
    shared = client_for("clinician").get(reverse("care_plans:shared-list")).content.decode()
    assert f'href="{reverse("outcomes:shared-list")}"' in shared


def test_after_a_worrying_answer_the_safety_plan_opens_with_a_caring_note(client_for):
    url = reverse("care_plans:plan", args=["safety"]) + "?from=questionnaire"
    page = client_for("member").get(url).content.decode()
    assert "You do not have to go through this alone." in page


def test_the_advance_directive_is_clearly_a_worksheet(client_for):
    for name in ("care_plans:plan", "care_plans:plan-print"):
        page = client_for("member").get(reverse(name, args=["pad"])).content.decode()
        assert "This is a worksheet, not a legal document." in page
        assert "each state has its own form" in page or "state's psychiatric advance" in page


def test_printing_shows_the_plan_and_is_logged(client_for, world):
    plan = services.save_plan_fields(member=world["member"], kind="wrap", values=WRAP_WORDS)
    page = (
        client_for("member").get(reverse("care_plans:plan-print", args=["wrap"])).content.decode()
    )
    assert "I laugh easily and cook for friends." in page
    assert 'href="tel:5550134"' in page
    assert AccessLog.objects.get(record_id=str(plan.pk)).action == "print"


def test_the_pdf_says_what_the_plan_says_and_the_export_is_logged(client_for, world):
    plan = services.save_plan_fields(
        member=world["member"],
        kind="wrap",
        values={**WRAP_WORDS, "toolbox.tools": "Café con leche ☕"},
    )
    response = client_for("member").get(reverse("care_plans:plan-pdf", args=["wrap"]))
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Crisis plan" in text and "Café con leche" in text
    assert "I laugh easily and cook for friends." in text
    assert AccessLog.objects.get(record_id=str(plan.pk)).action == "export"


def test_versions_are_listed_with_dates_and_open(client_for, world):
    services.save_plan_fields(member=world["member"], kind="wrap", values=WRAP_WORDS)
    client = client_for("member")
    listing = client.get(reverse("care_plans:plan-versions", args=["wrap"])).content.decode()
    assert "Version 1," in listing
    page = client.get(reverse("care_plans:plan-version", args=["wrap", 1])).content.decode()
    assert "I laugh easily" in page


def test_a_shared_crisis_plan_reads_only_the_crisis_part(client_for, world):
    services.save_plan_fields(member=world["member"], kind="wrap", values=WRAP_WORDS)
    share(world["member"], world["supporter"], ConsentScope.CRISIS_PLAN)
    client = client_for("supporter")
    listing = client.get(reverse("care_plans:shared-list")).content.decode()
    assert str(world["member"]) in listing
    url = reverse("care_plans:shared-plan", args=[world["member"].pk, "wrap"])
    page = client.get(url).content.decode()
    assert "I laugh easily and cook for friends." in page
    assert "A walk by the river." not in page


def test_a_supporter_suggests_a_step_on_a_shared_goal(client_for, world):
    goal = services.add_goal(member=world["member"], title="Walk daily")
    share(world["member"], world["supporter"])
    response = client_for("supporter").post(
        reverse("care_plans:goal", args=[goal.pk]), {"text": "Walk with me on Tuesday"}
    )
    assert response.status_code == 302
    page = client_for("member").get(reverse("care_plans:goal", args=[goal.pk])).content.decode()
    assert "Walk with me on Tuesday" in page and "suggested by a supporter" in page


def test_ticking_a_step_with_htmx_answers_with_the_step_only(client_for, world):
    goal = services.add_goal(member=world["member"], title="Walk daily")
    step = services.add_step(actor=world["member"], goal=goal, text="Shoes by the door")
    response = client_for("member").post(
        reverse("care_plans:step-done", args=[goal.pk, step.pk]),
        {"done": "on"},
        headers={"HX-Request": "true"},
    )
    assert response.content.decode().startswith(f'<li id="step-{step.pk}" class="step done"')


def test_the_plan_page_costs_a_fixed_number_of_queries(
    client_for, world, django_assert_num_queries
):
    services.save_plan_fields(member=world["member"], kind="wrap", values=WRAP_WORDS)
    share(world["member"], world["supporter"])
    client = client_for("member")
    # Shell: session, user, standing, profile, sliding session (3) = 7; page: plan, readers = 2.
    with django_assert_num_queries(9):
        client.get(reverse("care_plans:plan", args=["wrap"]))
