"""Synthetic resources for tests."""

from __future__ import annotations

import itertools

from alongside.resources.models import Resource, pack

_ids = itertools.count(1)

WEEKDAYS_9_TO_5 = {day: [["09:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}


def resource(program, **fields) -> Resource:
    number = next(_ids)
    defaults = {
        "external_id": f"test-{number}",
        "name": f"Test place {number}",
        "needs": pack(["food"]),
        "languages": pack(["en"]),
        "latitude": 40.0,
        "longitude": -75.0,
        "time_zone": "America/New_York",
        "hours": WEEKDAYS_9_TO_5,
    }
    defaults.update(fields)
    for name in ("needs", "languages"):
        if isinstance(defaults[name], list):
            defaults[name] = pack(defaults[name])
    return Resource.objects.create(program=program, **defaults)
