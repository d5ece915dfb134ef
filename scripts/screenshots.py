"""Take the README's screenshots from a running demo: `python scripts/screenshots.py http://127.0.0.1:8000`.

Needs Debian's Chromium and the demo program (`alongside up`). Staff two-step codes come from
`alongside demo --code`, so run it with the same ALONGSIDE_DATA_DIR / ALONGSIDE_DATABASE_URL as the server.
"""

import subprocess
import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/account/sign-in/")
    page.get_by_label("Pseudonym").fill(username)
    page.get_by_label("Password").fill("alongside-demo")
    page.get_by_role("button", name="Sign in").last.click()
    if "/two-factor/" in page.url:
        code = subprocess.run(
            ["alongside", "demo", "--code", username], capture_output=True, text=True, check=True
        ).stdout.strip()
        page.get_by_label("Six-digit code").fill(code)
        page.get_by_role("button", name="Continue").click()


def first_link(page: Page, base: str, list_path: str, pattern: str) -> None:
    """Open the first link on a list page whose address matches `pattern` (e.g. a conversation)."""
    page.goto(f"{base}{list_path}")
    href = page.locator(f"main a[href*='{pattern}']").first.get_attribute("href")
    page.goto(f"{base}{href}")


def main(base: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        desktop = {"viewport": {"width": 1100, "height": 800}}
        page = browser.new_context(**desktop).new_page()
        page.goto(f"{base}/")  # what a first visit shows, before anyone signs in
        page.screenshot(path=OUT / "front-page.png")
        sign_in(page, base, "demo-member")
        page.locator("#language-choice").select_option("en")
        page.locator(".language-switch button").click()
        page.screenshot(path=OUT / "member-home.png", full_page=False)
        first_link(page, base, "/conversations/", "/conversations/")
        page.screenshot(path=OUT / "conversation.png")
        page.goto(f"{base}/find-a-peer/choose/")
        page.screenshot(path=OUT / "find-a-peer.png")
        page.goto(f"{base}/plans/safety/")
        page.screenshot(path=OUT / "safety-plan.png")
        page.goto(f"{base}/trends/")
        page.screenshot(path=OUT / "trends.png")
        page.goto(f"{base}/groups/")
        page.screenshot(path=OUT / "groups.png")
        first_link(page, base, "/forums/", "/forums/boards/")
        first_link(page, base, page.url.removeprefix(base), "/forums/threads/")
        page.screenshot(path=OUT / "forum-thread.png")
        page.goto(f"{base}/resources/")
        page.screenshot(path=OUT / "resources.png")
        page.goto(f"{base}/account/profile/")
        page.screenshot(path=OUT / "profile.png")
        page.goto(f"{base}/account/sharing/")
        page.screenshot(path=OUT / "sharing.png")

        supervisor = browser.new_context(**desktop).new_page()
        sign_in(supervisor, base, "demo-supervisor")
        supervisor.goto(f"{base}/safety/")
        supervisor.screenshot(path=OUT / "safety-dashboard.png")
        supervisor.goto(f"{base}/moderation/")
        supervisor.screenshot(path=OUT / "moderation.png")
        supervisor.goto(f"{base}/matching/supervisor/")
        supervisor.screenshot(path=OUT / "matching-supervisor.png")

        admin = browser.new_context(**desktop).new_page()
        sign_in(admin, base, "demo-admin")
        admin.goto(f"{base}/audit/")
        admin.screenshot(path=OUT / "access-log.png")
        admin.goto(f"{base}/program/")
        admin.screenshot(path=OUT / "program-settings.png")

        phone = browser.new_context(
            viewport={"width": 390, "height": 844}, device_scale_factor=1, color_scheme="dark"
        ).new_page()
        sign_in(phone, base, "demo-member")
        phone.locator("#language-choice").select_option("es")
        phone.locator(".language-switch button").click()
        phone.screenshot(path=OUT / "phone-es.png")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8000")
