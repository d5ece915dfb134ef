"""The dashboard, its progress, the exports (CSV, XLSX, PDF, research rows), the API and the command,
on the hand-computed program of `program.py`."""

import csv
import io
import json
import re
import zipfile
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from alongside.accounts.choices import ConsentScope
from alongside.accounts.models import Consent
from alongside.accounts.tests.factories import person
from alongside.audit.models import AccessLog
from alongside.reports import services
from alongside.reports.exports import pseudonym
from alongside.reports.models import Export, ExportKind, Snapshot, Status

from .program import MARCH, build

pytestmark = pytest.mark.django_db
PERIOD = {"start": "2026-03-01", "end": "2026-03-31"}


@pytest.fixture
def members(world):
    return build(world)


def ready_snapshot(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        snapshot = services.request_snapshot(
            program=world.program, starts_on=MARCH[0], ends_on=MARCH[1]
        )
    snapshot.refresh_from_db()
    assert snapshot.status == Status.READY and snapshot.progress == 100
    return snapshot


def cells(html):
    """The text of every table cell on a page, in order."""
    return [
        re.sub(r"<[^>]+>", "", c).strip()
        for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", html, re.S)
    ]


def test_the_dashboard_shows_progress_until_the_worker_has_computed_the_period(
    world, members, client_for
):
    page = client_for("admin").get(reverse("reports:dashboard"), PERIOD).content.decode()
    assert "Preparing the figures for this period" in page
    snapshot = Snapshot.objects.get(program=world.program, starts_on=MARCH[0])
    assert snapshot.status == Status.QUEUED
    assert f'hx-get="{reverse("reports:progress", args=[snapshot.pk])}"' in page


def test_the_dashboard_reads_one_stored_report_in_a_fixed_number_of_queries(
    world, members, client_for, django_capture_on_commit_callbacks, django_assert_num_queries
):
    ready_snapshot(world, django_capture_on_commit_callbacks)
    client = client_for("supervisor")
    client.get(reverse("reports:dashboard"), PERIOD)  # the shell's first reads settle
    # Session, user, device, roles, profile (the shell); the stored report; the shell's safety alerts
    # and open count; sliding the session's expiry. None depends on the program's size.
    with django_assert_num_queries(9):
        page = client.get(reverse("reports:dashboard"), PERIOD).content.decode()
    text = cells(page)
    assert "Members in touch" in text and "24" in text
    assert text[text.index("Wait for someone now, median") + 1] == "60 min"
    assert "Crisis alerts by time of day and level" in page
    assert '<svg viewBox="0 0 640' in page  # a chart beside each table
    assert text.count("hidden") >= 6  # the small cells of the escalations and language tables
    assert "Published studies of peer support report 42 % fewer hospital readmissions" in page


def test_the_dashboard_reads_in_spanish(
    world, members, client_for, django_capture_on_commit_callbacks
):
    ready_snapshot(world, django_capture_on_commit_callbacks)
    client = client_for("admin")
    client.cookies["django_language"] = "es"
    page = client.get(reverse("reports:dashboard"), PERIOD).content.decode()
    assert "Informe del programa" in page and "Miembros en contacto" in page and "oculto" in page


def test_a_period_that_ends_before_it_starts_says_so_and_keeps_the_dates(world, client_for):
    page = (
        client_for("admin")
        .get(reverse("reports:dashboard"), {"start": "2026-03-31", "end": "2026-03-01"})
        .content.decode()
    )
    assert "The end must be on or after the start." in page
    assert 'value="2026-03-31"' in page


def _export(world, client_for, django_capture_on_commit_callbacks, kind, role="admin"):
    client = client_for(role)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:exports"), {**PERIOD, "kind": kind})
    assert response.status_code == 302
    export = Export.objects.get(requested_by=world[role], kind=kind)
    page = client.get(reverse("reports:export", args=[export.pk])).content.decode()
    assert "Download" in page
    download = client.get(reverse("reports:download", args=[export.pk]))
    assert download.status_code == 200
    return b"".join(download.streaming_content) if download.streaming else download.content


def test_the_csv_export_has_every_table_with_small_cells_hidden(
    world, members, client_for, django_capture_on_commit_callbacks
):
    archive = zipfile.ZipFile(
        io.BytesIO(_export(world, client_for, django_capture_on_commit_callbacks, "csv"))
    )
    assert "escalations_by_hour.csv" in archive.namelist() and "summary.csv" in archive.namelist()
    rows = list(csv.reader(io.StringIO(archive.read("escalations_by_hour.csv").decode())))
    assert rows[0] == ["Time of day", "High", "Imminent", "Total"]
    assert rows[2] == ["6 am to noon", "hidden", "hidden", "hidden"]
    assert rows[-1] == ["Total", "hidden", "hidden", "30"]


def test_the_xlsx_export_opens_with_a_sheet_per_table(
    world, members, client_for, django_capture_on_commit_callbacks
):
    book = load_workbook(
        io.BytesIO(_export(world, client_for, django_capture_on_commit_callbacks, "xlsx"))
    )
    assert "fairness_language" in book.sheetnames and "Summary" in book.sheetnames
    summary = {row[1]: row[2] for row in book["Summary"].iter_rows(values_only=True)}
    assert summary["Members in touch"] == 24
    assert summary["Still in touch 30 days after joining"] == 75.0


def test_the_pdf_opens_and_says_what_the_dashboard_says(
    world, members, client_for, django_capture_on_commit_callbacks
):
    content = _export(world, client_for, django_capture_on_commit_callbacks, "pdf")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    text = " ".join(text.split())
    ready_snapshot(world, django_capture_on_commit_callbacks)
    page = client_for("admin").get(reverse("reports:dashboard"), PERIOD).content.decode()
    shown = cells(page)
    for label, value in [
        ("Members in touch", "24"),
        ("Still in touch 30 days after joining", "75 %"),
        ("Wait for someone now, median", "60 min"),
        ("Reached by a peer within 7 days", "75 %"),
    ]:
        assert shown[shown.index(label) + 1] == value  # the dashboard …
        assert f"{label} {value}" in text  # … and the PDF
    assert "Definitions" in text and "Jacobson" in text


def test_the_research_export_has_only_consenting_members_under_a_code(
    world, members, client_for, django_capture_on_commit_callbacks
):
    for member in members[:2]:
        Consent.objects.create(
            program=world.program,
            member=member,
            grantee=world["admin"],
            scope=ConsentScope.RESEARCH,
        )
    content = _export(world, client_for, django_capture_on_commit_callbacks, "members").decode()
    rows = list(csv.DictReader(io.StringIO(content)))
    assert [r["member"] for r in rows] == sorted(
        pseudonym(world.program.pk, m.pk) for m in members[:2]
    ) or len(rows) == 2
    assert {r["member"] for r in rows} == {pseudonym(world.program.pk, m.pk) for m in members[:2]}
    assert all("m0" not in value for r in rows for value in r.values())  # no usernames
    assert rows[0]["phq9_first"] == "15" and rows[0]["chat_contacts"] == "2"
    assert AccessLog.objects.filter(purpose__startswith="Research export").exists()


def test_only_an_administrator_may_ask_for_member_level_rows(world, client_for):
    response = client_for("supervisor").post(
        reverse("reports:exports"), {**PERIOD, "kind": "members"}
    )
    assert response.status_code == 400
    assert "Only a program administrator may export member-level rows." in response.content.decode()
    assert not Export.objects.exists()


def test_an_export_is_its_makers_alone(world, client_for):
    export = Export.objects.create(
        program=world.program,
        requested_by=world["admin"],
        kind=ExportKind.CSV,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 3, 31),
        status=Status.READY,
        content=b"x",
    )
    colleague = person(world.program, "admin")
    from django.test import Client

    from conftest import sign_in

    assert (
        sign_in(Client(), colleague).get(reverse("reports:download", args=[export.pk])).status_code
        == 404
    )


def test_the_api_gives_the_same_stored_figures(world, members, django_capture_on_commit_callbacks):
    from alongside.accounts.services import issue_api_token

    snapshot = ready_snapshot(world, django_capture_on_commit_callbacks)
    from django.test import Client

    headers = {"Authorization": f"Bearer {issue_api_token(user=world['supervisor'])}"}
    response = Client().get("/api/reports/figures", PERIOD, headers=headers)
    assert response.status_code == 200
    assert response.json()["headline"] == snapshot.figures["headline"]
    bad = Client().get(
        "/api/reports/figures", {"start": "2026-03-31", "end": "2026-03-01"}, headers=headers
    )
    assert bad.status_code == 422 and bad.json()["field"] == "end"


def test_the_command_prints_the_same_figures_as_json(world, members):
    out = io.StringIO()
    call_command(
        "report",
        "--program",
        "harbor",
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-31",
        "--json",
        stdout=out,
    )
    printed = json.loads(out.getvalue())
    assert printed["headline"]["engagement"]["now"]["active_members"] == 24
    assert printed["tables"][2]["footer"] == ["total", "hidden", "hidden", 30]


def test_the_command_names_a_bad_argument(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--program"):
        call_command("report", "--program", "nowhere", "--from", "2026-03-01", "--to", "2026-03-31")
    with pytest.raises(CommandError, match="--to"):
        call_command("report", "--program", "harbor", "--from", "2026-03-31", "--to", "2026-03-01")


def _research_rows(world, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:exports"), {**PERIOD, "kind": "members"})
    assert response.status_code == 302
    export = Export.objects.filter(requested_by=world["admin"]).latest("pk")
    content = client.get(reverse("reports:download", args=[export.pk])).content.decode()
    return {row["member"] for row in csv.DictReader(io.StringIO(content))}


def test_a_member_gives_and_stops_research_consent_on_their_sharing_page(
    world, members, client_for, django_capture_on_commit_callbacks
):
    from django.test import Client

    from conftest import sign_in

    member = sign_in(Client(), members[0])
    page = member.get(reverse("accounts:consent")).content.decode()
    assert "Research and evaluation" in page and "without your name" in page
    assert 'value="research"' not in page  # not offered person by person: it goes to the program
    response = member.post(reverse("accounts:consent-research"))
    assert response.status_code == 302
    page = member.get(reverse("accounts:consent")).content.decode()
    assert "Stop sharing my records for research" in page and "Your program" in page

    admin = client_for("admin")
    code = pseudonym(world.program.pk, members[0].pk)
    assert _research_rows(world, admin, django_capture_on_commit_callbacks) == {code}

    consent = Consent.objects.get(member=members[0], scope=ConsentScope.RESEARCH)
    member.post(reverse("accounts:consent-revoke", args=[consent.pk]))
    page = member.get(reverse("accounts:consent")).content.decode()
    assert "Yes, my records may be used for research without my name" in page
    assert _research_rows(world, admin, django_capture_on_commit_callbacks) == set()


def test_the_sharing_page_speaks_spanish_about_research(world, members):
    from django.test import Client

    from conftest import sign_in

    member = sign_in(Client(), members[0])
    member.cookies["django_language"] = "es"
    page = member.get(reverse("accounts:consent")).content.decode()
    assert "Investigación y evaluación" in page
    assert "Sí, mis registros pueden usarse para investigación sin mi nombre" in page


def test_an_export_of_a_period_nobody_computed_waits_for_the_worker_not_the_request(
    world, members, client_for, django_capture_on_commit_callbacks, django_assert_num_queries
):
    client = client_for("admin")
    client.get(reverse("reports:exports"))  # the shell's first reads settle
    # The request only records the wish and queues the task on commit: the same few queries whatever
    # the program's size (the shell's session, user, device and roles, the export row), no figures.
    with (
        django_capture_on_commit_callbacks(execute=False) as queued,
        django_assert_num_queries(QUEUE_EXPORT_QUERIES),
    ):
        response = client.post(reverse("reports:exports"), {**PERIOD, "kind": "csv"})
    assert response.status_code == 302
    export = Export.objects.get(requested_by=world["admin"])
    assert export.status == Status.QUEUED
    assert not Snapshot.objects.filter(program=world.program).exists()
    page = client.get(reverse("reports:export", args=[export.pk])).content.decode()
    assert "Making the file" in page and "<progress" in page
    assert f'hx-get="{reverse("reports:export", args=[export.pk])}"' in page  # polled

    for callback in queued:  # the worker picks the task up
        callback()
    export.refresh_from_db()
    assert export.status == Status.READY and export.progress == 100
    # It computed the period on the way and kept it: the dashboard shows it without asking again.
    snapshot = Snapshot.objects.get(program=world.program, starts_on=MARCH[0], ends_on=MARCH[1])
    assert snapshot.status == Status.READY and snapshot.figures["period"] == list(PERIOD.values())
    fragment = client.get(
        reverse("reports:export", args=[export.pk]), headers={"HX-Request": "true"}
    )
    assert "hx-get" not in fragment.content.decode() and "Download" in fragment.content.decode()
    with django_capture_on_commit_callbacks(execute=False) as again:
        client.get(reverse("reports:dashboard"), PERIOD)
    assert again == []  # fresh today: nothing queued


QUEUE_EXPORT_QUERIES = 9
