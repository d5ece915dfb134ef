"""Other apps put blocks beside the queue on the offers page through `matching.on_duty`."""

import pytest
from django.urls import reverse

from alongside.matching import on_duty
from alongside.matching.models import SupporterProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered():
    saved = dict(on_duty._extras)
    on_duty._extras.clear()
    yield on_duty.register
    on_duty._extras.clear()
    on_duty._extras.update(saved)


def test_a_block_shows_beside_the_queue_only_while_on_duty(world, client_for, registered):
    registered(on_duty.Extra("_pager.html", lambda request: {}))
    profile = SupporterProfile.objects.create(user=world["supporter"], program=world.program)
    client = client_for("supporter")
    assert "_pager.html" not in [t.name for t in client.get(reverse("matching:offers")).templates]
    profile.is_on_duty = True
    profile.save(update_fields=["is_on_duty"])
    shown = [t.name for t in client.get(reverse("matching:offers")).templates]
    assert shown.count("_pager.html") == 1
