"""The note journey in Chromium against the live server: the supporter writes a note from the day page
(a gentle hint where a clinical word crept in) and signs it; the supervisor co-signs; the member reads it
and adds their own words; an addendum after signing keeps the original words and version."""

import re

import pytest
from playwright.sync_api import expect

from alongside.common.testing.browser import check_axe, sign_in_context
from alongside.records.models import Note, NoteState

from .factories import encounter, require_cosign

pytestmark = pytest.mark.browser


def test_a_note_is_written_signed_cosigned_read_and_added_to(new_context, live_url, world):
    require_cosign(world.program)
    encounter(world.program, world["supporter"], [world["member"]], minutes=47)

    supporter = sign_in_context(new_context(), live_url, world["supporter"]).new_page()
    supporter.goto(f"{live_url}/")
    supporter.get_by_role("navigation", name="Main").get_by_role("link", name="Your day").click()
    expect(supporter.get_by_role("heading", level=1)).to_have_text("Your day")
    check_axe(supporter)
    supporter.get_by_role("button", name=re.compile("Write the note for")).click()
    supporter.wait_for_url(re.compile(r"/records/notes/\d+/write/"))
    expect(supporter.get_by_role("main")).to_contain_text("47 minutes")
    supporter.get_by_label("Another goal, written below").check()
    supporter.get_by_label("Another goal, in their words").fill("Go back to the art class")
    supporter.get_by_label("What you did together").fill("We planned the walk to the class.")
    supporter.get_by_label("How they responded").fill("The patient chose to go on Thursday.")
    supporter.get_by_label("Next steps").fill("We chat on Friday about how it went.")
    supporter.get_by_role("button", name="Save for now").click()
    expect(supporter.get_by_role("status").filter(has_text="gentle word check")).to_contain_text(
        "“patient”"
    )
    check_axe(supporter)
    supporter.get_by_label("How they responded").fill("Robin chose to go on Thursday.")
    supporter.get_by_role("button", name="Save and sign").click()
    expect(supporter.get_by_role("main")).to_contain_text("The note is signed.")
    expect(supporter.get_by_role("main")).to_contain_text("Signed, waiting for the supervisor")
    note = Note.objects.get()

    supervisor = sign_in_context(new_context(), live_url, world["supervisor"]).new_page()
    supervisor.goto(f"{live_url}/records/notes/")
    supervisor.get_by_role("link", name=re.compile("note for")).click()
    # the note's page has loaded (axe on a page still navigating finds no main landmark)
    expect(supervisor.get_by_role("button", name="Co-sign the note")).to_be_visible()
    check_axe(supervisor)
    supervisor.get_by_role("button", name="Co-sign the note").click()
    expect(supervisor.get_by_role("main")).to_contain_text("The note is co-signed.")
    assert Note.objects.get().state == NoteState.FINAL

    member = sign_in_context(new_context(), live_url, world["member"]).new_page()
    member.goto(f"{live_url}/")
    member.get_by_role("navigation", name="Main").get_by_role("link", name="Your notes").click()
    member.get_by_role("main").get_by_role("link", name=re.compile("47 minutes")).click()
    expect(member.get_by_role("main")).to_contain_text("Robin chose to go on Thursday.")
    check_axe(member)
    member.get_by_label("Your words").fill("It felt good to have a plan.")
    member.get_by_role("button", name="Add my comment").click()
    expect(member.get_by_role("main")).to_contain_text("It felt good to have a plan.")

    supporter.goto(f"{live_url}{note.get_absolute_url()}")
    supporter.get_by_label("Your words").fill("Robin told me the class went well.")
    supporter.get_by_role("button", name="Add the addendum").click()
    main = supporter.get_by_role("main")
    expect(main).to_contain_text("The addendum is added. The signed note is unchanged.")
    expect(main).to_contain_text("Robin chose to go on Thursday.")  # the signed words stay
    expect(main).to_contain_text("Robin told me the class went well.")
    supporter.get_by_role("link", name="version 1").first.click()
    expect(supporter.get_by_role("heading", level=1)).to_contain_text("Version 1")
    expect(supporter.get_by_role("main")).to_contain_text("Robin chose to go on Thursday.")
    check_axe(supporter)
