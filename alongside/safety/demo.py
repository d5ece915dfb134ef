"""Synthetic safety data for the demo program: who is on call. (The escalations worked in the demo come
from check-ins and questionnaires: `outcomes.demo.load_escalations`, loaded after this.) Everything here
is invented."""

from __future__ import annotations

from django.db import transaction

from alongside.accounts.models import Program, User

from . import services


@transaction.atomic
def load(program: Program) -> None:
    supervisor = User.objects.get(username="demo-supervisor")
    admin = User.objects.get(username="demo-admin")
    services.set_on_call(program=program, by=admin, supervisor=supervisor, backup=admin)
