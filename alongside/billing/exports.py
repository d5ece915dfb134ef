"""Exports: the ready lines of a period as an X12 005010X222A1 837P interchange per payer, or a CSV
for billing vendors. An export records what left (`ClaimLine`), so a note is billed once."""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import Program, User
from alongside.audit.services import record_access

from . import vault
from .models import (
    Batch,
    ClaimLine,
    ClaimNote,
    Frequency,
    Identity,
    LineState,
    Payer,
    ProviderNumber,
)
from .selectors import READY, QueueLine, queue

MAX_LINES_PER_CLAIM = 50  # 837P loop 2400 repeats at most 50 times


def _clean(text: str, size: int) -> str:
    """X12 basic character set, no separators, upper case, cut to `size`."""
    return re.sub(r"[^A-Z0-9 .,\-/&'()]", "", text.upper())[:size].strip()


def _money(amount: Decimal) -> str:
    text = f"{amount:.2f}".rstrip("0").rstrip(".")
    return text or "0"


@dataclass
class Outgoing:
    """One claim of an export: its lines, and for a correction or void the payer's earlier claim."""

    claim_id: str
    lines: list[tuple[QueueLine, ClaimLine]]
    frequency: str = Frequency.ORIGINAL
    original: str = ""  # the payer's claim number of the claim corrected or voided (REF*F8)


def outgoing(
    program: Program,
    payer: Payer,
    start: datetime.date,
    end: datetime.date,
    progress: Callable[[int], None] = lambda percent: None,
) -> tuple[list[QueueLine], dict[str, list[QueueLine]], dict[str, list[ClaimLine]]]:
    """What the next export for `payer` sends: the ready new lines of [start, end], each claim marked
    to correct whose recomputed lines are all ready (whatever its days), and each claim marked to void."""
    pending = ClaimLine.objects.filter(
        program=program,
        service__payer=payer,
        state__in=[LineState.CORRECTING, LineState.VOIDING],
    ).select_related("member", "service")
    to_correct: dict[str, list[ClaimLine]] = defaultdict(list)
    to_void: dict[str, list[ClaimLine]] = defaultdict(list)
    for line in pending:
        kept = to_correct if line.state == LineState.CORRECTING else to_void
        kept[line.claim_id].append(line)
    days = [line.day for lines in to_correct.values() for line in lines]
    span_start, span_end = min([start, *days]), max([end, *days])
    new: list[QueueLine] = []
    corrections: dict[str, list[QueueLine]] = defaultdict(list)
    for q in queue(program, span_start, span_end, progress=progress):
        if q.service is None or q.service.payer_id != payer.pk or q.claim is not None:
            continue
        if q.corrects is not None:
            corrections[q.corrects.claim_id].append(q)
        elif q.state == READY and start <= q.day <= end:
            new.append(q)
    ready = {
        claim_id: lines
        for claim_id, lines in corrections.items()
        if claim_id in to_correct and all(q.state == READY for q in lines)
    }
    return new, ready, dict(to_void)


def export(
    program: Program,
    payer: Payer,
    start: datetime.date,
    end: datetime.date,
    *,
    fmt: str,
    by: User | None,
    now: datetime.datetime | None = None,
    progress: Callable[[int], None] = lambda percent: None,
) -> tuple[Batch | None, str]:
    """Send the payer's ready lines of [start, end], with the corrections and voids waiting: (the
    batch, the file's text); (None, "") when nothing is ready. Each person's billing identity read is
    in the access log. `progress` hears the share done, in percent, as the work goes: the reading
    runs outside the transaction so that a page can show it; the recording is all or nothing (and
    a note billed meanwhile by another export fails it: `ClaimNote.note_id` is unique)."""
    # reading the notes and checking every rule is most of the work: the first 90 %
    new, corrections, voids = outgoing(
        program, payer, start, end, progress=lambda percent: progress(percent * 9 // 10)
    )
    if not (new or corrections or voids):
        return None, ""
    return _send(
        program,
        payer,
        start,
        end,
        new,
        corrections,
        voids,
        fmt=fmt,
        by=by,
        now=now or timezone.now(),
    )


@transaction.atomic
def _send(
    program: Program,
    payer: Payer,
    start: datetime.date,
    end: datetime.date,
    new: list[QueueLine],
    corrections: dict[str, list[QueueLine]],
    voids: dict[str, list[ClaimLine]],
    *,
    fmt: str,
    by: User | None,
    now: datetime.datetime,
) -> tuple[Batch, str]:
    batch = Batch.objects.create(
        program=program,
        payer=payer,
        created_at=now,
        created_by=by,
        format=fmt,
        period_from=start,
        period_to=end,
    )
    members = {q.member.pk for q in new}
    members |= {q.member.pk for lines in corrections.values() for q in lines}
    members |= {line.member_id for lines in voids.values() for line in lines}
    facts = _identities(program, members, by)
    claims = _claims(batch, new, corrections, voids)
    if fmt == "csv":
        return batch, _csv(claims, facts)
    npis = dict(ProviderNumber.objects.filter(program=program).values_list("user_id", "npi"))
    return batch, _837p(batch, payer, claims, facts, npis, now)


def _identities(program: Program, member_ids: set[int], by: User | None) -> dict[int, vault.Facts]:
    out = {}
    for identity in Identity.objects.filter(
        program=program, member_id__in=member_ids
    ).select_related("member"):
        out[identity.member_id] = vault.unseal(identity.sealed)
        record_access(
            viewer=by,
            record_type="billing.identity",
            record_id=identity.member_id,
            subject=identity.member,
            purpose="Billed a claim",
            program_id=program.pk,
        )
    return out


class _ClaimIds:
    """Claim ids of a batch: `<batch>-<person>-<n>`, n counting each person's claims in it."""

    def __init__(self, batch: Batch) -> None:
        self.batch = batch
        self.counts: dict[int, int] = defaultdict(int)

    def next(self, member_id: int) -> str:
        self.counts[member_id] += 1
        return f"{self.batch.pk}-{member_id}-{self.counts[member_id]}"


def _record(
    batch: Batch,
    claim_id: str,
    number: int,
    q: QueueLine,
    *,
    charge: Decimal | None = None,
    **extra: Any,
) -> ClaimLine:
    assert q.service is not None  # noqa: S101  # only lines with a service are sent
    return ClaimLine.objects.create(
        program=batch.program,
        batch=batch,
        member=q.member,
        service=q.service,
        day=q.day,
        minutes=q.minutes,
        units=q.units,
        charge=q.charge if charge is None else charge,
        claim_id=claim_id,
        line_number=number,
        modifiers=" ".join(q.modifiers),
        place_of_service=q.place_of_service,
        **extra,
    )


def _claims(
    batch: Batch,
    new: list[QueueLine],
    corrections: dict[str, list[QueueLine]],
    voids: dict[str, list[ClaimLine]],
) -> list[Outgoing]:
    """One claim per person (at most 50 lines each), one line per day of service; one claim per
    correction and per void. Recorded: a corrected claim's notes move to its new lines and the old
    lines are replaced; a voided claim's lines keep their notes (they are not billed again)."""
    ids = _ClaimIds(batch)
    claims = []
    by_member: dict[int, list[QueueLine]] = defaultdict(list)
    for q in new:
        by_member[q.member.pk].append(q)
    for member_id, member_lines in sorted(by_member.items()):
        member_lines.sort(key=lambda q: q.day)
        for chunk_at in range(0, len(member_lines), MAX_LINES_PER_CLAIM):
            claim_id = ids.next(member_id)
            recorded = []
            chunk = member_lines[chunk_at : chunk_at + MAX_LINES_PER_CLAIM]
            for number, q in enumerate(chunk, 1):
                line = _record(batch, claim_id, number, q)
                ClaimNote.objects.bulk_create([ClaimNote(line=line, note_id=n.pk) for n in q.notes])
                recorded.append((q, line))
            claims.append(Outgoing(claim_id, recorded))
    for old_claim, lines in sorted(corrections.items()):
        lines.sort(key=lambda q: q.day)
        original = lines[0].corrects
        assert original is not None  # noqa: S101  # a correction names the claim it corrects
        claim_id = ids.next(original.member_id)
        recorded = []
        for number, q in enumerate(lines[:MAX_LINES_PER_CLAIM], 1):
            line = _record(
                batch, claim_id, number, q, frequency=Frequency.CORRECTED, replaces=original
            )
            ClaimNote.objects.filter(note_id__in=[n.pk for n in q.notes]).update(line=line)
            recorded.append((q, line))
        ClaimLine.objects.filter(program=batch.program, claim_id=old_claim).update(
            state=LineState.REPLACED
        )
        claims.append(
            Outgoing(claim_id, recorded, Frequency.CORRECTED, original.payer_claim_number)
        )
    for old_claim, old_lines in sorted(voids.items()):
        old_lines.sort(key=lambda line: line.line_number)
        claim_id = ids.next(old_lines[0].member_id)
        recorded = []
        for number, old in enumerate(old_lines, 1):
            q = QueueLine(
                member=old.member,
                day=old.day,
                service=old.service,
                notes=[],
                minutes=old.minutes,
                units=old.units,
                modifiers=old.modifiers.split(),
                place_of_service=old.place_of_service,
            )
            line = _record(
                batch,
                claim_id,
                number,
                q,
                charge=old.charge,
                frequency=Frequency.VOID,
                replaces=old,
            )
            recorded.append((q, line))
        ClaimLine.objects.filter(program=batch.program, claim_id=old_claim).update(
            state=LineState.VOIDED
        )
        claims.append(Outgoing(claim_id, recorded, Frequency.VOID, old_lines[0].payer_claim_number))
    return claims


CSV_HEADER = [
    "claim_id",
    "frequency",
    "payer_claim_number",
    "line",
    "date_of_service",
    "member_id",
    "last_name",
    "first_name",
    "birth_date",
    "procedure_code",
    "modifiers",
    "units",
    "minutes",
    "charge",
    "place_of_service",
    "diagnoses",
]


def _csv(claims: Iterable[Outgoing], facts: dict[int, vault.Facts]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for claim in claims:
        for q, line in claim.lines:
            f = facts[q.member.pk]
            writer.writerow(
                [
                    claim.claim_id,
                    claim.frequency,
                    claim.original,
                    line.line_number,
                    line.day.isoformat(),
                    f.member_id,
                    f.legal_last,
                    f.legal_first,
                    f.birth_date,
                    line.service.procedure_code,
                    line.modifiers,
                    line.units,
                    line.minutes,
                    f"{line.charge:.2f}",
                    line.place_of_service,
                    " ".join(f.diagnoses),
                ]
            )
    return out.getvalue()


def _837p(
    batch: Batch,
    payer: Payer,
    claims: list[Outgoing],
    facts: dict[int, vault.Facts],
    npis: dict[int, str],
    now: datetime.datetime,
) -> str:
    control = batch.control_number
    segments: list[str] = []

    def seg(*elements: str) -> None:
        segments.append("*".join(elements).rstrip("*"))

    seg("ST", "837", "0001", "005010X222A1")
    seg("BHT", "0019", "00", f"B{batch.pk}", now.strftime("%Y%m%d"), now.strftime("%H%M"), "CH")
    seg("NM1", "41", "2", _clean(payer.billing_name, 60), "", "", "", "", "46", payer.submitter_id)
    seg("PER", "IC", "BILLING OFFICE", "TE", payer.contact_phone)
    seg("NM1", "40", "2", _clean(payer.name, 60), "", "", "", "", "46", payer.receiver_id)
    seg("HL", "1", "", "20", "1")
    if payer.taxonomy:
        seg("PRV", "BI", "PXC", payer.taxonomy)
    seg("NM1", "85", "2", _clean(payer.billing_name, 60), "", "", "", "", "XX", payer.billing_npi)
    seg("N3", _clean(payer.billing_address, 55))
    seg("N4", _clean(payer.billing_city, 30), payer.billing_state, payer.billing_zip)
    seg("REF", "EI", payer.billing_tax_id)
    hl = 1
    for claim in claims:
        lines = claim.lines
        first = lines[0][0]
        f = facts[first.member.pk]
        hl += 1
        seg("HL", str(hl), "1", "22", "0")
        seg("SBR", "P", "18", "", "", "", "", "", "", payer.kind)
        seg(
            "NM1",
            "IL",
            "1",
            _clean(f.legal_last, 60),
            _clean(f.legal_first, 35),
            "",
            "",
            "",
            "MI",
            _clean(f.member_id, 80),
        )
        seg("N3", _clean(f.address, 55))
        seg("N4", _clean(f.city, 30), f.state, f.zip)
        seg("DMG", "D8", f.birth_date.replace("-", ""), f.sex)
        seg("NM1", "PR", "2", _clean(payer.name, 60), "", "", "", "", "PI", payer.payer_id)
        total = sum((line.charge for _q, line in lines), Decimal("0"))
        pos = first.place_of_service
        freq = claim.frequency
        seg("CLM", claim.claim_id, _money(total), "", "", f"{pos}:B:{freq}", "Y", "A", "Y", "Y")
        auth_from, auth_to = f.authorised()
        if auth_from and auth_to and any(auth_from <= line.day <= auth_to for _q, line in lines):
            seg("REF", "G1", _clean(f.prior_auth, 50))
        if claim.original:
            seg("REF", "F8", _clean(claim.original, 50))
        diagnoses = f.diagnoses[:12]
        seg("HI", *[("ABK" if i == 0 else "ABF") + ":" + code for i, code in enumerate(diagnoses)])
        supporter_ids = {n.encounter.supporter_id for q, _l in lines for n in q.notes}
        renderer = next((npis[s] for s in sorted(supporter_ids) if s in npis), None)
        if renderer is not None and len(supporter_ids) == 1:
            person = first.notes[0].encounter.supporter
            seg(
                "NM1",
                "82",
                "1",
                _clean(person.display_name, 60) or "PEER",
                "",
                "",
                "",
                "",
                "XX",
                renderer,
            )
            if payer.taxonomy:
                seg("PRV", "PE", "PXC", payer.taxonomy)
        pointers = ":".join(str(i) for i in range(1, min(len(diagnoses), 4) + 1))
        for q, line in lines:
            seg("LX", str(line.line_number))
            code = ":".join(["HC", line.service.procedure_code, *q.modifiers])
            line_pos = q.place_of_service if q.place_of_service != pos else ""
            seg("SV1", code, _money(line.charge), "UN", str(line.units), line_pos, "", pointers)
            seg("DTP", "472", "D8", line.day.strftime("%Y%m%d"))
    seg("SE", str(len(segments) + 1), "0001")
    isa_sender = payer.submitter_id.ljust(15)
    isa_receiver = payer.receiver_id.ljust(15)
    head = [
        "ISA*00*          *00*          *ZZ*"
        + isa_sender
        + "*ZZ*"
        + isa_receiver
        + "*"
        + now.strftime("%y%m%d")
        + "*"
        + now.strftime("%H%M")
        + "*^*00501*"
        + control
        + "*0*"
        + ("T" if payer.test_mode else "P")
        + "*:",
        f"GS*HC*{payer.submitter_id}*{payer.receiver_id}*{now:%Y%m%d}*{now:%H%M}*{batch.pk}*X*005010X222A1",
    ]
    tail = [f"GE*1*{batch.pk}", f"IEA*1*{control}"]
    return "~\n".join(head + segments + tail) + "~\n"
