"""Other apps put their actions on a person's page through `accounts.person_actions`."""

import pytest
from django.urls import reverse

from alongside.accounts import person_actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered():
    saved = dict(person_actions._actions)
    yield person_actions.register
    person_actions._actions.clear()
    person_actions._actions.update(saved)


def test_an_action_shows_on_the_person_page_only_where_its_app_says(world, client_for, registered):
    def context(request, person):
        return {"name": str(person)} if request.user.username == "test-supporter" else None

    registered(person_actions.Action("_pager.html", context))
    url = reverse("accounts:person", args=[world["member"].pk])
    shown = client_for("supporter").get(url)
    assert [t.name for t in shown.templates].count("_pager.html") == 1
    hidden = client_for("clinician").get(url)
    assert "_pager.html" not in [t.name for t in hidden.templates]
