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
