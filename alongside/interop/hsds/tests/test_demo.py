"""The demo directory, every service of it, as HSDS 3.0 that validates (issue 21 found all 40 failing),
and the demo program publishes it openly."""

import random

import pytest
from django.test import Client

from alongside.accounts.selectors import today_in
from alongside.interop.hsds import demo
from alongside.resources.demo import load_directory

from . import spec

pytestmark = pytest.mark.django_db


def test_every_demo_service_validates_and_the_demo_directory_is_open(world):
    rng = random.Random(2026)  # noqa: S311  # the demo's own synthetic data
    load_directory(world.program, rng, today_in(world.program))
    demo.load(world.program)
    page = Client().get(
        "/hsds/services", {"full": "true", "per_page": 500, "program": world.program.slug}
    )
    assert page.status_code == 200
    services = page.json()["contents"]
    assert len(services) == 40
    for service in services:
        assert spec.problems("compiled/service", service) == [], service["name"]
