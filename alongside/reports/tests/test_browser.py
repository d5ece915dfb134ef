"""A director's journey in Chromium: the report of the hand-worked program on a phone, in English and
Spanish, axe-clean with its charts and tables; then a PDF for the board, made in the background."""

import pytest
from playwright.sync_api import expect

from alongside.common.testing.browser import check_axe, sign_in_context
from alongside.reports import services
from alongside.reports.models import Snapshot

from .program import MARCH, build

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_director_reads_the_report_on_a_phone_and_gets_a_pdf_for_the_board(
    new_context, live_url, world, language
):
    build(world)
    snapshot = Snapshot.objects.create(program=world.program, starts_on=MARCH[0], ends_on=MARCH[1])
    services.compute_snapshot(snapshot_id=snapshot.pk, schedule=False)
    context = new_context(phone=True)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_url}])
    sign_in_context(context, live_url, world["admin"])
    page = context.new_page()
    page.goto(f"{live_url}/reports/?start=2026-03-01&end=2026-03-31")
    members = "Members in touch" if language == "en" else "Miembros en contacto"
    expect(page.get_by_role("row", name=f"{members} 24")).to_be_visible()
    expect(page.locator("svg[role=img]").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, "scrolls sideways"
    check_axe(page)
    if language == "es":
        return
    page.get_by_role("link", name="Exports: CSV, spreadsheet, printable PDF").click()
    page.get_by_label("From:", exact=True).fill("2026-03-01")
    page.get_by_label("To:", exact=True).fill("2026-03-31")
    page.get_by_label("What to make").select_option("pdf")
    page.get_by_role("button", name="Make the file").click()
    download_link = page.get_by_role("link", name="Download harbor-2026-03-01-2026-03-31.pdf")
    expect(download_link).to_be_visible()
    check_axe(page)
    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename.endswith(".pdf")
