"""Enqueue today's questionnaire reminders for every program (run once a day, e.g. from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from alongside.accounts.models import Program
from alongside.outcomes.tasks import send_program_reminders


class Command(BaseCommand):
    help = (
        "Enqueue today's questionnaire reminders for every program; each member is reminded once."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for program_id in Program.objects.values_list("pk", flat=True):
            send_program_reminders.enqueue(program_id)
        self.stdout.write("Reminders enqueued.")
