"""The training journey in Chromium against the live server: a new supporter is told what to finish
before they can be offered for one-to-one support, takes the course (a wrong answer, then a pass), and a
member looking for a peer then finds them."""

import re

import pytest
from playwright.sync_api import expect

from alongside.accounts.gates import Activity
from alongside.accounts.tests.factories import PASSWORD
from alongside.common.testing.browser import check_axe, sign_in_page
from alongside.matching import services as matching
from alongside.matching.models import SupporterProfile
from alongside.matching.tests.factories import EVENINGS

from .factories import course_of, require

pytestmark = pytest.mark.browser


def test_a_new_supporter_finishes_the_required_course_and_is_then_offered_to_members(
    new_context, live_url, world
):
    supporter, member = world["supporter"], world.other_member
    SupporterProfile.objects.create(
        user=supporter,
        program=world.program,
        bio="Twelve years in recovery. I listen first.",
        languages=["en"],
        modalities=["chat"],
        availability=EVENINGS,
        time_zone="America/New_York",
        capacity=3,
    )
    course = course_of(world.program, summary="What keeps peer support safe for both people.")
    module = course.modules.get()
    module.body_html = "<h3>Why boundaries help</h3><p>Boundaries are not walls.</p>"
    module.reflection_prompt = "Think of a helper who held a boundary kindly."
    module.save()
    require(world.program, Activity.ONE_TO_ONE, course)
    matching.submit_request(member=member, availability=EVENINGS)

    member_page = new_context().new_page()
    sign_in_page(member_page, live_url, member.username, PASSWORD)
    member_page.goto(f"{live_url}/find-a-peer/choose/")
    expect(member_page.get_by_role("main")).not_to_contain_text(supporter.display_name)

    page = new_context(phone=True).new_page()
    sign_in_page(page, live_url, supporter.username, PASSWORD)
    page.goto(f"{live_url}/training/")
    main = page.get_by_role("main")
    expect(main).to_contain_text(
        "To be offered for one-to-one support, finish: Boundaries and ethics."
    )
    check_axe(page)
    main.get_by_role("link", name="Boundaries and ethics").click()
    page.get_by_role("link", name="Why boundaries help").click()
    expect(page.get_by_role("heading", level=1, name="Why boundaries help")).to_be_visible()
    check_axe(page)
    page.get_by_label("Think of a helper who held a boundary kindly.").fill("My first sponsor.")
    page.get_by_role("group", name="Question 0").get_by_label("yes").check()
    page.get_by_role("group", name="Question 1").get_by_label("no").check()
    page.get_by_role("button", name="Check my answers").click()
    expect(page.locator(".form-errors")).to_contain_text("You scored 50%; the pass mark is 80%.")
    expect(page.get_by_label("Think of a helper who held a boundary kindly.")).to_have_value(
        "My first sponsor."
    )
    check_axe(page)
    page.get_by_role("group", name="Question 0").get_by_label("yes").check()
    page.get_by_role("group", name="Question 1").get_by_label("yes").check()
    page.get_by_role("button", name="Check my answers").click()
    expect(page).to_have_url(re.compile(r"/training/courses/\d+/$"))
    expect(page.get_by_role("main")).to_contain_text("finished")
    page.goto(f"{live_url}/training/")
    expect(page.get_by_role("main")).to_contain_text("One-to-one support: ready.")

    member_page.reload()
    expect(member_page.get_by_role("main")).to_contain_text(supporter.display_name)
