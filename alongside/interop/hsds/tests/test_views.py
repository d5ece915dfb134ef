"""The program's HSDS settings page: admins choose public or token access; the choice takes effect."""

import pytest
from django.test import Client
from django.urls import reverse

from alongside.interop.hsds.models import Access, HsdsSettings

pytestmark = pytest.mark.django_db


def test_an_admin_opens_the_directory_to_everyone_and_closes_it_again(world, client_for):
    admin = client_for("admin")
    page = admin.get(reverse("hsds:settings"))
    assert page.status_code == 200
    assert "http://testserver/hsds/" in page.content.decode()
    anonymous = Client()
    assert anonymous.get("/hsds/services").status_code == 401
    assert admin.post(reverse("hsds:settings"), {"access": "public"}).status_code == 302
    assert HsdsSettings.objects.get(program=world.program).access == Access.PUBLIC
    assert anonymous.get("/hsds/services").status_code == 200
    admin.post(reverse("hsds:settings"), {"access": "token"})
    assert anonymous.get("/hsds/services").status_code == 401


def test_a_bad_choice_is_named_and_changes_nothing(world, client_for):
    page = client_for("admin").post(reverse("hsds:settings"), {"access": "everyone"})
    assert page.status_code == 200
    assert "Select a valid choice" in page.content.decode()
    assert not HsdsSettings.objects.exists()


def test_the_settings_page_is_listed_among_the_programs_settings(world, client_for):
    page = client_for("admin").get(reverse("accounts:program-settings")).content.decode()
    assert reverse("hsds:settings") in page


def test_an_admin_uploads_the_official_tabular_example_and_reads_what_was_kept(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from alongside.resources.models import Resource

    from . import spec
    from .test_interchange import _zip

    admin = client_for("admin")
    upload = SimpleUploadedFile("hsds.zip", _zip(spec.example_tables()), "application/zip")
    started = admin.post(reverse("resources:import"), {"file": upload})
    assert started.status_code == 302
    page = admin.post(started["Location"]).content.decode()  # check the rows (one step here)
    assert "Done: 1 new entries and 0 updated." in page
    assert "Kept but not used in the directory" in page
    assert "not on the map" in page
    assert Resource.objects.get(program=world.program).name == "Community Counselling"


def test_an_admin_downloads_the_directory_as_hsds_tables(world, client_for):
    import csv
    import io
    import zipfile

    from alongside.resources.tests.factories import resource

    resource(world.program, name="Food pantry", phone="555-0101")
    response = client_for("admin").get(reverse("resources:export-tabular"))
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert "datapackage.json" in archive.namelist()
        services = list(csv.DictReader(io.StringIO(archive.read("services.csv").decode())))
        phones = list(csv.DictReader(io.StringIO(archive.read("phones.csv").decode())))
    assert [s["name"] for s in services] == ["Food pantry"]
    assert [(p["number"], p["service_id"]) for p in phones] == [("555-0101", services[0]["id"])]
