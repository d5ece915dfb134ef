"""Journeys through accounts as people meet them: in Chromium, against the live ASGI server."""

import base64
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from alongside.accounts.choices import Audience, Role
from alongside.accounts.models import User
from alongside.accounts.tests.factories import PASSWORD, person
from alongside.common.testing.browser import check_axe, sign_in_context, sign_in_page

pytestmark = pytest.mark.browser

SPANISH_CATALOG = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.mo"
PASSWORD_LABEL = re.compile(r"^Password:?$")  # not "Password again"
QUICK_EXIT_URL = "https://www.google.com/search?q=weather"  # Program.quick_exit_url's default


def _submit(page: Page, action: str) -> None:
    page.locator(f"main form[action$='{action}'] button[type=submit]").click()


def _spanish(text: str) -> str:
    with translation.override("es"):
        return translation.gettext(text)


def test_a_new_member_joins_after_fixing_a_weak_password_and_shares_a_profile_field(
    page, live_url, world
):
    page.goto(f"{live_url}/account/sign-up/")
    page.get_by_label(world.program.name).check()  # two programs take sign-ups: the person chooses
    page.get_by_label("Pseudonym").fill("quiet-heron")
    page.get_by_label(PASSWORD_LABEL).fill("password123")
    page.get_by_label("Password again").fill("password123")
    _submit(page, "/account/sign-up/")

    # Refused with a clear reason, next to the password, and nothing typed is lost.
    expect(page.locator(".field-error[role=alert]")).to_contain_text("This password is too common.")
    expect(page.get_by_label("Pseudonym")).to_have_value("quiet-heron")
    assert not User.objects.filter(username="quiet-heron").exists()

    page.get_by_label(PASSWORD_LABEL).fill("lantern-over-still-water-7")
    page.get_by_label("Password again").fill("lantern-over-still-water-7")
    _submit(page, "/account/sign-up/")

    expect(page).to_have_url(f"{live_url}/account/profile/")
    expect(page.locator(".messages")).to_contain_text("Welcome.")
    page.get_by_label("Pronouns").fill("they/them")
    pronouns_row = page.locator(".field-with-audience", has=page.get_by_label("Pronouns"))
    pronouns_row.get_by_label("Who can see this?").select_option(
        label=str(Audience.CARE_TEAM.label)
    )
    _submit(page, "/account/profile/")

    expect(page.locator(".messages")).to_contain_text("Your profile is saved.")
    expect(page.get_by_label("Pronouns")).to_have_value("they/them")
    expect(pronouns_row.get_by_label("Who can see this?")).to_have_value(Audience.CARE_TEAM.value)
    member = User.objects.get(username="quiet-heron")
    assert member.profile.pronouns == "they/them"
    assert member.profile.audience("pronouns") == Audience.CARE_TEAM
    assert member.profile.audience("gender") == Audience.ONLY_ME  # untouched fields stay private


def test_a_member_signs_out_and_signs_in_again(page, live_url, world):
    member = world["member"]
    sign_in_page(page, live_url, member.username, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {member.display_name}")

    page.get_by_role("button", name="Sign out").click()

    expect(page).to_have_url(f"{live_url}/account/sign-in/")
    expect(page.locator(".messages")).to_contain_text("You are signed out")
    page.goto(f"{live_url}/")  # signed out, the address shows the program's public front page
    expect(page.locator("main")).to_contain_text("not an emergency service")
    expect(page.locator("main")).not_to_contain_text(member.display_name)

    sign_in_page(page, live_url, member.username, PASSWORD)
    expect(page).to_have_url(f"{live_url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {member.display_name}")


def _expect_spanish(page: Page) -> None:
    expect(page.locator("html")).to_have_attribute("lang", "es")
    if SPANISH_CATALOG.exists():
        assert _spanish("Change language") != "Change language", (
            "the Spanish catalog translates the shell"
        )
        expect(page.get_by_role("link", name=_spanish("Skip to main content"))).to_be_attached()
        expect(page.get_by_role("button", name=_spanish("Change language"))).to_be_visible()


def test_a_member_switches_to_spanish_and_it_stays_spanish_after_signing_in_again(
    page, live_url, world, new_context
):
    member = world["member"]
    sign_in_page(page, live_url, member.username, PASSWORD)
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.locator("footer select[name=language]").select_option("es")
    page.locator("footer form.language-switch button[type=submit]").click()

    expect(page).to_have_url(f"{live_url}/")  # back on the page the switch was used from
    _expect_spanish(page)
    if SPANISH_CATALOG.exists():
        hello = _spanish("Hello, %(name)s") % {"name": member.display_name}
        expect(page.get_by_role("heading", level=1)).to_have_text(hello)
    assert {"name": settings.LANGUAGE_COOKIE_NAME, "value": "es"}.items() <= next(
        c for c in page.context.cookies() if c["name"] == settings.LANGUAGE_COOKIE_NAME
    ).items()

    page.locator("form[action$='/account/sign-out/'] button").click()
    expect(page).to_have_url(f"{live_url}/account/sign-in/")
    _expect_spanish(page)
    sign_in_page(page, live_url, member.username, PASSWORD)
    _expect_spanish(page)

    # The account remembers it too: on another device, with no cookie yet, signing in brings Spanish back.
    other_device = new_context().new_page()
    sign_in_page(other_device, live_url, member.username, PASSWORD)
    expect(other_device).to_have_url(f"{live_url}/")
    _expect_spanish(other_device)


def test_a_supervisor_without_a_device_sets_up_two_step_sign_in_and_reaches_home(
    page, live_url, world
):
    supervisor = person(
        world.program, Role.SUPERVISOR, username="new-supervisor", display_name="Sam Lake"
    )
    TOTPDevice.objects.filter(user=supervisor).delete()

    sign_in_page(page, live_url, supervisor.username, PASSWORD)

    expect(page).to_have_url(re.compile(r"/account/two-factor/\?next=%2F$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-step sign-in")
    key = base64.b32decode(page.get_by_test_id("totp-secret").inner_text().replace(" ", ""))
    page.get_by_label("Six-digit code").fill(f"{TOTP(key).token():06d}")
    _submit(page, "/account/two-factor/")

    expect(page).to_have_url(f"{live_url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Sam Lake")
    expect(page.locator(".messages")).to_contain_text("Two-step sign-in is on.")
    assert TOTPDevice.objects.get(user=supervisor).confirmed


def _signed_in_as_member(page: Page, live_url: str, member: User) -> None:
    sign_in_page(page, live_url, member.username, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {member.display_name}")


def _session_cookie(page: Page) -> dict:
    return next(c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)


def _expect_session_gone(new_context, live_url: str, session_cookie: dict) -> None:
    """The old session cookie, replayed from a clean browser, no longer signs anyone in: the server has
    forgotten the session, not just the browser its cookie."""
    replay = new_context()
    replay.add_cookies([{k: session_cookie[k] for k in ("name", "value", "domain", "path")}])
    probe = replay.new_page()
    probe.goto(f"{live_url}/healthz")
    # The sign-out beacon is fire-and-forget, so it may still be on its way: let Playwright poll for it.
    probe.wait_for_function(
        """async () => (await fetch("/account/profile/", {redirect: "manual"})).type === "opaqueredirect" """
    )
    # A page for signed-in people ("/" shows the public front page to anyone).
    response = replay.request.get(f"{live_url}/account/profile/", max_redirects=0)
    assert response.status == 302
    assert response.headers["location"].startswith("/account/sign-in/")


def test_escape_three_times_leaves_for_a_neutral_page_and_ends_the_session(
    page, live_url, world, new_context
):
    member = world["member"]
    _signed_in_as_member(page, live_url, member)
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Profile").click()
    expect(page).to_have_url(f"{live_url}/account/profile/")
    page.get_by_label("Pronouns").fill("she/her")
    # A form sent is the one way a member page enters the tab's history (links replace the entry).
    _submit(page, "/account/profile/")
    expect(page.locator(".messages")).to_contain_text("Your profile is saved.")
    nav.get_by_role("link", name="Sharing").click()
    # wait_for_url also waits for the load event: the shell's script is listening for Escape by then.
    page.wait_for_url(f"{live_url}/account/sharing/")
    session_cookie = _session_cookie(page)

    for _ in range(3):
        page.keyboard.press("Escape")

    expect(page).to_have_url(QUICK_EXIT_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Weather today")
    _expect_session_gone(new_context, live_url, session_cookie)
    assert settings.SESSION_COOKIE_NAME not in {c["name"] for c in page.context.cookies()}

    # Back reaches no Alongside page at all, not even the sign-in page: the quick exit took every
    # page of ours out of reach (test_browser_quick_exit.py tries each kind of navigation).
    page.go_back()
    assert not page.url.startswith(live_url), page.url


def test_the_quick_exit_button_leaves_for_a_neutral_page_and_ends_the_session(
    page, live_url, world, new_context
):
    member = world["member"]
    _signed_in_as_member(page, live_url, member)
    session_cookie = _session_cookie(page)

    page.get_by_role("button", name="Quick exit").click()

    expect(page).to_have_url(QUICK_EXIT_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Weather today")
    _expect_session_gone(new_context, live_url, session_cookie)
    page.goto(f"{live_url}/")  # signed out: the public front page, not the member's home
    expect(page.locator("main")).to_contain_text("not an emergency service")
    expect(page.get_by_role("heading", level=1)).not_to_contain_text("Hello")
    expect(page.locator("body")).not_to_contain_text(member.display_name)
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)


def test_the_first_tab_reaches_the_skip_link_which_moves_focus_to_the_main_content(
    page, live_url, world
):
    sign_in_context(page.context, live_url, world["member"])
    page.goto(f"{live_url}/")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()  # it shows itself when focused
    page.keyboard.press("Enter")

    expect(page.locator("main#main")).to_be_focused()
    page.keyboard.press("Tab")  # and the next stop is inside main, not back in the header
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


def test_on_a_phone_the_menu_folds_behind_one_button_and_opens_by_keyboard(
    new_context, live_url, world
):
    page = sign_in_context(new_context(phone=True), live_url, world["admin"]).new_page()
    page.goto(f"{live_url}/")
    menu_button = page.get_by_role("button", name="Menu")
    expect(menu_button).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("link", name="Settings", exact=True)).to_be_hidden()
    expect(
        page.get_by_role("heading", level=1)
    ).to_be_in_viewport()  # the page starts with its content
    menu_button.focus()
    page.keyboard.press("Enter")
    expect(menu_button).to_have_attribute("aria-expanded", "true")
    page.get_by_role("link", name="Settings", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Settings of")
    check_axe(page)


def test_on_a_wide_screen_every_menu_link_shows_without_a_button(new_context, live_url, world):
    page = sign_in_context(new_context(), live_url, world["admin"]).new_page()
    page.goto(f"{live_url}/")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.get_by_role("link", name="Settings", exact=True)).to_be_visible()


def test_on_a_phone_the_stop_sharing_button_is_on_screen(new_context, live_url, world):
    from alongside.accounts.choices import ConsentScope
    from alongside.accounts.services import grant_consent

    grant_consent(
        member=world["member"],
        grantee=world["clinician"],
        scope=ConsentScope.ADVANCE_DIRECTIVE,
        purpose="So my whole care team knows my wishes if I become very unwell.",
    )
    page = sign_in_context(new_context(phone=True), live_url, world["member"]).new_page()
    page.goto(f"{live_url}/account/sharing/")
    expect(page.get_by_role("button", name="Stop sharing").first).to_be_visible()
    box = page.get_by_role("button", name="Stop sharing").first.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 375, "the button runs off the screen"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, "no sideways scrolling"
    check_axe(page)
