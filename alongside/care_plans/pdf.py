"""A member's plan as a PDF they can keep, print or hand to someone.

Written with fpdf2 (pure Python, no system libraries) and the DejaVu Sans font shipped in `content/fonts`,
which covers Latin, Greek, Cyrillic, Hebrew, Arabic and many symbols. Scripts it lacks (Chinese, Japanese,
Korean) come out blank in the PDF; the printable page uses the device's own fonts and prints them.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from alongside.common.wording import sentence_end

from .models import Plan
from .sections import PlanKind, sections_of

FONTS = Path(__file__).resolve().parent / "content" / "fonts"
FONT = "DejaVu"

# fontTools logs every subsetting step at INFO; one PDF would fill the server log.
logging.getLogger("fontTools").setLevel(logging.WARNING)


def _document() -> FPDF:
    document = FPDF(format="Letter", unit="mm")
    document.set_margins(18, 18, 18)
    document.set_auto_page_break(auto=True, margin=18)
    document.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
    document.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    document.set_creator("Alongside")
    return document


def _line(document: FPDF, text: str, *, size: float, bold: bool = False, gap: float = 1.5) -> None:
    document.set_font(FONT, "B" if bold else "", size)
    document.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    document.ln(gap)


def plan_pdf(plan: Plan) -> bytes:
    """The plan's current words, section by section, with the crisis line on a safety plan."""
    kind = PlanKind(plan.kind)
    document = _document()
    document.set_title(str(kind.label))
    document.add_page()
    _line(document, str(kind.label), size=20, bold=True, gap=2)
    changed = timezone.localtime(plan.updated_at) if plan.pk else timezone.localtime()
    _line(
        document,
        _("Written by %(name)s. Last changed %(date)s.")
        % {"name": sentence_end(plan.member), "date": changed.date().isoformat()},
        size=10,
        gap=4,
    )
    if kind == PlanKind.PAD:
        _line(
            document,
            _(
                "This is a worksheet, not a legal document. Take it to your state's psychiatric "
                "advance directive form, which has its own rules for signing and witnesses."
            ),
            size=11,
            bold=True,
            gap=4,
        )
    for section in sections_of(kind):
        _line(document, str(section.title), size=15, bold=True, gap=2)
        for field in section.fields:
            _line(document, str(field.label), size=11, bold=True, gap=0.5)
            value = plan.value(field.key).strip()
            _line(document, value or _("Not written yet."), size=11, gap=3)
    if kind == PlanKind.SAFETY:
        program = plan.program  # the plan's own program, whatever other programs the member is in
        line = _(program.crisis_line_name) if program else _("988 Suicide & Crisis Lifeline")
        number = program.crisis_call if program else "988"
        _line(
            document,
            _("Call or text %(call)s (%(line)s), any time, day or night.")
            % {"call": number, "line": line},
            size=12,
            bold=True,
        )
    return bytes(document.output())
