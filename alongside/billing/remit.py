"""Remittance: an X12 835 from the payer marks sent lines paid or denied, with the reasons (CARC/RARC)
in plain words. All or nothing: a file that does not parse, or names a claim line we did not send, is
refused with the segment that is wrong, and nothing is changed."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.accounts.models import Program

from .models import ClaimLine, Frequency, LineState

# Claim adjustment reason codes (X12 CARC list) we explain; others are shown by their number.
CARC = {
    "1": gettext_lazy("the person's deductible"),
    "2": gettext_lazy("the person's coinsurance"),
    "16": gettext_lazy("information missing from the claim: see the remark"),
    "18": gettext_lazy("a duplicate of a claim already sent"),
    "29": gettext_lazy("sent after the payer's time limit"),
    "45": gettext_lazy("more than the payer's fee schedule (no action needed)"),
    "50": gettext_lazy("the payer did not find it medically necessary"),
    "96": gettext_lazy("a service this payer does not cover"),
    "109": gettext_lazy("not covered by this payer: send it to the right one"),
    "119": gettext_lazy("the person reached the most this benefit pays"),
    "151": gettext_lazy("more units than the payer allows for this period"),
    "197": gettext_lazy("prior authorisation was needed and not on file"),
    "204": gettext_lazy("not covered under the person's plan"),
}
# Remittance advice remark codes (RARC) we explain.
RARC = {
    "N130": gettext_lazy("check the payer's rules for this service"),
    "M51": gettext_lazy("the procedure code is missing or wrong"),
    "MA130": gettext_lazy("information is missing: correct the claim and send it again"),
    "N56": gettext_lazy("the diagnosis does not support this service"),
}


def explain(carc: list[str], rarc: list[str]) -> str:
    words = [f"{code}: {CARC[code]}" if code in CARC else code for code in carc]
    words += [f"{code}: {RARC[code]}" if code in RARC else code for code in rarc]
    return "; ".join(words)[:200]


@dataclass
class Outcome:
    claim_id: str
    payer_claim: str = ""  # CLP07, the payer's own number for the claim
    day: datetime.date | None = None
    code: str = ""
    paid: Decimal = Decimal("0")
    carc: list[str] = field(default_factory=list)
    rarc: list[str] = field(default_factory=list)
    at: str = ""  # the segment, for messages


def _segments(text: str) -> list[tuple[int, list[str]]]:
    text = text.strip()
    if not text.startswith("ISA") or len(text) < 106:
        raise ValidationError(_("This is not an X12 file: it does not start with an ISA segment."))
    element, terminator = text[3], text[105]
    out = []
    for number, raw in enumerate(text.split(terminator), 1):
        raw = raw.strip()
        if raw:
            out.append((number, raw.split(element)))
    if not any(s[0] == "ST" and len(s) > 1 and s[1] == "835" for _n, s in out):
        raise ValidationError(_("This X12 file is not an 835 remittance (no ST*835 segment)."))
    return out


def _money(value: str, at: str) -> Decimal:
    try:
        return Decimal(value)
    except InvalidOperation:
        raise ValidationError(
            _("%(at)s: %(value)r is not an amount.") % {"at": at, "value": value}
        ) from None


def parse(text: str) -> list[Outcome]:
    """Each service line's outcome (SVC under CLP), in file order."""
    outcomes: list[Outcome] = []
    claim_id = ""
    claim_status = ""
    payer_claim = ""
    for number, seg in _segments(text):
        at = f"{seg[0]} (segment {number})"
        if seg[0] == "CLP":
            if len(seg) < 3:
                raise ValidationError(
                    _("%(at)s: a CLP segment needs the claim id and status.") % {"at": at}
                )
            claim_id, claim_status = seg[1], seg[2]
            payer_claim = seg[7] if len(seg) > 7 else ""
        elif seg[0] == "SVC":
            if not claim_id or len(seg) < 4:
                raise ValidationError(
                    _("%(at)s: a service line outside a claim, or without amounts.") % {"at": at}
                )
            outcomes.append(
                Outcome(
                    claim_id=claim_id,
                    payer_claim=payer_claim,
                    code=seg[1],
                    paid=_money(seg[3], at),
                    at=at,
                )
            )
            if claim_status == "4":
                outcomes[-1].paid = Decimal("0")
        elif seg[0] == "DTM" and len(seg) > 2 and seg[1] == "472" and outcomes:
            try:
                outcomes[-1].day = datetime.date.fromisoformat(
                    f"{seg[2][:4]}-{seg[2][4:6]}-{seg[2][6:8]}"
                )
            except ValueError:
                raise ValidationError(
                    _("%(at)s: %(value)r is not a date.") % {"at": at, "value": seg[2]}
                ) from None
        elif seg[0] == "CAS" and outcomes:
            outcomes[-1].carc += [seg[i] for i in range(2, len(seg), 3) if seg[i]]
        elif seg[0] == "LQ" and len(seg) > 2 and outcomes:
            outcomes[-1].rarc.append(seg[2])
    return outcomes


@transaction.atomic
def import_835(program: Program | None, text: str) -> dict[str, int]:
    """Mark sent lines (of `program`, or any: claim ids are unique) paid or denied from an 835; counts."""
    counts = {"paid": 0, "denied": 0, "voided": 0}
    for outcome in parse(text):
        lines = ClaimLine.objects.select_for_update().filter(claim_id=outcome.claim_id)
        if program is not None:
            lines = lines.filter(program=program)
        if outcome.day is not None:
            lines = lines.filter(day=outcome.day)
        procedure = outcome.code.split(":")[1] if ":" in outcome.code else outcome.code
        line = lines.filter(service__procedure_code=procedure).order_by("line_number").first()
        if line is None:
            raise ValidationError(
                _(
                    "%(at)s: no line we sent matches claim %(claim)s on that date; nothing was imported."
                )
                % {"at": outcome.at, "claim": outcome.claim_id}
            )
        line.reasons = explain(outcome.carc, outcome.rarc)
        line.payer_claim_number = outcome.payer_claim or line.payer_claim_number
        if line.state in (LineState.VOIDED, LineState.REPLACED):
            # the payer reversing the claim our void or correction replaced (CLP status 22): settled
            line.save(update_fields=["reasons", "payer_claim_number"])
            counts["voided"] += 1
            continue
        if line.frequency == Frequency.VOID:  # the payer took back what it paid: the void is done
            line.state = LineState.VOIDED
            line.save(update_fields=["state", "reasons", "payer_claim_number"])
            counts["voided"] += 1
            continue
        line.paid = outcome.paid
        line.state = LineState.PAID if outcome.paid > 0 else LineState.DENIED
        line.save(update_fields=["paid", "state", "reasons", "payer_claim_number"])
        counts[str(line.state)] += 1
    return counts
