"""The demo directory, every service of it, as HSDS 3.0 that validates (issue 21 found all 40 failing)."""

import pytest
from django.test import Client

from alongside.demo import load

from . import spec

pytestmark = pytest.mark.django_db


def test_every_demo_service_validates_and_the_demo_directory_is_open():
    program = load(members=20, supporters=4)
    page = Client().get(
        "/hsds/services", {"full": "true", "per_page": 500, "program": program.slug}
    )
    assert page.status_code == 200
    services = page.json()["contents"]
    assert len(services) == 40
    for service in services:
        assert spec.problems("compiled/service", service) == [], service["name"]
