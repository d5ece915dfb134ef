"""The secure intake link and the invite, for every viewer: a valid link works for anyone who holds it
(with or without an account, in any program); an expired, revoked or forged one, and a used invite,
answer 404 to everyone, exactly as a page that does not exist."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alongside.common.testing.routes import VIEWERS
from alongside.resources import services
from alongside.resources.models import HandOff
from conftest import sign_in

pytestmark = pytest.mark.django_db

STATES = ("valid", "expired", "revoked", "forged")


def _url(world, state):
    link = services.create_intake_link(actor=world["admin"], label="County hospital")
    if state == "expired":
        link.expires_at = timezone.now() - timedelta(seconds=1)
        link.save()
    elif state == "revoked":
        services.revoke_intake_link(actor=world["admin"], link_id=link.pk)
    token = services.intake_token(link)
    if state == "forged":
        token = token[:-4] + ("aaaa" if not token.endswith("aaaa") else "bbbb")
    return reverse("resources:hand-off-by-link", args=[token])


def _client(world, viewer):
    return Client() if viewer == "anonymous" else sign_in(Client(), world[viewer])


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("viewer", [*VIEWERS, "foreign"])
def test_the_intake_link_answers_only_while_valid(world, viewer, state):
    url = _url(world, state)
    client = Client() if viewer == "foreign" else _client(world, viewer)
    if viewer == "foreign":
        sign_in(client, world.foreign_member)
    body = {
        "partner_name": "Sam", "pseudonym": f"link-{viewer}-{state}", "setting": "hospital",
        "discharge_on": timezone.localdate().isoformat(), "consent_given": "on",
        "consent_text": "Agreed.",
    }  # fmt: skip
    expected = 200 if state == "valid" else 404
    assert client.get(url).status_code == expected
    assert client.post(url, body).status_code == expected
    assert HandOff.objects.count() == (1 if state == "valid" else 0)


@pytest.mark.parametrize("viewer", VIEWERS)
def test_an_invite_works_once(world, viewer):
    _hand_off, invite = services.send_hand_off(
        program=world.program, link=services.create_intake_link(actor=world["admin"], label="J"),
        partner_name="Sam", pseudonym=f"invite-{viewer}", setting="jail",
        discharge_on=timezone.localdate(), needs=[], consent_given=True, consent_text="Agreed.",
    )  # fmt: skip
    client = _client(world, viewer)
    assert client.get(invite).status_code == 200
    assert client.post(invite, {"password": "a long enough passphrase"}).status_code == 302
    assert Client().get(invite).status_code == 404
