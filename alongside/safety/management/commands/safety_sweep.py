"""`alongside manage safety_sweep`: send overdue escalations to the backup, open escalations for
outcomes flags left without one, and remind supporters of the check-ins they agreed that came due.
For task backends that cannot wait until a deadline; safe to run every minute."""

from typing import Any

from django.core.management.base import BaseCommand

from alongside.accounts.models import Program
from alongside.safety import services


class Command(BaseCommand):
    help = (
        "Send overdue escalations to the backup on call, escalate unhandled safety flags and "
        "remind supporters of agreed check-ins that came due."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        flags = sum(services.escalate_unhandled_flags(program) for program in Program.objects.all())
        overdue = services.escalate_overdue()
        reminded = services.remind_due_follow_ups()
        self.stdout.write(
            f"{overdue} sent to the backup, {flags} flags escalated, {reminded} check-ins reminded"
        )
