import pytest
from django.urls import reverse

from alongside.resources import selectors

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("days", "english", "spanish"),
    [
        (1, "in the last 1 day (", "en el último 1 día ("),
        (90, "in the last 90 days (", "en los últimos 90 días ("),
    ],
)
def test_the_stale_entries_sentence_counts_days_in_both_languages(
    world, client_for, days, english, spanish
):
    found = selectors.settings_of(world.program)
    found.stale_after_days = days
    found.save()
    client = client_for("admin")
    assert english in client.get(reverse("resources:manage")).content.decode()
    page = client.get(reverse("resources:manage"), headers={"accept-language": "es"})
    assert spanish in page.content.decode()
