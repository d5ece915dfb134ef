"""Resources journeys in Chromium against the live ASGI server: a member finds help on a phone and adds
it to their to-do list; a hospital partner's hand-off is matched, the peer reaches out and lines up two
referrals, the person's first screen shows it all, one referral connects on its follow-up date and the
7-day figure is right; and an admin imports 1,000 resources after a file with bad rows imported none."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from alongside.accounts.tests.factories import PASSWORD
from alongside.common.testing.browser import check_axe, sign_in_page
from alongside.matching.models import SupporterProfile
from alongside.resources import services
from alongside.resources.models import HandOff, Referral, Resource
from alongside.resources.tests.factories import resource

pytestmark = pytest.mark.browser

ALWAYS = {day: [["00:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def test_a_member_on_a_phone_finds_food_nearby_and_adds_it_to_their_to_do_list(
    new_context, live_url, world
):
    resource(world.program, name="Old Mill Pantry", needs=["food"], hours=ALWAYS,
             latitude=40.0121, longitude=-75.0211, phone="555-0101")  # fmt: skip
    resource(world.program, name="Faraway Pantry", needs=["food"], hours=ALWAYS, latitude=41.5)
    resource(world.program, name="Night Shelter", needs=["housing"], hours=ALWAYS)
    page = new_context(phone=True).new_page()
    sign_in_page(page, live_url, world["member"].username, PASSWORD)
    page.goto(f"{live_url}/resources/")
    page.get_by_label("What do you need?").select_option("food")
    page.get_by_label("Near (a postcode or place)").fill("RB02")
    page.get_by_label("Open now").check()
    page.get_by_role("button", name="Search").click()
    results = page.locator(".results > .result")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Old Mill Pantry")
    expect(results.first).to_contain_text("km away")
    check_axe(page)
    results.first.get_by_role("link", name="Old Mill Pantry").click()
    page.get_by_role("link", name="Add to a to-do list").click()
    page.get_by_label("What we agreed").fill("Go on Friday morning.")
    page.get_by_label("Check in on").fill(services.today_in(world.program).isoformat())
    page.get_by_role("button", name="Add to the to-do list").click()
    expect(page.get_by_role("heading", name="My to-do list")).to_be_visible()
    item = page.locator(".todo .card", has_text="Old Mill Pantry")
    expect(item).to_contain_text("Today is the day to check in.")
    expect(item).to_contain_text("Go on Friday morning.")
    check_axe(page)


def test_a_hospital_hand_off_is_matched_reached_within_7_days_and_welcomed(
    new_context, live_url, world
):
    peer = world["supporter"]
    SupporterProfile.objects.create(
        user=peer, program=world.program, bio="Two hospital stays, ten years well.",
        languages=["en", "es"], lived_experience=["hospital"], capacity=5,
    )  # fmt: skip
    housing = resource(world.program, name="Northgate Housing Help Desk", needs=["housing"])
    clinic = resource(world.program, name="Cedar Hill Free Clinic", needs=["clinic"])
    today = services.today_in(world.program)

    # The hospital social worker (a clinician-role account) sends the hand-off.
    partner = new_context().new_page()
    sign_in_page(partner, live_url, world["clinician"].username, PASSWORD)
    partner.goto(f"{live_url}/hand-offs/new/")
    partner.get_by_label("Your name and service").fill("Sam, Riverbend General social work")
    partner.get_by_label("A first name or nickname the person chose").fill("morning-heron")
    partner.get_by_label("The person's phone or email").fill("555-0177")
    partner.get_by_label("Leaving").select_option("hospital")
    partner.get_by_label("Discharge or release date").fill((today - timedelta(days=2)).isoformat())
    partner.get_by_label("Housing").check()
    partner.get_by_label("Clinics and health care").check()
    partner.get_by_label("What they would like in a peer").fill("Someone who has been in hospital.")
    partner.get_by_label("The person agreed to be put in touch with a peer supporter.").check()
    partner.get_by_label("What they agreed to, in their words or yours").fill("Agreed on the ward.")
    partner.get_by_role("button", name="Send the hand-off").click()
    expect(
        partner.get_by_role("heading", name="Thank you. The hand-off is with us.")
    ).to_be_visible()
    invite_url = partner.get_by_test_id("invite-link").input_value()
    check_axe(partner)
    hand_off = HandOff.objects.get()

    # It waits in the matching queue; the supervisor matches it by hand.
    supervisor = new_context().new_page()
    sign_in_page(supervisor, live_url, world["supervisor"].username, PASSWORD)
    supervisor.goto(f"{live_url}/matching/supervisor/")
    row = supervisor.locator("tr", has_text="morning-heron")
    row.get_by_label("Supporter").select_option(str(peer.pk))
    row.get_by_role("button", name="Assign").click()
    expect(supervisor.get_by_role("main")).to_contain_text("Matched")

    # The peer makes first contact and lines up two referrals.
    supporter = new_context().new_page()
    sign_in_page(supporter, live_url, peer.username, PASSWORD)
    supporter.goto(f"{live_url}/conversations/")
    supporter.get_by_role("link", name=re.compile("morning-heron")).first.click()
    expect(supporter.locator("[data-connection]")).to_have_attribute("data-state", "live")
    supporter.get_by_label("Your message").fill("Hi, I'm your peer. Welcome home.")
    supporter.get_by_role("button", name="Send").click()
    # The message shows at once, still sending: wait for the server's "Sent", or the next goto closes
    # the connection before the first contact (which the 7-day figure counts) is stored.
    expect(
        supporter.locator(".message", has_text="Welcome home").locator("[data-state]")
    ).to_have_text("Sent")
    for place, agreed in ((housing, "Call on Monday together."), (clinic, "Walk in on Tuesday.")):
        supporter.goto(f"{live_url}/resources/{place.pk}/refer/")
        supporter.get_by_label("Who is this for?").select_option(label="morning-heron")
        supporter.get_by_label("What we agreed").fill(agreed)
        supporter.get_by_label("Check in on").fill(today.isoformat())
        supporter.get_by_role("button", name="Add to the to-do list").click()
        # The form itself names the place: wait for the saved list, or the next goto cancels the POST.
        expect(supporter.get_by_text("Added to the to-do list.")).to_be_visible()
        expect(supporter.get_by_role("main")).to_contain_text(place.name)

    # The person opens their invite: a warm first screen with their peer and what is lined up.
    member = new_context().new_page()
    member.goto(invite_url)
    member.get_by_label("Choose a password").fill("a long and private passphrase")
    member.get_by_role("button", name="Continue").click()
    expect(member.get_by_role("heading", name="Welcome, morning-heron.")).to_be_visible()
    expect(member.get_by_test_id("peer-name")).to_contain_text(peer.display_name)
    lined_up = member.locator("section", has_text="Already lined up for you")
    expect(lined_up).to_contain_text("Northgate Housing Help Desk")
    expect(lined_up).to_contain_text("Cedar Hill Free Clinic")
    check_axe(member)

    # On the follow-up date (today) the reminder has fired; the peer marks one referral connected.
    referral = Referral.objects.get(resource=clinic)
    assert referral.reminded_on == today
    supporter.goto(f"{live_url}/resources/referrals/{referral.pk}/")
    supporter.get_by_label("Connected").check()
    supporter.get_by_role("button", name="Save").click()
    expect(supporter.get_by_role("main")).to_contain_text("Saved.")

    # The program sees the contact on day 2: within 7 days.
    supervisor.goto(f"{live_url}/hand-offs/")
    expect(supervisor.get_by_test_id("rate-7")).to_have_text("100%")
    row = supervisor.locator("tr", has_text="morning-heron")
    expect(row.locator("td").nth(3)).to_have_text("2")
    check_axe(supervisor)
    assert hand_off.support_request.hand_off == hand_off


def test_an_admin_imports_1000_resources_after_a_bad_file_imported_nothing(
    new_context, live_url, world, tmp_path
):
    header = "id,name,needs,latitude,longitude,hours,languages,last_verified_on\n"
    good = "".join(
        f"r-{n},Place {n},food,40.0{n % 10},-75.0{n % 7},mon 09:00-17:00,en;es,2026-10-01\n"
        for n in range(1000)
    )
    bad = good.replace("r-10,Place 10,food", "r-10,Place 10,spaceships").replace(
        "r-700,Place 700,food,40.00", "r-700,Place 700,food,north"
    )
    (tmp_path / "bad.csv").write_text(header + bad)
    (tmp_path / "good.csv").write_text(header + good)
    page = new_context().new_page()
    sign_in_page(page, live_url, world["admin"].username, PASSWORD)

    page.goto(f"{live_url}/resources/manage/")
    page.get_by_label("Directory file").set_input_files(tmp_path / "bad.csv")
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_role("status")).to_contain_text("Nothing was imported: we found 2 problems")
    errors = page.locator(".import-errors tbody tr")
    expect(errors).to_have_count(2)
    expect(errors.nth(0)).to_contain_text("12")  # row r-10 is line 12: the header is line 1
    expect(errors.nth(0)).to_contain_text("needs")
    expect(errors.nth(1)).to_contain_text("702")
    expect(errors.nth(1)).to_contain_text("latitude")
    check_axe(page)
    assert not Resource.objects.exists()

    page.goto(f"{live_url}/resources/manage/")
    page.get_by_label("Directory file").set_input_files(tmp_path / "good.csv")
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_role("status")).to_contain_text("Done: 1000 new entries and 0 updated.")
    assert Resource.objects.filter(program=world.program).count() == 1000
