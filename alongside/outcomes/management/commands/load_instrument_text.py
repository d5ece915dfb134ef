"""Load a program's own licensed text for a scoring-only questionnaire (Adult Hope Scale, Herth Hope
Index, RAS-R). The text stays in that program's database; it never enters the repository."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from alongside.accounts.models import Program
from alongside.outcomes import instruments, services


class Command(BaseCommand):
    help = "Load a program's licensed item text for a scoring-only questionnaire from a JSON file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("program", help="the program's slug")
        parser.add_argument("instrument", choices=sorted(instruments.SCORING_ONLY))
        parser.add_argument(
            "file",
            type=Path,
            help="JSON: title, stem, items[{text}], choices[{value, text}], attribution",
        )
        parser.add_argument("--language", default="en")

    def handle(self, *args: Any, **options: Any) -> None:
        program = Program.objects.filter(slug=options["program"]).first()
        if program is None:
            raise CommandError(f"No program with the slug {options['program']!r}.")
        try:
            content = json.loads(options["file"].read_text(encoding="utf-8"))
            services.load_instrument_text(
                program=program,
                instrument=options["instrument"],
                language=options["language"],
                content=content,
                loaded_by=None,
            )
        except (OSError, ValueError, KeyError, ValidationError) as error:
            raise CommandError(f"Could not load the text: {error}") from error
        self.stdout.write(f"Loaded {options['instrument']} ({options['language']}) for {program}.")
