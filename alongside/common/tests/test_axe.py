"""axe-core on every page in the authorization registry, as every viewer who may see it.

A GET page added to any app's `tests/routes.py` is checked here with no further work: one test per page,
one subtest per viewer. Home and profile are also checked on a phone and in dark mode, where layout and
colours change.

Each test gets conftest's `world`, committed (`live_url` makes the test transactional) so the live server
sees it. For speed the module keeps one browser context per viewer and display, with axe-core preloaded,
and only swaps its session cookie for the new world's person.

The sweep runs on the embedded lane only: what axe reads is the HTML and CSS a page sends, which does not
depend on the database, and on the PostgreSQL lane the authorization matrix still requests every page as
every viewer (a page that failed only there would fail the matrix). `ALONGSIDE_AXE_EVERY_LANE=1` runs it
on PostgreSQL too. The journeys' own axe checks (each app's test_browser.py) run on both lanes.
"""

import os

import pytest
from django.db import connection
from django.urls import reverse

from alongside.common.testing.browser import (
    PHONE,
    ContextMaker,
    call_in_thread,
    check_axe,
    sign_in_context,
)
from alongside.common.testing.routes import ANONYMOUS, VIEWERS, all_routes

pytestmark = pytest.mark.browser

embedded_lane_only = pytest.mark.skipif(
    connection.vendor != "sqlite" and not os.environ.get("ALONGSIDE_AXE_EVERY_LANE"),
    reason="the axe sweep reads HTML, the same on every database: it runs on the SQLite lane",
)

PAGES = [
    route
    for route in all_routes()
    if not route.is_api and route.method == "GET" and route.check_axe
]
DISPLAYS = {
    "phone": {"phone": True},
    "dark": {"color_scheme": "dark"},
    "phone-dark": {"phone": True, "color_scheme": "dark"},
}


@pytest.fixture(scope="module")
def _kept_pages(browser, live_server_asgi):
    maker = ContextMaker(browser=browser, base_url=live_server_asgi)
    yield {}, maker
    maker.close_all()


@pytest.fixture
def page_for(_kept_pages, live_url, world):
    """page_for(viewer, phone=..., color_scheme=...) → a page signed in as that viewer of `world`."""
    pages, maker = _kept_pages
    signed_in = set()

    def get(viewer, **options):
        key = (viewer, *sorted(options.items()))
        if key not in pages:
            pages[key] = maker(axe=True, **options).new_page()
        page = pages[key]
        if key not in signed_in:  # the context still holds a session from an earlier test's world
            page.context.clear_cookies()
            if viewer != ANONYMOUS:
                sign_in_context(page.context, live_url, world[viewer])
            signed_in.add(key)
        return page

    return get


def _visit(page, url):
    response = page.goto(url)
    assert response is not None and response.ok, f"{url} answered {response and response.status}"


@embedded_lane_only
@pytest.mark.parametrize("route", PAGES, ids=[route.name for route in PAGES])
def test_every_page_has_no_axe_violations_for_everyone_who_may_see_it(
    page_for, live_url, world, subtests, route
):
    whose = "own" if route.object_scoped else None
    viewers = [viewer for viewer in VIEWERS if route.allow(viewer, whose)]
    assert viewers, f"nobody may see {route.name}: give it check_axe=False or fix its rule"
    for viewer in viewers:
        with subtests.test(viewer=viewer):
            kwargs = call_in_thread(route.kwargs, world, viewer, whose)  # builders may broadcast
            page = page_for(viewer)
            _visit(page, live_url + reverse(route.name, kwargs=kwargs))
            check_axe(page)


@embedded_lane_only
@pytest.mark.parametrize("display", DISPLAYS)
def test_core_pages_have_no_axe_violations_on_a_phone_and_in_dark_mode(
    page_for, live_url, subtests, display
):
    options = DISPLAYS[display]
    for url_name in ("accounts:home", "accounts:profile"):
        for viewer in ("member", "supervisor"):
            with subtests.test(page=url_name, viewer=viewer):
                page = page_for(viewer, **options)
                _visit(page, live_url + reverse(url_name))
                if options.get("phone"):
                    assert page.viewport_size == PHONE
                    assert (
                        page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
                    ), "the page scrolls sideways on a phone"
                scheme = options.get("color_scheme", "light")
                assert page.evaluate(f"matchMedia('(prefers-color-scheme: {scheme})').matches")
                check_axe(page)


def test_check_axe_fails_naming_the_rule_and_the_element_when_a_page_breaks_one(new_context):
    page = new_context().new_page()
    page.set_content(
        "<!doctype html><html lang='en'><title>Broken</title><main><h1>Broken</h1>"
        "<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw=' class='no-alt'></main></html>"
    )

    with pytest.raises(
        AssertionError, match=r"(?s)image-alt: Images must have alternative text.*no-alt"
    ):
        check_axe(page)
