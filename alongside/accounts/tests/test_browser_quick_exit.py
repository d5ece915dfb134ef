"""Quick exit leaves nothing behind: after it, Back (and Forward) never show an Alongside page,
whatever the person did before — links, typed addresses, form posts with their redirects, sign-in with
`?next=`. In Chromium, against the live server; each test starts on an outside page, where Back should
end up."""

import re

import pytest
from playwright.sync_api import Page, expect

from alongside.accounts.tests.factories import PASSWORD
from alongside.common.testing.browser import call_in_thread, sign_in_page

pytestmark = pytest.mark.browser

BEFORE = "https://news.example/today"  # the page the person was on before Alongside
QUICK_EXIT_URL = "https://www.google.com/search?q=weather"  # Program.quick_exit_url's default


def _ours(page: Page, live_url: str) -> bool:
    return page.url.startswith(live_url)


def _check_in(page: Page) -> None:
    page.get_by_role("group", name="How is your mood today?").get_by_text(
        "Good", exact=True
    ).click()
    page.get_by_role("group", name="How did you sleep?").get_by_text("Okay", exact=True).click()
    page.get_by_role("group", name="How is your energy?").get_by_text("Some", exact=True).click()
    page.get_by_role("button", name="Check in").click()
    expect(page.locator(".messages")).to_contain_text("Thank you for checking in.")


def _exit_and_step_through_history(page: Page, live_url: str) -> None:
    # The button, not Escape three times: three key presses can take longer than the 1.5 s they must
    # fall within on a busy machine (test_browser.py covers the keys).
    page.get_by_role("button", name="Quick exit").click()
    expect(page).to_have_url(QUICK_EXIT_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Weather today")

    page.go_back()
    assert not _ours(page, live_url), page.url
    expect(page).to_have_url(BEFORE)  # what came before Alongside, nothing in between
    # Forward again: the neutral page, then any of our pages left ahead leave at once.
    page.go_forward()
    expect(page).to_have_url(QUICK_EXIT_URL)
    page.go_forward()
    expect(page).not_to_have_url(re.compile(re.escape(live_url)))


def _start(page: Page) -> None:
    page.goto(BEFORE)
    expect(page.get_by_role("heading", level=1)).to_have_text("Weather today")


def test_back_after_quick_exit_never_shows_a_page_after_a_form_post_and_its_redirect(
    page, live_url, world
):
    _start(page)
    sign_in_page(page, live_url, world["member"].username, PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Profile").click()
    page.get_by_label("Pronouns").fill("she/her")
    page.locator("main form[action$='/account/profile/'] button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("Your profile is saved.")
    page.goto(f"{live_url}/check-in/")  # a typed address
    _check_in(page)  # a form post and its redirect

    _exit_and_step_through_history(page, live_url)


def test_back_after_quick_exit_never_shows_the_sign_in_page_with_next(page, live_url, world):
    _start(page)
    page.goto(f"{live_url}/check-in/")  # signed out: redirected to sign in with ?next=/check-in/
    expect(page).to_have_url(re.compile(r"/account/sign-in/\?next=/check-in/$"))
    page.get_by_label("Pseudonym").fill(world["member"].username)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{live_url}/check-in/")
    _check_in(page)

    _exit_and_step_through_history(page, live_url)


def test_back_after_quick_exit_never_shows_a_page_after_links_and_typed_addresses(
    page, live_url, world
):
    _start(page)
    sign_in_page(page, live_url, world["member"].username, PASSWORD)
    page.goto(f"{live_url}/forums/")  # typed addresses add to the tab's history
    page.goto(f"{live_url}/account/profile/")
    page.get_by_role("link", name="Skip to main content").focus()
    page.keyboard.press("Enter")  # a same-page link (#main) adds an entry too
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Sharing").click()  # our links replace the entry
    page.wait_for_url(f"{live_url}/account/sharing/")

    _exit_and_step_through_history(page, live_url)


# Chromium has the Navigation API; Firefox before 147 and Safari before 26.2 do not. Without it the
# quick exit cannot count the pages behind it, so it leaves at once and leave.js sends every Alongside
# page reached through history on to the neutral page.
NO_NAVIGATION_API = "delete Window.prototype.navigation; delete window.navigation;"


def test_back_after_quick_exit_without_the_navigation_api_never_shows_an_alongside_page(
    new_context, live_url, world
):
    context = new_context()
    context.add_init_script(script=NO_NAVIGATION_API)
    page = context.new_page()
    _start(page)
    sign_in_page(page, live_url, world["member"].username, PASSWORD)
    assert page.evaluate("typeof window.navigation") == "undefined"
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Profile").click()
    page.get_by_label("Pronouns").fill("she/her")
    page.locator("main form[action$='/account/profile/'] button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("Your profile is saved.")
    page.goto(f"{live_url}/check-in/")
    _check_in(page)

    page.get_by_role("button", name="Quick exit").click()
    expect(page).to_have_url(QUICK_EXIT_URL)
    ours = re.compile(re.escape(live_url))
    for _ in range(12):  # Back through every entry the visit left, to what came before it
        page.go_back()
        expect(page).not_to_have_url(ours)
        expect(page.get_by_role("heading", level=1)).to_have_text("Weather today")
        if page.url == BEFORE:
            break
    assert page.url == BEFORE
    page.goto(f"{live_url}/check-in/")  # signed out, in the background
    expect(page).to_have_url(re.compile(r"/account/sign-in/\?next=/check-in/$"))


def _set_quick_exit_url(program, url):
    program.quick_exit_url = url
    program.save(update_fields=["quick_exit_url"])


def test_quick_exit_without_javascript_signs_out_and_leaves_for_the_programs_neutral_page(
    new_context, live_url, world
):
    call_in_thread(_set_quick_exit_url, world.program, "https://weather.example/today")
    page = new_context(java_script_enabled=False).new_page()
    _start(page)
    sign_in_page(page, live_url, world["member"].username, PASSWORD)
    page.goto(f"{live_url}/account/profile/")
    expect(page.get_by_label("Pronouns")).to_be_visible()

    page.get_by_role("button", name="Quick exit").click()
    expect(page).to_have_url("https://weather.example/today")
    expect(page.get_by_role("heading", level=1)).to_have_text("Weather today")
    page.goto(f"{live_url}/account/profile/")
    expect(page).to_have_url(re.compile(r"/account/sign-in/\?next=/account/profile/$"))
