"""`alongside report --program SLUG --from YYYY-MM-DD --to YYYY-MM-DD [--json]`: the dashboard's figures
(small cells hidden as on the page), computed now."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from alongside.accounts.models import Program
from alongside.reports import figures
from alongside.reports.forms import PeriodForm
from alongside.reports.present import present


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"{value!r} is not a date like 2026-03-31.") from error


class Command(BaseCommand):
    help = "Print a program's report figures for a period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--program", required=True, help="the program's slug")
        parser.add_argument("--from", dest="start", required=True, type=_date)
        parser.add_argument("--to", dest="end", required=True, type=_date)
        parser.add_argument("--json", action="store_true", help="the figures as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        program = Program.objects.filter(slug=options["program"]).first()
        if program is None:
            raise CommandError(f"--program: no program with the slug {options['program']!r}.")
        form = PeriodForm({"start": options["start"], "end": options["end"]})
        if not form.is_valid():
            field, messages = next(iter(form.errors.items()))
            flag = {"start": "--from", "end": "--to"}.get(field, field)
            raise CommandError(f"{flag}: {' '.join(str(m) for m in messages)}")
        result = figures.compute(program, options["start"], options["end"])
        if options["json"]:
            self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))
            return
        report = present(result)
        self.stdout.write(f"{program.name}: {report.period[0]} to {report.period[1]}")
        for section in report.sections:
            self.stdout.write(f"\n{section.title}")
            for figure in section.figures:
                self.stdout.write(f"  {figure.label}: {figure.now} (before: {figure.before})")
