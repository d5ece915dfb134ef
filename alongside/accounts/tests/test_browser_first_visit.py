"""A first visit, and the shell's small things (issue 22), in Chromium against the live server: the
program's public front page in both languages and in its own words, a menu that folds without moving the
page, and text fields that say their limit and never drop what is typed."""

import re

import pytest
from playwright.sync_api import expect

from alongside.accounts.models import Program
from alongside.common.testing.browser import check_axe, sign_in_context

pytestmark = pytest.mark.browser


def _visit(new_context, live_url, *, language="en", phone=True):
    context = new_context(phone=phone, locale="es-ES" if language == "es" else "en-US")
    context.add_cookies([{"name": "django_language", "value": language, "url": live_url}])
    requests = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.goto(f"{live_url}/")
    return page, requests


def _fits_the_screen(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        "the page scrolls sideways"
    )


def test_a_first_visit_says_what_the_service_is_and_how_to_join(live_url, world, new_context):
    program = world.program
    page, requests = _visit(new_context, live_url)
    main = page.locator("main")

    expect(page.get_by_role("heading", level=1)).to_have_text(program.name)
    expect(main).to_contain_text("is peer support")
    expect(main).to_contain_text("It is not therapy or medical care")
    expect(main).to_contain_text("not an emergency service")
    for heading in ("How it works", "Who runs it", "What it costs", "Your privacy"):
        expect(page.get_by_role("heading", name=heading, level=2)).to_be_visible()
    expect(main).to_contain_text("Nothing. Joining and talking are free.")
    expect(main).to_contain_text(f"{program.name} runs this service.")
    # The crisis options, to call, text or chat.
    crisis = page.locator("aside.crisis")
    expect(crisis.get_by_role("link", name="Call")).to_have_attribute(
        "href", f"tel:{program.crisis_call}"
    )
    expect(crisis.get_by_role("link", name="Text")).to_have_attribute(
        "href", f"sms:{program.crisis_text}"
    )
    # No tracking: nothing is asked of any other address, and the page sets no cookie of its own.
    assert all(url.startswith(live_url) for url in requests), requests
    assert {c["name"] for c in page.context.cookies()} <= {"django_language", "csrftoken"}

    check_axe(page)
    _fits_the_screen(page)

    # Keyboard: from the top, Tab reaches "Join with a pseudonym", and Enter opens the sign-up form.
    join = main.get_by_role("link", name="Join with a pseudonym").first
    for _ in range(20):
        page.keyboard.press("Tab")
        if join.evaluate("element => element === document.activeElement"):
            break
    expect(join).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_url}/account/sign-up/")


def test_the_front_page_in_spanish(live_url, world, new_context):
    page, _requests = _visit(new_context, live_url, language="es")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    main = page.locator("main")
    expect(main).to_contain_text("es apoyo entre pares")
    expect(main).to_contain_text("no es un servicio de emergencias")
    expect(page.get_by_role("heading", name="Cuánto cuesta")).to_be_visible()
    expect(main.get_by_role("link", name="Únete con un seudónimo").first).to_be_visible()
    check_axe(page)
    _fits_the_screen(page)


def test_the_program_writes_its_own_words_in_both_languages(live_url, world, new_context):
    admin = sign_in_context(new_context(), live_url, world["admin"]).new_page()
    admin.goto(f"{live_url}/program/front-page/")
    check_axe(admin)
    admin.get_by_label("What it costs, in English").fill("Free for everyone in Lakeside County.")
    admin.get_by_label("What it costs, in Spanish").fill("Gratis para todo el condado de Lakeside.")
    admin.get_by_role("button", name="Save the front page").click()
    expect(admin.locator(".messages")).to_contain_text("The front page is saved.")
    program = Program.objects.get(pk=world.program.pk)
    assert program.front_page["en"] == {"cost": "Free for everyone in Lakeside County."}

    page, _requests = _visit(new_context, live_url)
    cost = page.locator("#front-cost")
    expect(cost).to_contain_text("Free for everyone in Lakeside County.")
    expect(page.locator("#front-how")).to_contain_text("Join with a pseudonym and a password")
    spanish, _requests = _visit(new_context, live_url, language="es")
    expect(spanish.locator("#front-cost")).to_contain_text("Gratis para todo el condado")

    # Emptied again, the part goes back to the default words.
    admin.get_by_label("What it costs, in English").fill("")
    admin.get_by_role("button", name="Save the front page").click()
    expect(admin.locator(".messages")).to_contain_text("The front page is saved.")
    page.reload()
    expect(cost).to_contain_text("Nothing. Joining and talking are free.")


def test_on_a_wide_screen_the_sections_sit_side_by_side(live_url, world, new_context):
    page, _requests = _visit(new_context, live_url, phone=False)
    what, how = page.locator("#front-about"), page.locator("#front-how")
    expect(how).to_be_visible()
    assert what.bounding_box()["y"] == how.bounding_box()["y"]
    check_axe(page)


def test_on_a_phone_the_menu_folds_without_moving_the_page(live_url, world, new_context):
    context = sign_in_context(new_context(phone=True), live_url, world["admin"])
    page = context.new_page()
    page.goto(f"{live_url}/", wait_until="load")
    expect(page.locator("[data-menu]")).to_have_class(re.compile(r"\bmenu-folds\b"))  # shell.js ran
    shift = page.evaluate(
        """() => new Promise((done) => {
            let total = 0;
            new PerformanceObserver((list) => {
                for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
            }).observe({ type: "layout-shift", buffered: true });
            requestAnimationFrame(() => requestAnimationFrame(() => done(total)));
        })"""
    )
    assert shift < 0.01, f"cumulative layout shift {shift:.3f}"
    expect(page.get_by_role("button", name="Menu")).to_be_visible()
    expect(page.get_by_role("link", name="Settings", exact=True)).to_be_hidden()


def test_a_text_field_says_its_limit_and_keeps_what_is_pasted(live_url, world, new_context):
    page = sign_in_context(new_context(phone=True), live_url, world["member"]).new_page()
    page.goto(f"{live_url}/account/profile/")
    pronouns = page.get_by_label("Pronouns")
    note = page.locator("#id_pronouns-limit")
    expect(note).to_have_text("Up to 40 characters.")
    pronouns.fill("they/them, or any pronouns")  # 26 of 40
    expect(note).to_have_text("Up to 40 characters.")
    pronouns.fill("they/them, she/her, or any pronouns at all")  # 42: nothing is cut
    expect(pronouns).to_have_value("they/them, she/her, or any pronouns at all")
    expect(note).to_have_text("2 characters too many. Please shorten it to save.")
    expect(pronouns).to_have_attribute("aria-describedby", re.compile(r"id_pronouns-limit"))
    pronouns.fill("they/them, she/her, or any pronouns")  # 35
    expect(note).to_have_text("5 characters left.")
    check_axe(page)
