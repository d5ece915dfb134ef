"""Text past a field's limit is refused with the limit stated, and what was typed stays (issue 22)."""

import pytest
from django.urls import reverse

from alongside.accounts.choices import Audience
from alongside.accounts.models import User

pytestmark = pytest.mark.django_db


def test_pronouns_past_their_limit_are_refused_and_kept_in_the_box(client_for, world):
    long_pronouns = "they/them " * 100  # 1,000 characters
    data = {
        "display_name": "Robin",
        "email": "",
        "pronouns": long_pronouns,
        "time_zone": "",
        "pronouns__audience": Audience.ONLY_ME,
    }
    response = client_for("member").post(reverse("accounts:profile"), data)
    page = response.content.decode()
    assert response.status_code in (200, 400)
    assert "at most 40 characters" in page  # the limit, in words
    assert long_pronouns.strip() in page  # nothing typed is dropped
    assert User.objects.get(pk=world["member"].pk).profile.pronouns == ""
