"""Browser-test fixtures: a live ASGI server (uvicorn, HTTP + WebSocket) on the test database, and
Playwright driving Debian's Chromium, with helpers to sign in and to run axe-core.

    @pytest.mark.browser
    def test_a_member_signs_in(page, live_url, world):
        sign_in_page(page, live_url, world["member"].username, PASSWORD)
        expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")

- `live_url` pulls in `transactional_db`: the server runs in another thread, so it sees committed rows only.
- The server, Playwright and Chromium live for one test module; `page` and `new_context()` for one test.
- Test code may use the ORM freely, but code that calls `async_to_sync` (a service that broadcasts) must
  go through `call_in_thread`: Playwright keeps an event loop running in the test thread.
- Tests that use `page`, `browser` or `new_context` are marked `browser` automatically. Chromium must be at
  /usr/bin/chromium; without it they skip, unless ALONGSIDE_REQUIRE_BROWSER=1 (CI), where they fail.
- Nothing leaves the machine: every request to another origin is answered locally or refused.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pytest
import uvicorn

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Route

T = TypeVar("T")
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
BROWSER_FIXTURES = {"browser", "page", "new_context"}
# Playwright's `expect` waits 5 s by default; two test workers and Chromium on a loaded 2-core CI machine
# can take longer to show what is right. Actions wait up to 10 s (`ContextMaker`).
EXPECT_TIMEOUT_MS = 10_000
# What the quick-exit target (and any other outside page a test navigates to) answers with.
NEUTRAL_PAGE = "<!doctype html><html lang='en'><title>Weather</title><h1>Weather today</h1></html>"


# --- Chromium present, or a clear skip / failure --------------------------------------------------------


def _browser_missing() -> str | None:
    """Why browser tests cannot run here, or None when they can."""
    if not CHROMIUM.exists():
        return f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)."
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "The playwright package is not installed (pip install -e '.[test]')."
    return None


def _skip_or_fail_without_browser() -> None:
    problem = _browser_missing()
    if problem is None:
        return
    if os.environ.get("ALONGSIDE_REQUIRE_BROWSER") == "1":
        pytest.fail(
            f"ALONGSIDE_REQUIRE_BROWSER=1 but browser tests cannot run: {problem}", pytrace=False
        )
    pytest.skip(
        f"browser test skipped: {problem} Set ALONGSIDE_REQUIRE_BROWSER=1 to make this an error."
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # A test that drives a browser is a browser test, whether or not it says so: `-m "not browser"` works.
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(tryfirst=True)  # before any fixture (the live server, Playwright) is set up
def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("browser") is not None:
        _skip_or_fail_without_browser()


# --- the live ASGI server ---------------------------------------------------------------------------------


class _Activity:
    """Counts the server's busy handlers: an HTTP request from start to end; a WebSocket until it is
    accepted, and again from its disconnect (or the server's close) until its consumer returns."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.busy = 0
        self.changed = threading.Condition()

    def _add(self, delta: int) -> None:
        with self.changed:
            self.busy += delta
            self.changed.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: self.busy == 0, timeout=timeout)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "websocket":
            self._add(1)
            try:
                return await self.app(scope, receive, send)  # type: ignore[no-any-return]
            finally:
                self._add(-1)
        state = {"busy": True}

        def mark(busy: bool) -> None:
            if state["busy"] != busy:
                state["busy"] = busy
                self._add(1 if busy else -1)

        async def watched_receive() -> Any:
            message = await receive()
            if message["type"] == "websocket.disconnect":
                mark(True)
            return message

        async def watched_send(message: dict[str, Any]) -> None:
            await send(message)
            if message["type"] == "websocket.accept":
                mark(False)
            elif message["type"] == "websocket.close":
                mark(True)

        self._add(1)
        try:
            await self.app(scope, watched_receive, watched_send)
        finally:
            mark(False)


class _LiveServer(uvicorn.Server):
    """uvicorn in a daemon thread, on a socket bound up front so that the port is known before it starts."""

    def __init__(self, app: Any) -> None:
        self.activity = _Activity(app)
        super().__init__(
            uvicorn.Config(
                self.activity,
                lifespan="off",
                log_level="warning",
                access_log=False,
                timeout_graceful_shutdown=5,
            )
        )
        self.ready = threading.Event()
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))
        host, port = self.socket.getsockname()
        self.url = f"http://{host}:{port}"
        self.thread = threading.Thread(
            target=self.run,
            kwargs={"sockets": [self.socket]},
            name="alongside-live-server",
            daemon=True,
        )

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        self.ready.set()

    def start(self) -> None:
        self.thread.start()
        # A bounded wait for start-up, not a sleep: `ready` is set the moment uvicorn listens.
        if not self.ready.wait(timeout=30) or not self.thread.is_alive():
            raise RuntimeError("The live ASGI server did not start; see the log above.")

    def wait_until_quiet(self, timeout: float = 10) -> bool:
        """Wait, bounded, until no request is being served and no WebSocket is connecting or closing, so that
        nothing is mid-transaction when the test database is flushed. Open, idle WebSockets (a page kept
        across tests) don't count."""
        return self.activity.wait_idle(timeout)

    def stop(self) -> None:
        self.should_exit = True
        self.thread.join(timeout=30)
        self.socket.close()


_SERVERS: dict[str, _LiveServer] = {}


def _end_other_database_sessions() -> None:
    """Last resort before the flush on PostgreSQL: end any other session on the test database that is
    running a query or holds a transaction open (a handler that outlived its page), so that TRUNCATE
    neither waits on it nor deadlocks with it. Idle sessions hold no locks and are left alone: the test
    process keeps some of its own (one per thread and async context) and would find them dead."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            " AND state IN ('active', 'idle in transaction', 'idle in transaction (aborted)')"
        )


@pytest.fixture(scope="module")
def live_server_asgi(django_db_setup: None) -> Iterator[str]:
    """uvicorn serving `alongside.asgi:application` (HTTP and WebSocket) on a free 127.0.0.1 port, for
    one test module. Prefer `live_url`, which also makes the test's database transactional.

    It shares the test database: a file for SQLite (settings_test), the test database on PostgreSQL.
    """
    from django.db import connections

    from alongside.asgi import application

    # Under ASGI each request runs in a thread of its own, so a kept-alive connection (CONN_MAX_AGE) would
    # outlive its thread, pile up, and stop the test database from being dropped at the end of the run.
    kept_alive = {alias: connections.settings[alias]["CONN_MAX_AGE"] for alias in connections}
    for alias in connections:
        connections.settings[alias]["CONN_MAX_AGE"] = 0
    server = _LiveServer(application)
    try:
        server.start()
        _SERVERS[server.url] = server
        yield server.url
    finally:
        _SERVERS.pop(server.url, None)
        server.stop()
        for alias, age in kept_alive.items():
            connections.settings[alias]["CONN_MAX_AGE"] = age


@pytest.fixture
def live_url(live_server_asgi: str, transactional_db: None) -> Iterator[str]:
    """The base URL of the live server, e.g. http://127.0.0.1:54321 (no trailing slash).

    After the test, and before the database is flushed: the test's browser contexts are closed (they are
    set up after this fixture, so torn down before it), the server is waited on until every connection and
    handler has finished, and on PostgreSQL any session left over is ended."""
    yield live_server_asgi
    server = _SERVERS.get(live_server_asgi)
    if server is not None:
        server.wait_until_quiet()
    _end_other_database_sessions()


# --- Playwright and Chromium ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    """Playwright, started per module.

    Its sync API keeps an asyncio loop running in the test thread, and Django refuses database calls from
    a thread with a running loop. So while Playwright runs, DJANGO_ALLOW_ASYNC_UNSAFE is set, and it stops
    at the end of the module so that later tests keep Django's async-safety checks.
    """
    _skip_or_fail_without_browser()
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as started:
            yield started
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Debian's Chromium, headless; never a downloaded browser."""
    launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield launched
    launched.close()


def _answer_outside_requests(route: Route) -> None:
    # No network in tests: an outside page (the quick-exit target) gets a neutral stand-in, anything else
    # from outside (scripts, images, fonts) is refused, so an accidental dependency shows up as a failure.
    if route.request.resource_type == "document":
        route.fulfill(status=200, content_type="text/html", body=NEUTRAL_PAGE)
    else:
        route.abort("blockedbyclient")


@dataclass
class ContextMaker:
    """`new_context(...)` opens a fresh browser context (its own cookies: another person, another device).

    `phone=True` is a 375×812 touch screen, `color_scheme="dark"` prefers dark, `axe=True` preloads
    axe-core into every page; other keywords go to Playwright's `Browser.new_context`."""

    browser: Browser
    base_url: str | None
    opened: list[BrowserContext] = field(default_factory=list)

    def __call__(
        self,
        *,
        phone: bool = False,
        color_scheme: str = "light",
        locale: str = "en-US",
        axe: bool = False,
        **options: Any,
    ) -> BrowserContext:
        if phone:
            options = {"viewport": PHONE, "is_mobile": True, "has_touch": True, **options}
        context = self.browser.new_context(
            **{
                "viewport": DESKTOP,
                "color_scheme": color_scheme,
                "locale": locale,
                "reduced_motion": "reduce",
                "service_workers": "block",
                **options,
            }
        )
        context.set_default_timeout(10_000)  # every action and wait; `expect`: EXPECT_TIMEOUT_MS
        if axe:
            context.add_init_script(script=_axe_script())
        if self.base_url:
            own = self.base_url

            def outside(url: str) -> bool:
                return not (url.startswith(own) or url.startswith(("data:", "about:", "blob:")))

            context.route(outside, _answer_outside_requests)
        self.opened.append(context)
        return context

    def close_all(self) -> None:
        for context in self.opened:
            context.close()
        self.opened.clear()


@pytest.fixture
def new_context(browser: Browser, request: pytest.FixtureRequest) -> Iterator[ContextMaker]:
    """A maker of browser contexts, all closed after the test. `new_context(phone=True)` is 375×812;
    `new_context(color_scheme="dark")` prefers dark. With the live server in use, outside URLs are
    answered locally."""
    names = set(request.fixturenames)
    # Through `live_url` when the test uses it, so that the contexts close before its teardown (and the
    # database flush) rather than after.
    if "live_url" in names:
        base_url: str | None = request.getfixturevalue("live_url")
    elif "live_server_asgi" in names:
        base_url = request.getfixturevalue("live_server_asgi")
    else:
        base_url = None
    maker = ContextMaker(browser=browser, base_url=base_url)
    yield maker
    maker.close_all()


@pytest.fixture
def page(new_context: ContextMaker) -> Page:
    """A page in a fresh desktop-size context."""
    return new_context().new_page()


# --- helpers ----------------------------------------------------------------------------------------------


def call_in_thread(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`function(*args, **kwargs)` in a short-lived thread, for code that uses `async_to_sync` (a channel
    layer send, a service that broadcasts): Playwright keeps an event loop running in the test thread,
    where `async_to_sync` refuses to work. The thread's database connections are closed after."""
    from django.db import connections

    def run() -> T:
        try:
            return function(*args, **kwargs)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="alongside-test") as pool:
        return pool.submit(run).result()


def totp_code(user: Any) -> str:
    """The code `user`'s authenticator app would show now, as django-otp will accept it.

    A code is good once per 30-second step, so a second sign-in within the same step uses the next step's
    code, which django-otp's tolerance of one step admits.
    """
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").last()
    if device is None:
        raise AssertionError(f"{user.username} has no confirmed two-step device.")
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if totp.t() <= device.last_t:
        totp.drift += device.last_t + 1 - totp.t()
    return f"{totp.token():0{device.digits}d}"


def sign_in_page(page: Page, live_url: str, username: str, password: str) -> None:
    """Sign in through the real form, and give the two-step code when asked (staff with a device).

    Staff with no device are left on the two-step setup page. Fails with the form's message when the
    pseudonym and password are refused. Works in any language: it finds fields by name, not label.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    from alongside.accounts.models import User

    page.goto(f"{live_url}/account/sign-in/")
    form = page.locator("main form[action$='/account/sign-in/']")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(password)
    form.locator("button[type=submit]").click()
    try:
        page.wait_for_url(lambda url: "/account/sign-in/" not in url)
    except PlaywrightTimeoutError:
        errors = page.locator(".form-errors, .field-error").all_inner_texts()
        raise AssertionError(
            f"Signing in as {username} failed: {' '.join(errors) or page.url}"
        ) from None
    if "/account/two-factor/verify/" in page.url:
        code_form = page.locator("main form[action$='/account/two-factor/verify/']")
        code_form.locator("input[name=code]").fill(totp_code(User.objects.get(username=username)))
        code_form.locator("button[type=submit]").click()
        page.wait_for_url(lambda url: "/account/two-factor/verify/" not in url)


def sign_in_context(context: BrowserContext, live_url: str, user: Any) -> BrowserContext:
    """Give `context` a signed-in (and two-step verified) session for `user` without the form: for tests
    about pages rather than about signing in. Like `Client.force_login`."""
    from django.conf import settings
    from django.test import Client

    from conftest import sign_in

    session_key = sign_in(Client(), user).cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session_key,
                "url": live_url,
                "httpOnly": True,
                "sameSite": "Lax",
            }
        ]
    )
    return context


def axe_report(url: str, violations: list[dict[str, Any]]) -> str:
    """Violations as a reader wants them: rule, impact, what to do, and each offending element."""
    lines = [f"axe-core found {len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"\n[{violation['impact']}] {violation['id']}: {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"  - {' '.join(str(t) for t in node['target'])}")
            lines.append(f"    {node['html'][:200]}")
            for line in (node.get("failureSummary") or "").splitlines():
                lines.append(f"      {line.strip()}")
    return "\n".join(lines)


_AXE: list[Any] = []


def _axe_script() -> str:
    if not _AXE:
        from axe_playwright_python.sync_playwright import Axe

        _AXE.append(Axe())  # reads the bundled axe-core (500 kB) once per session
    return str(_AXE[0].axe_script)


def check_axe(
    page: Page,
    *,
    context: str | dict[str, Any] | None = None,
    options: dict[str, Any] | None = None,
) -> None:
    """Run axe-core on the page as it is now; fail with a readable report of any violation.

    axe-core is injected unless the context preloads it (`new_context(axe=True)`, faster for many pages).
    """
    if page.evaluate("typeof window.axe === 'undefined'"):
        page.evaluate(_axe_script())
    results = page.evaluate(
        "([context, options]) => axe.run(context || document, options)",
        [context, options or {"resultTypes": ["violations"]}],
    )
    if results["violations"]:
        raise AssertionError(axe_report(page.url, results["violations"]))
