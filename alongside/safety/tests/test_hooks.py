"""What higher apps hear from safety: a resolved escalation, a shift about to start, the hours on call
and who handled escalations."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from alongside.safety import selectors, services
from alongside.safety.models import OnCallShift
from alongside.safety.tests.factories import escalation_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    found = []
    kept = (list(services._resolution_listeners), list(services._rota_checks))
    services._resolution_listeners[:] = [found.append]
    yield found
    services._resolution_listeners[:], services._rota_checks[:] = kept


def test_a_resolution_is_heard_once_and_names_its_helpers(world, heard):
    escalation = escalation_for(world["member"], world.program, supporter=world["supporter"])
    services.add_escalation_note(escalation=escalation, by=world["admin"], note="Called them.")
    assert heard == []
    services.resolve_escalation(
        escalation=escalation, by=world["supervisor"], actions=["asked_directly"], note="Safe now."
    )
    assert [e.pk for e in heard] == [escalation.pk]
    assert selectors.helpers_of(escalation) == {world["supporter"].pk, world["admin"].pk}
    since = timezone.now() - timedelta(days=30)
    assert selectors.escalations_handled(world.program, since=since) == {world["supporter"].pk: 1}


def test_a_rota_check_refuses_a_shift_naming_the_field(world, heard):
    services._rota_checks[:] = [
        lambda program, person, at: "Too many hours." if person == world["admin"] else None
    ]
    with pytest.raises(ValidationError) as refused:
        services.set_on_call(
            program=world.program,
            by=world["admin"],
            supervisor=world["supervisor"],
            backup=world["admin"],
        )
    assert refused.value.message_dict == {"backup": ["Too many hours."]}
    assert not OnCallShift.objects.exists()
    services.set_on_call(
        program=world.program, by=world["admin"], supervisor=world["supervisor"], backup=None
    )


def test_on_call_hours_count_each_shift_until_the_next_within_the_window(world):
    start = timezone.now().replace(microsecond=0) - timedelta(days=10)
    admin, supervisor = world["admin"], world["supervisor"]
    for hours, who, backup in (
        (0, supervisor, None),
        (24 * 8, admin, supervisor),
        (24 * 8 + 10, supervisor, None),
    ):
        OnCallShift.objects.create(
            program=world.program,
            supervisor=who,
            backup=backup,
            starts_at=start + timedelta(hours=hours),
        )
    since, until = start + timedelta(days=7), start + timedelta(days=9)
    found = selectors.on_call_hours(world.program, since=since, until=until)
    # supervisor: day 7 to 8 alone (24 h), as backup 10 h, then on call from 8 d 10 h to 9 d (14 h)
    assert found == {supervisor.pk: 48.0, admin.pk: 10.0}
