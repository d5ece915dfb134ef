"""Test 835s written the way a payer writes them (005010X221A1), checked with pyx12 by the tests."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

import pyx12.params
import pyx12.x12n_document


@dataclass
class Paid:
    """One service line as the payer answers it."""

    code: str  # "HC:H0038:HF:95"
    charge: Decimal
    paid: Decimal
    day: datetime.date
    units: int = 1
    carc: list[str] = field(default_factory=list)  # adjustment reasons, all CO (contractual)
    rarc: list[str] = field(default_factory=list)


@dataclass
class Answer:
    """One claim as the payer answers it: 1 processed as primary, 4 denied."""

    claim_id: str
    lines: list[Paid]
    payer_claim: str = "PAYERCLAIM1"

    @property
    def status(self) -> str:
        return "1" if any(line.paid > 0 for line in self.lines) else "4"


def _money(amount: Decimal) -> str:
    text = f"{amount:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def write_835(answers: list[Answer], *, control: int = 7) -> str:
    """An 835 that balances: each line's charge minus its payment is its adjustment."""
    paid_total = sum((line.paid for a in answers for line in a.lines), Decimal("0"))
    body = [
        f"ST*835*{control:04d}",
        f"BPR*I*{_money(paid_total)}*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880"
        "*DA*98765*20261220",
        f"TRN*1*{control}*1512345678",
        "DTM*405*20261220",
        "N1*PR*HORIZON NJ HEALTH",
        "N3*1 PAYER PLAZA",
        "N4*TRENTON*NJ*086080001",
        "PER*BL*PROVIDER SERVICES*TE*5555550199",
        "N1*PE*HARBOR PEERS INC*XX*1234567893",
        "LX*1",
    ]
    for answer in answers:
        charge = sum((line.charge for line in answer.lines), Decimal("0"))
        paid = sum((line.paid for line in answer.lines), Decimal("0"))
        body += [
            f"CLP*{answer.claim_id}*{answer.status}*{_money(charge)}*{_money(paid)}**MC"
            f"*{answer.payer_claim}*10*1",
            "NM1*QC*1*INVENTEDPERSON*TESTY****MI*ZZ0000001",
        ]
        for line in answer.lines:
            body += [
                f"SVC*{line.code}*{_money(line.charge)}*{_money(line.paid)}**{line.units}",
                f"DTM*472*{line.day:%Y%m%d}",
            ]
            if line.carc:
                adjustment = _money(line.charge - line.paid)
                body.append("CAS*CO*" + "**".join(f"{c}*{adjustment}" for c in line.carc[:1]))
            body += [f"LQ*HE*{code}" for code in line.rarc]
    body.append(f"SE*{len(body) + 1}*{control:04d}")
    head = [
        "ISA*00*          *00*          *ZZ*NJHZN          *ZZ*HARBOR01       *261220*1200"
        f"*^*00501*{control:09d}*0*T*:",
        f"GS*HP*NJHZN*HARBOR01*20261220*1200*{control}*X*005010X221A1",
    ]
    tail = [f"GE*1*{control}", f"IEA*1*{control:09d}"]
    return "~\n".join(head + body + tail) + "~\n"


def validate_835(text: str) -> tuple[bool, str]:
    """pyx12's own 005010X221A1 map: (no error, the errors as JSON). pyx12 cannot write a 999 for an
    835 (it wants ST03, which the 835 does not use), so its JSON report lists what it found."""
    found = io.StringIO()
    ok = pyx12.x12n_document.x12n_document(
        pyx12.params.params(), io.StringIO(text), None, None, fd_json=found
    )
    return ok, found.getvalue()
