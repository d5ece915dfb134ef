"""The demo supporter has a week of logged phone calls, each an encounter with its real times."""

import pytest
from django.urls import reverse

from alongside.calls.demo import CALLS, load
from alongside.calls.models import Call
from alongside.records.models import Encounter, Modality, Source

pytestmark = pytest.mark.django_db


def test_the_demo_supporter_has_logged_calls(world, client_for):
    load(world.program)
    load(world.program)  # a second load adds nothing
    calls = Call.objects.filter(supporter=world["supporter"])
    assert calls.count() == len(CALLS) and not calls.filter(ended_at=None).exists()
    encounters = Encounter.objects.filter(source=Source.CALL, modality=Modality.PHONE)
    assert encounters.count() == len(CALLS)
    assert sorted(e.minutes for e in encounters) == sorted(minutes for _, _, minutes, *_ in CALLS)
    page = client_for("supporter").get(reverse("calls:phone")).content.decode()
    assert "Warm-line caller" in page
