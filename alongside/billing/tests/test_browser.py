"""The billing clerk's month end in Chromium: the queue, a block fixed, an export made in the
background, the payer's 835 read from the page, lines paid and denied; axe-clean at each step."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from alongside.billing.tests.factories import identity, make_biller, payer, signed_note
from alongside.billing.tests.remits import Answer, Paid, validate_835, write_835
from alongside.common.testing.browser import check_axe, sign_in_context
from alongside.records.tests.factories import START

pytestmark = pytest.mark.browser


def test_a_clerk_fixes_a_block_exports_and_reads_the_payers_answer(
    new_context, live_url, world, tmp_path
):
    found = payer(world.program)
    identity(world, found, diagnoses=[])  # blocked: no diagnosis on file
    signed_note(world, minutes=45)
    signed_note(world, minutes=30, start=START.replace(day=START.day + 1))
    make_biller(world["admin"])
    context = new_context()
    sign_in_context(context, live_url, world["admin"])
    page = context.new_page()
    page.goto(f"{live_url}/billing/?start=2026-12-01&end=2026-12-31")
    expect(page.get_by_text("Ready: 0 · Blocked: 2")).to_be_visible()
    check_axe(page)

    # fix the block where the queue says
    page.get_by_role("link", name="Add the diagnosis").first.click()
    page.wait_for_url(re.compile(r"/billing/people/\d+/$"))
    page.get_by_label("Diagnosis codes from the service order").fill("F33.1 F11.20")
    check_axe(page)
    page.get_by_role("button", name="Keep these details").click()
    page.wait_for_url(re.compile(r"/billing/$"))
    page.goto(f"{live_url}/billing/?start=2026-12-01&end=2026-12-31")
    expect(page.get_by_text("Ready: 2 · Blocked: 0")).to_be_visible()

    # export: the worker makes the file while the page shows its progress
    page.get_by_label("X12 837P (to the payer or clearinghouse)").check()
    page.get_by_role("button", name="Export").click()
    page.wait_for_url(re.compile(r"/billing/exports/\d+/$"))
    download_link = page.get_by_role("link", name=re.compile(r"^Download claims-\d+\.837$"))
    expect(download_link).to_be_visible()
    check_axe(page)
    with page.expect_download() as download:
        download_link.click()
    sent = download.value.path().read_text()
    claim_id = re.search(r"~\nCLM\*([^*]+)\*", sent).group(1)

    # the payer answers: the first day paid, the second denied
    answer = write_835(
        [
            Answer(
                claim_id,
                [
                    Paid("HC:H0038:HF:95", Decimal(39), Decimal(39), START.date(), 3),
                    Paid(
                        "HC:H0038:HF:95",
                        Decimal(26),
                        Decimal(0),
                        START.date().replace(day=START.day + 1),
                        2,
                        carc=["197"],
                    ),
                ],
            )
        ]
    )
    assert validate_835(answer)[0]
    remittance = tmp_path / "december.835"
    remittance.write_text(answer)
    page.goto(f"{live_url}/billing/")
    page.get_by_role("link", name="Read the payer's answer (835)").click()
    page.wait_for_url(re.compile(r"/billing/remittance/$"))
    check_axe(page)
    page.get_by_label("The payer's 835 file").set_input_files(str(remittance))
    page.get_by_role("button", name="Read the file").click()
    page.wait_for_url(re.compile(r"/billing/$"))
    expect(page.get_by_text("835 read: 1 lines paid, 1 denied, 0 voids done.")).to_be_visible()
    page.goto(f"{live_url}/billing/?start=2026-12-01&end=2026-12-31")
    expect(page.get_by_text("Paid: 1 · Denied: 1")).to_be_visible()
    expect(page.get_by_text("197: prior authorisation was needed and not on file")).to_be_visible()
    expect(page.get_by_role("button", name=f"Fix and send claim {claim_id} again")).to_be_visible()
    check_axe(page)
