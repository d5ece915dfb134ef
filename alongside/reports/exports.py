"""Files made from a report: every table as CSV (a zip) or XLSX, a printable PDF for a funder or board
with the charts, tables and definitions, and the member-level research export (consenting members
only, pseudonymised). All of them read `present.Report`, so they say what the dashboard says."""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import zipfile
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from openpyxl import Workbook

from alongside.accounts.selectors import research_consenters
from alongside.care_plans.pdf import FONT, FONTS

from . import figures
from .present import Report, Table, present

if TYPE_CHECKING:
    from .models import Export

Progress = Callable[[int], None]


def _summary_rows(report: Report) -> list[list[str]]:
    rows = [[_("Section"), _("Figure"), _("This period"), _("Period before")]]
    for section in report.sections:
        for figure in section.figures:
            rows.append([section.title, figure.label, figure.now, figure.before])
    return rows


def _table_rows(table: Table) -> list[list[str]]:
    return [table.columns, *table.rows, *([table.footer] if table.footer else [])]


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


def csv_zip(report: Report, progress: Progress) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("summary.csv", _csv(_summary_rows(report)))
        for index, table in enumerate(report.tables):
            archive.writestr(f"{table.key}.csv", _csv(_table_rows(table)))
            progress(60 + 40 * index // len(report.tables))
        archive.writestr("definitions.csv", _csv([[t, d] for t, d in report.definitions]))
    return buffer.getvalue()


def _number(text: str) -> Any:
    """A cell as a number where it is one, so a spreadsheet can sum it; else its words."""
    try:
        return float(text.removesuffix(" %")) if "." in text else int(text.removesuffix(" %"))
    except ValueError:
        return text


def xlsx(report: Report, progress: Progress) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101  # a new workbook always has its first sheet
    sheet.title = _("Summary")[:31]
    for row in _summary_rows(report):
        sheet.append([row[0], row[1], _number(row[2]), _number(row[3])])
    for index, table in enumerate(report.tables):
        tab = book.create_sheet(table.key[:31])
        tab.append([table.title])
        tab.append([table.description])
        for row in _table_rows(table):
            tab.append([row[0], *(_number(cell) for cell in row[1:])])
        progress(60 + 40 * index // len(report.tables))
    notes = book.create_sheet(_("Definitions")[:31])
    for term, meaning in report.definitions:
        notes.append([term, meaning])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _text(document: FPDF, text: str, *, size: float, bold: bool = False, gap: float = 1.5) -> None:
    document.set_font(FONT, "B" if bold else "", size)
    document.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    document.ln(gap)


def _pdf_chart(document: FPDF, table: Table) -> None:
    if table.chart is None:
        return
    label_width, bar_span, row = 60.0, 90.0, 6.0
    most = max((bar.width for bar in table.chart.bars), default=0) or 1
    document.set_font(FONT, "", 8)
    for bar in table.chart.bars:
        if document.will_page_break(row):
            document.add_page()
        y = document.get_y()
        document.set_xy(document.l_margin, y)
        document.cell(label_width, row, bar.label[:40])
        document.set_fill_color(44, 96, 142)
        if bar.width:
            document.rect(
                document.l_margin + label_width, y + 1, bar_span * bar.width / most, 4, "F"
            )
        document.set_xy(document.l_margin + label_width + bar_span + 2, y)
        document.cell(30, row, bar.text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    document.ln(2)


def _pdf_table(document: FPDF, table: Table) -> None:
    document.set_font(FONT, "", 7.5)
    with document.table(
        first_row_as_headings=True, line_height=4, text_align="LEFT", repeat_headings=1
    ) as grid:
        for cells in _table_rows(table):
            line = grid.row()
            for cell in cells:
                line.cell(cell)
    document.ln(4)


def pdf(report: Report, program_name: str, progress: Progress) -> bytes:
    document = FPDF(format="Letter", unit="mm")
    document.set_margins(15, 15, 15)
    document.set_auto_page_break(auto=True, margin=15)
    document.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
    document.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    document.set_creator("Alongside")
    title = _("%(program)s: program report") % {"program": program_name}
    document.set_title(title)
    document.add_page()
    _text(document, title, size=18, bold=True)
    _text(
        document,
        _("From %(start)s to %(end)s, beside %(before_start)s to %(before_end)s.")
        % {
            "start": report.period[0],
            "end": report.period[1],
            "before_start": report.previous[0],
            "before_end": report.previous[1],
        },
        size=10,
        gap=4,
    )
    for section in report.sections:
        _text(document, section.title, size=13, bold=True)
        document.set_font(FONT, "", 8)
        with document.table(first_row_as_headings=True, line_height=4, text_align="LEFT") as grid:
            head = grid.row()
            for heading in (_("Figure"), _("This period"), _("Period before")):
                head.cell(heading)
            for figure in section.figures:
                line = grid.row()
                for cell in (figure.label, figure.now, figure.before):
                    line.cell(cell)
        document.ln(4)
    for index, table in enumerate(report.tables):
        _text(document, table.title, size=12, bold=True)
        _text(document, table.description, size=9)
        _pdf_chart(document, table)
        _pdf_table(document, table)
        progress(60 + 40 * index // len(report.tables))
    _text(document, _("Definitions"), size=13, bold=True)
    for term, meaning in report.definitions:
        _text(document, f"{term}: {meaning}", size=8.5, gap=1)
    return bytes(document.output())


def pseudonym(program_id: int, member_id: int) -> str:
    """A stable stand-in for a member in research exports: an HMAC of their id under the server's
    secret key, so it cannot be reversed without the key and is the same in every export."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"research:{program_id}:{member_id}".encode(), hashlib.sha256).hexdigest()[
        :16
    ]


def members_csv(export: Export, progress: Progress) -> bytes:
    """One row per member who gave a research consent: a pseudonym, the month they joined, their
    fairness groups, contacts in the period and their first and latest scores. No name, no words."""
    program = export.program
    consenting = research_consenters(program)
    members = figures.Members(program)
    period = figures.Period(program, members, export.starts_on, export.ends_on)
    progress(50)
    contacts = period.contacts()
    pairs = period.pairs()
    codes = list(pairs)
    rows: list[list[Any]] = [
        ["member", "joined_month", *figures.DIMENSIONS, "chat_contacts", "group_contacts",
         *(f"{code}_{end}" for code in codes for end in ("first", "latest"))]
    ]  # fmt: skip
    for member in sorted(consenting & members.ids()):
        rows.append(
            [
                pseudonym(program.pk, member),
                members.joined[member].strftime("%Y-%m"),
                *(members.groups[field].get(member, "") for field in figures.DIMENSIONS),
                contacts["chat"].get(member, 0),
                contacts["group"].get(member, 0),
                *(v for code in codes for v in pairs[code].get(member, ("", ""))),
            ]
        )
    return _csv(rows).encode()


def _figures_of(export: Export, progress: Progress) -> dict[str, Any]:
    """The period's figures: the stored report when computed today, else computed in this (worker)
    task and stored for the dashboard (`services.figures_for_export`)."""
    from .services import figures_for_export

    return figures_for_export(
        program=export.program,
        starts_on=export.starts_on,
        ends_on=export.ends_on,
        progress=lambda p: progress(p * 6 // 10),
    )


def build(export: Export, progress: Progress) -> tuple[bytes, str]:
    """The file and its name."""
    from .models import ExportKind

    stem = f"{export.program.slug}-{export.starts_on}-{export.ends_on}"
    if export.kind == ExportKind.MEMBERS:
        return members_csv(export, progress), f"{stem}-research.csv"
    report = present(_figures_of(export, progress))
    if export.kind == ExportKind.CSV:
        return csv_zip(report, progress), f"{stem}.zip"
    if export.kind == ExportKind.XLSX:
        return xlsx(report, progress), f"{stem}.xlsx"
    return pdf(report, export.program.name, progress), f"{stem}.pdf"
