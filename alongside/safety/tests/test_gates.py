"""The on-call rota asks the on-call gate (accounts.gates, decided by training): someone who may not be
on call is refused a shift, and a credential that expires takes them off the rota that very day."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from alongside.accounts.choices import Role
from alongside.accounts.gates import Activity
from alongside.accounts.tests.factories import person
from alongside.safety import services
from alongside.safety.models import Alert
from alongside.training.tests.factories import credential_of, require

pytestmark = pytest.mark.django_db


def test_someone_the_gate_keeps_out_is_not_put_on_call(world):
    require(world.program, Activity.ON_CALL)  # a current credential
    with pytest.raises(ValidationError) as caught:
        services.set_on_call(
            program=world.program, by=world["admin"], supervisor=world["supervisor"], backup=None
        )
    assert caught.value.message_dict["supervisor"] == [
        f"{world['supervisor']} cannot be on call until they finish: A current credential"
    ]


def test_an_expired_credential_takes_the_supervisor_off_call_on_the_day_it_expires(world):
    program = world.program
    expires_on = datetime.date(2027, 3, 10)
    noon = lambda day: timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))  # noqa: E731
    supervisor, backup = world["supervisor"], person(program, Role.SUPERVISOR, username="backup")
    require(program, Activity.ON_CALL)
    credential_of(supervisor, program, expires_on=expires_on)
    credential_of(backup, program, expires_on=expires_on + datetime.timedelta(days=700))
    services.set_on_call(
        program=program,
        by=world["admin"],
        supervisor=supervisor,
        backup=backup,
        now=noon(expires_on - datetime.timedelta(days=2)),
    )

    def alerted_on(day):
        escalation = services.open_escalation(
            program=program,
            person=world["member"],
            source_kind="conversation",
            source_id=day.toordinal(),
            level="high",
            now=noon(day),
        )
        return escalation, set(
            Alert.objects.filter(escalation=escalation).values_list("recipient_id", flat=True)
        )

    escalation, alerted = alerted_on(expires_on - datetime.timedelta(days=1))
    assert escalation.on_call == supervisor and supervisor.pk in alerted
    escalation, alerted = alerted_on(expires_on)
    assert escalation.on_call == backup and backup.pk in alerted
    assert supervisor.pk not in alerted and escalation.backup is None
