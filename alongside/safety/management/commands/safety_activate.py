"""`alongside safety activate VERSION --admin NAME`: an administrator confirms a retrained crisis model
(refused if it escalates fewer crises on the frozen set than the model in use)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from .safety_retrain import _activate, _admin


class Command(BaseCommand):
    help = "Use a retrained crisis model from now on, on an administrator's word."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("version")
        parser.add_argument("--admin", required=True, help="the administrator confirming")

    def handle(self, *args: Any, **options: Any) -> None:
        _activate(self, options["version"], _admin(options["admin"]))
