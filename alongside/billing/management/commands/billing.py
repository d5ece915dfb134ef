"""`alongside billing export --program SLUG --from YYYY-MM-DD --to YYYY-MM-DD --format 837p|csv --out FILE
[--payer PAYER_ID]`: the period's ready lines, one file per payer (the payer id is added to the name when
the program has more than one payer)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from alongside.accounts.models import Program
from alongside.billing import exports, remit
from alongside.billing.forms import PeriodForm
from alongside.billing.models import Payer


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"{value!r} is not a date like 2026-03-31.") from error


class Command(BaseCommand):
    help = "Export a program's ready claim lines as X12 837P or CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        export = actions.add_parser(
            "export", help="the ready lines of a period, one file per payer"
        )
        export.add_argument("--program", required=True, help="the program's slug")
        export.add_argument("--from", dest="start", required=True, type=_date)
        export.add_argument("--to", dest="end", required=True, type=_date)
        export.add_argument("--format", dest="fmt", required=True, choices=["837p", "csv"])
        export.add_argument("--out", required=True, type=Path)
        export.add_argument("--payer", help="only this payer (its payer id)")
        remit = actions.add_parser("remit", help="mark sent lines paid or denied from an 835")
        remit.add_argument("file", type=Path)
        remit.add_argument("--program", help="the program's slug (optional: claim ids are unique)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "remit":
            self._remit(options)
            return
        program = Program.objects.filter(slug=options["program"]).first()
        if program is None:
            raise CommandError(f"--program: no program with the slug {options['program']!r}.")
        form = PeriodForm({"start": options["start"], "end": options["end"]})
        if not form.is_valid():
            field, messages = next(iter(form.errors.items()))
            flag = {"start": "--from", "end": "--to"}.get(field, field)
            raise CommandError(f"{flag}: {' '.join(str(m) for m in messages)}")
        payers = list(Payer.objects.filter(program=program))
        if options["payer"]:
            payers = [p for p in payers if p.payer_id == options["payer"]]
            if not payers:
                raise CommandError(
                    f"--payer: the program has no payer with the id {options['payer']!r}."
                )
        if not payers:
            raise CommandError("--program: this program has no payer set up yet.")
        out: Path = options["out"]
        if not out.parent.is_dir():
            raise CommandError(f"--out: the folder {str(out.parent)!r} does not exist.")
        written = 0
        for payer in payers:
            batch, text = exports.export(
                program, payer, options["start"], options["end"], fmt=options["fmt"], by=None
            )
            if batch is None:
                self.stdout.write(f"{payer.name}: nothing ready to send.")
                continue
            path = (
                out
                if len(payers) == 1
                else out.with_name(f"{out.stem}-{payer.payer_id}{out.suffix}")
            )
            path.write_text(text, encoding="ascii" if options["fmt"] == "837p" else "utf-8")
            lines = batch.lines.count()
            self.stdout.write(f"{payer.name}: {lines} claim lines written to {path}.")
            written += 1
        if not written:
            self.stdout.write(
                "Nothing was ready to send; see the billing queue for what is blocked."
            )

    def _remit(self, options: dict[str, Any]) -> None:
        program = None
        if options["program"]:
            program = Program.objects.filter(slug=options["program"]).first()
            if program is None:
                raise CommandError(f"--program: no program with the slug {options['program']!r}.")
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{str(path)!r}: no such file.")
        try:
            counts = remit.import_835(program, path.read_text(encoding="utf-8", errors="replace"))
        except ValidationError as error:
            raise CommandError(f"{path.name}: {' '.join(error.messages)}") from error
        self.stdout.write(f"{counts['paid']} lines paid, {counts['denied']} denied.")
