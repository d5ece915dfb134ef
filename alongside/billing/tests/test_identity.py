import pytest
from cryptography.fernet import Fernet
from django.http import Http404

from alongside.audit.models import AccessLog
from alongside.billing import vault
from alongside.billing.models import Identity
from alongside.billing.selectors import access_identity
from alongside.billing.tests.factories import identity, make_biller, payer

pytestmark = pytest.mark.django_db


def test_the_stored_bytes_are_unreadable_without_the_key(world, monkeypatch):
    identity(world, payer(world.program))
    stored = bytes(Identity.objects.get().sealed)
    assert b"Inventedperson" not in stored and b"ZZ0000001" not in stored and b"F331" not in stored
    monkeypatch.setenv("ALONGSIDE_BILLING_KEY", Fernet.generate_key().decode())
    with pytest.raises(vault.InvalidToken):
        vault.unseal(stored)


def test_a_biller_reads_it_and_the_read_is_logged(world):
    identity(world, payer(world.program))
    biller = make_biller(world["admin"])
    before = AccessLog.objects.count()
    found, facts = access_identity(biller, world["member"].pk)
    assert facts.legal_last == "Inventedperson" and facts.member_id == "ZZ0000001"
    assert found.has_diagnosis and str(found.covered_to) == "2027-04-30"  # the plan ends first
    log = AccessLog.objects.order_by("-pk").first()
    assert AccessLog.objects.count() == before + 1
    assert (log.actor_id, log.subject_id, log.purpose) == (
        biller.pk,
        world["member"].pk,
        "Read a billing identity",
    )


@pytest.mark.parametrize("role", ["admin", "supervisor", "supporter", "clinician", "member"])
def test_nobody_else_reads_it(world, role):
    identity(world, payer(world.program))
    with pytest.raises(Http404):
        access_identity(
            world[role], world["member"].pk
        )  # an admin without the billing permission too


def test_a_biller_cannot_reach_another_programs_person(world):
    biller = make_biller(world["admin"])
    with pytest.raises(Http404):
        access_identity(biller, world.foreign_member.pk)
