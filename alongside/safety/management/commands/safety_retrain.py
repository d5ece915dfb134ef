"""`alongside safety retrain`: a new crisis model from the shipped data plus staff labels, its figures
on the frozen evaluation set printed beside the model in use, activated only when an administrator
confirms (here, by typing yes, or later with `alongside safety activate VERSION --admin NAME`)."""

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from alongside.accounts.models import User
from alongside.safety import learning
from alongside.safety.training.train import DATA

ROWS = [
    ("recall_high", "crises escalated (high + imminent assessed high or above)"),
    ("recall_imminent", "imminent assessed imminent"),
    ("concern_caught", "concern assessed concern or above"),
    ("false_alarm_none", "everyday messages raised to high (false alarms)"),
]


class Command(BaseCommand):
    help = (
        "Retrain the crisis model with staff labels; activate it only on an administrator's word."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--admin", help="the administrator confirming (their pseudonym)")
        parser.add_argument("--reddit", type=Path, help="the Reddit C-SSRS CSV (optional)")
        parser.add_argument("--data", type=Path, default=DATA)
        parser.add_argument("--skip-cv", action="store_true", help="keep the default thresholds")
        parser.add_argument("--no-input", action="store_true", help="train and record; ask nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        admin = _admin(options["admin"]) if options["admin"] else None
        record = learning.retrain(
            reddit=options["reddit"],
            data=options["data"],
            cross_validate=not options["skip_cv"],
            say=self.stdout.write,
        )
        old, new = record.figures["old"], record.figures["new"]
        self.stdout.write(f"\n{'on the frozen set':<58}{old['version']:>22}{new['version']:>22}")
        for key, label in ROWS:
            self.stdout.write(f"{label:<58}{_pct(old[key]):>22}{_pct(new[key]):>22}")
        self.stdout.write(f"Trained from {record.labels} staff labels: {record.path}")
        if options["no_input"] or admin is None:
            self.stdout.write(
                f"Not active. To use it: alongside safety activate {record.version} --admin NAME"
            )
            return
        answer = input(f"Activate {record.version} for every message from now on? [yes/no] ")
        if answer.strip().lower() not in ("yes", "y", "si", "sí"):
            self.stdout.write("Not activated.")
            return
        _activate(self, record.version, admin)


def _admin(name: str) -> User:
    user = User.objects.filter(username=name).first()
    if user is None:
        raise CommandError(f"No one is called {name!r}.")
    return user


def _activate(command: BaseCommand, version: str, admin: User) -> None:
    try:
        learning.activate_model(version=version, admin=admin)
    except learning.NotBetter as refused:
        raise CommandError(str(refused)) from refused
    except PermissionDenied as refused:
        raise CommandError(f"{admin.username} is not an administrator.") from refused
    command.stdout.write(f"Activated {version}.")


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"
