"""Reading an 835 from the web page, and an export made in the background with its progress."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from alongside.audit.models import AccessLog
from alongside.billing import exports, services
from alongside.billing.models import ClaimLine, ClaimNote, ExportJob
from alongside.billing.tests.factories import identity, make_biller, payer, signed_note
from alongside.billing.tests.test_export import validate_837p
from alongside.billing.tests.test_remit import an_835, sent

pytestmark = pytest.mark.django_db
PERIOD = {"start": "2026-12-01", "end": "2026-12-31"}


def upload(client, text, name="december.835"):
    body = text if isinstance(text, bytes) else text.encode()
    return client.post(reverse("billing:remit"), {"file": SimpleUploadedFile(name, body)})


def test_an_835_read_from_the_page_marks_lines_paid_and_denied(world, client_for):
    first, second = sent(world)
    make_biller(world["admin"])
    client = client_for("admin")
    assert client.get(reverse("billing:remit")).status_code == 200
    response = upload(client, an_835(first, second))
    assert response.status_code == 302 and response["Location"] == reverse("billing:queue")
    page = client.get(response["Location"], PERIOD).content.decode()
    assert "835 read: 1 lines paid, 1 denied, 0 voids done." in page
    assert "197: prior authorisation was needed and not on file" in page
    assert sorted(ClaimLine.objects.values_list("state", flat=True)) == ["denied", "paid"]


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "The submitted file is empty."),
        (b"hello", "This is not an X12 file: it does not start with an ISA segment."),
        (b"\xff\xfe\x00IS", "This file is not text. An 835 is a text file that starts with ISA."),
    ],
)
def test_a_bad_file_is_refused_with_the_reason(world, client_for, content, says):
    make_biller(world["admin"])
    response = upload(client_for("admin"), content)
    assert response.status_code == 400
    assert says in response.content.decode()


def test_an_835_naming_a_line_we_never_sent_changes_nothing(world, client_for):
    first, second = sent(world)
    make_biller(world["admin"])
    text = an_835(first, second).replace(f"DTM*472*{second.day:%Y%m%d}", "DTM*472*20261225")
    response = upload(client_for("admin"), text)
    assert response.status_code == 400
    page = response.content.decode()
    assert "SVC (segment 17): no line we sent matches claim" in page
    assert "nothing was imported" in page
    assert set(ClaimLine.objects.values_list("state", flat=True)) == {"exported"}


def test_an_export_runs_in_the_background_and_shows_its_progress(
    world, client_for, django_capture_on_commit_callbacks
):
    found = payer(world.program)
    identity(world, found)
    signed_note(world, minutes=45)
    make_biller(world["admin"])
    client = client_for("admin")
    data = {**PERIOD, "payer": found.pk, "format": "837p"}
    with django_capture_on_commit_callbacks(execute=False) as waiting:
        response = client.post(reverse("billing:export"), data)
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("billing:export-job", args=[job.pk])
    # before the worker: the page polls its progress region, and there is no file yet
    page = client.get(response["Location"]).content.decode()
    assert f'hx-get="{reverse("billing:export-job", args=[job.pk])}"' in page
    assert "Making the file" in page and "<progress" in page
    region = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert region.startswith('<div id="export-progress"') and "<html" not in region
    assert client.get(reverse("billing:export-download", args=[job.pk])).status_code == 404
    # the worker makes it
    assert len(waiting) == 1
    waiting[0]()
    job.refresh_from_db()
    assert (job.status, job.progress) == ("ready", 100)
    assert b"H0038" not in bytes(job.sealed)  # the file is sealed at rest, like identities
    region = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert "hx-get" not in region and "Download claims-" in region  # polling stops
    before = AccessLog.objects.filter(purpose="Downloaded a claims file").count()
    download = client.get(reverse("billing:export-download", args=[job.pk]))
    assert download["Content-Disposition"] == f'attachment; filename="claims-{job.batch_id}.837"'
    ok, ack = validate_837p(download.content.decode())
    assert ok, ack
    assert AccessLog.objects.filter(purpose="Downloaded a claims file").count() == before + 1


def test_an_export_with_nothing_ready_says_so(
    world, client_for, django_capture_on_commit_callbacks
):
    found = payer(world.program)
    make_biller(world["admin"])
    client = client_for("admin")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("billing:export"), {**PERIOD, "payer": found.pk, "format": "csv"}
        )
    page = client.get(response["Location"]).content.decode()
    assert "Nothing is ready to send for this payer in this period." in page


def test_the_export_reports_its_progress_as_it_goes(world):
    found = payer(world.program)
    identity(world, found)
    signed_note(world, minutes=45)
    job = ExportJob.objects.create(
        program=world.program,
        payer=found,
        requested_by=world["admin"],
        format="csv",
        period_from=datetime.date(2026, 12, 1),
        period_to=datetime.date(2026, 12, 31),
    )
    seen = []
    exports.export(
        world.program,
        found,
        job.period_from,
        job.period_to,
        fmt="csv",
        by=None,
        progress=seen.append,
    )
    # as the notes are read and each person's lines checked, before the recording (all or nothing)
    assert seen == sorted(seen) and seen[0] < 50 and seen[-1] == 90 and len(seen) >= 3
    ClaimNote.objects.all().delete()
    ClaimLine.objects.all().delete()
    assert services.make_export(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.progress) == ("ready", 100)
    assert services.make_export(job_id=job.pk) is False  # made once
