"""Reads for billing: who bills, the identity store (`access_identity` logs each read), and the queue:
each signed note's day of service as ready, blocked (why, and where to fix it), sent, paid or denied."""

from __future__ import annotations

import datetime
import zoneinfo
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from alongside.accounts.choices import Role
from alongside.accounts.gates import Activity, missing_for
from alongside.accounts.models import Program, User
from alongside.accounts.selectors import standing
from alongside.audit.models import Action
from alongside.audit.services import record_access
from alongside.records.models import Modality, Note

from . import sources, vault
from .models import (
    ClaimLine,
    ClaimNote,
    ExportJob,
    ExportStatus,
    Frequency,
    Identity,
    LineState,
    Payer,
    PayerService,
)
from .units import Session, units_by_day

READY = "ready"
BLOCKED = "blocked"


def billing_program(user: Any) -> Program:
    """The program `user` bills for: an administrator of it holding the billing permission
    (`billing.read_identity`, given in the admin or by `alongside manage`); else Http404."""
    found = standing(user)
    if found.program is None or not found.has(Role.ADMIN):
        raise Http404
    if not user.has_perm("billing.read_identity"):
        raise Http404
    return found.program


def can_bill(user: Any) -> bool:
    try:
        billing_program(user)
    except Http404:
        return False
    return True


def access_export_job(viewer: User, job_id: int, *, download: bool = False) -> ExportJob:
    """An export of the viewer's program, for a biller; with `download`, only a made file, and the
    download is written to the access log (the file holds people's billing identities)."""
    program = billing_program(viewer)
    job = ExportJob.objects.filter(program=program, pk=job_id).select_related("payer").first()
    if job is None or (download and job.status != ExportStatus.READY):
        raise Http404
    if download:
        record_access(
            viewer=viewer,
            record_type="billing.export",
            record_id=job.pk,
            subject=None,
            purpose="Downloaded a claims file",
            program_id=program.pk,
            action=Action.EXPORT,
        )
    return job


def payers_of(program: Program) -> QuerySet[Payer]:
    return Payer.objects.filter(program=program).prefetch_related("services")


def access_identity(
    viewer: User, member_id: int, *, purpose: str = "Read a billing identity"
) -> tuple[Identity | None, vault.Facts]:
    """A person's billing identity, unsealed, for a biller of their program (the read is logged);
    (None, empty facts) when none is kept yet. Http404 for anyone else or a person of another program."""
    program = billing_program(viewer)
    member = User.objects.filter(pk=member_id, memberships__program=program).first()
    if member is None:
        raise Http404
    identity = Identity.objects.filter(program=program, member=member).first()
    record_access(
        viewer=viewer,
        record_type="billing.identity",
        record_id=member.pk,
        subject=member,
        purpose=purpose,
        program_id=program.pk,
    )
    if identity is None:
        return None, vault.Facts()
    return identity, vault.unseal(identity.sealed)


# --- the queue -------------------------------------------------------------------------------------


@dataclass
class Block:
    reason: str
    fix_url: str
    fix_label: str


@dataclass
class QueueLine:
    member: User
    day: datetime.date
    service: PayerService | None
    notes: list[Note]
    minutes: int
    units: int
    modifiers: list[str]
    place_of_service: str
    blocks: list[Block] = field(default_factory=list)
    claim: ClaimLine | None = None  # the line as it left, once sent
    corrects: ClaimLine | None = None  # a line of the claim this one will correct (frequency 7)

    @property
    def state(self) -> str:
        if self.claim is not None:
            return str(self.claim.state)
        return BLOCKED if self.blocks else READY

    @property
    def actions(self) -> list[tuple[str, str]]:
        """What the clerk may do with this line's claim (a whole claim goes again), with the words."""
        if self.corrects is not None:
            claim = self.corrects.claim_id
            return [("keep", _("Keep claim %(claim)s as the payer answered") % {"claim": claim})]
        if self.claim is None:
            return []
        claim, state = self.claim.claim_id, self.claim.state
        if state == LineState.VOIDING:
            return [("keep", _("Do not void claim %(claim)s") % {"claim": claim})]
        if state not in (LineState.PAID, LineState.DENIED):
            return []
        again = (
            _("Correct claim %(claim)s")
            if state == LineState.PAID
            else _("Fix and send claim %(claim)s again")
        )
        return [
            ("correct", again % {"claim": claim}),
            ("void", _("Void claim %(claim)s") % {"claim": claim}),
        ]

    @property
    def charge(self) -> Decimal:
        return self.service.rate * self.units if self.service else Decimal("0")


def minutes_of(note: Note) -> int:
    encounter = note.encounter
    return max(0, int((encounter.ended_at - encounter.started_at).total_seconds() // 60))


def modifiers_for(service: PayerService, payer: Payer, modality: str) -> list[str]:
    mods = service.modifiers.split()
    if modality == Modality.GROUP and service.group_modifier:
        mods.append(service.group_modifier)
    if modality == Modality.VIDEO and payer.telehealth_modifier:
        mods.append(payer.telehealth_modifier)
    if modality == Modality.PHONE and payer.audio_modifier:
        mods.append(payer.audio_modifier)
    return list(dict.fromkeys(mods))[:4]


def _overlapping(notes: list[Note]) -> set[int]:
    """Encounter ids of one supporter's that overlap another encounter of theirs."""
    by_supporter: dict[int, dict[int, Any]] = defaultdict(dict)
    for note in notes:
        by_supporter[note.encounter.supporter_id][note.encounter_id] = note.encounter
    clash: set[int] = set()
    for encounters in by_supporter.values():
        ordered = sorted(encounters.values(), key=lambda e: e.started_at)
        latest = None
        for encounter in ordered:
            if latest is not None and encounter.started_at < latest.ended_at:
                clash.update({encounter.pk, latest.pk})
            if latest is None or encounter.ended_at > latest.ended_at:
                latest = encounter
    return clash


def queue(
    program: Program,
    start: datetime.date,
    end: datetime.date,
    *,
    progress: Callable[[int], None] = lambda percent: None,
) -> list[QueueLine]:
    """Each person's day of service in [start, end] (the program's dates), from its signed notes.
    `progress` hears how far the reading and checking has got, in percent (for a long export)."""
    zone = zoneinfo.ZoneInfo(program.time_zone)
    begin = datetime.datetime.combine(start, datetime.time.min, zone)
    stop = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, zone)
    notes = list(sources.signed_notes_between(program, begin, stop))
    progress(20)
    if not notes:
        return []
    billed = {
        cn.note_id: cn.line
        for cn in ClaimNote.objects.filter(note_id__in=[n.pk for n in notes]).select_related(
            "line__replaces"
        )
    }
    identities = {
        i.member_id: i
        for i in Identity.objects.filter(
            program=program, member_id__in={n.member_id for n in notes}
        ).select_related("payer")
    }
    services: dict[int, PayerService | None] = {}
    for payer in payers_of(program):
        services[payer.pk] = next(iter(payer.services.all()), None)
    clash = _overlapping(notes)
    day_of = {n.pk: n.encounter.started_at.astimezone(zone).date() for n in notes}
    lacking: dict[tuple[int, datetime.date], list[str]] = {}
    supporters_by_day: dict[datetime.date, set[int]] = defaultdict(set)
    for n in notes:
        supporters_by_day[day_of[n.pk]].add(n.encounter.supporter_id)
    for day, ids in supporters_by_day.items():
        for user_id, reasons in missing_for(ids, program, Activity.SIGN_NOTES, on=day).items():
            lacking[(user_id, day)] = reasons

    lines: list[QueueLine] = []
    # notes already sent keep their line as it left
    sent: dict[int, QueueLine] = {}
    # notes not sent yet, or on a claim marked to correct: by person, service and claim corrected
    pending: dict[tuple[int, int | None, str], list[Note]] = defaultdict(list)
    correcting: dict[str, ClaimLine] = {}
    for note in notes:
        claim = billed.get(note.pk)
        if claim is not None and claim.state == LineState.CORRECTING:
            correcting.setdefault(claim.claim_id, claim)
        elif claim is not None:
            if claim.pk not in sent:
                sent[claim.pk] = QueueLine(
                    member=note.member,
                    day=claim.day,
                    service=None,
                    notes=[],
                    minutes=claim.minutes,
                    units=claim.units,
                    modifiers=claim.modifiers.split(),
                    place_of_service=claim.place_of_service,
                    claim=claim,
                )
            sent[claim.pk].notes.append(note)
            continue
        identity = identities.get(note.member_id)
        service = services.get(identity.payer_id) if identity else None
        corrected = claim.claim_id if claim is not None else ""
        pending[(note.member_id, service.pk if service else None, corrected)].append(note)

    for done, ((member_id, _service_id, corrected), group) in enumerate(pending.items()):
        progress(20 + 70 * done // len(pending))
        identity = identities.get(member_id)
        service = services.get(identity.payer_id) if identity else None
        fix_identity = reverse("billing:identity", args=[member_id])
        sessions = [Session(n.pk, member_id, day_of[n.pk], minutes_of(n)) for n in group]
        by_note = {n.pk: n for n in group}
        if service is None:
            days = units_by_day(sessions, PayerService().rule())
        else:
            days = units_by_day(sessions, service.rule())
        for found in days:
            day_notes = [by_note[int(str(ref))] for ref in found.refs]
            first = day_notes[0]
            mods = (
                modifiers_for(service, identity.payer, first.encounter.modality)
                if service and identity
                else []
            )
            line = QueueLine(
                member=first.member,
                day=found.day,
                service=service,
                notes=day_notes,
                minutes=found.minutes,
                units=found.units,
                modifiers=mods,
                place_of_service=first.encounter.place_of_service,
                corrects=correcting.get(corrected),
            )
            _check(line, identity, service, found.over_limit, clash, lacking, fix_identity)
            lines.append(line)
    progress(90)
    _check_payer_rules(program, lines, identities)
    progress(100)
    lines.extend(sent.values())
    lines.sort(key=lambda q: (q.day, q.member.display_name, q.member.pk))
    return lines


def _check(
    line: QueueLine,
    identity: Identity | None,
    service: PayerService | None,
    over_limit: bool,
    clash: set[int],
    lacking: dict[tuple[int, datetime.date], list[str]],
    fix_identity: str,
) -> None:
    """The reasons a line cannot go yet, each with where to fix it. One rule per block."""
    add = line.blocks.append
    if identity is None:
        add(
            Block(
                _("No billing details kept for this person yet."),
                fix_identity,
                _("Add their billing details"),
            )
        )
        return
    if service is None:
        add(
            Block(
                _("Their payer has no service set up."),
                reverse("billing:payer", args=[identity.payer_id]),
                _("Set up the payer's services"),
            )
        )
        return
    if not identity.has_diagnosis:
        add(
            Block(
                _("No diagnosis on file from the clinician's service order."),
                fix_identity,
                _("Add the diagnosis"),
            )
        )
    if service.requires_order and not (
        identity.covered_from
        and identity.covered_to
        and identity.covered_from <= line.day <= identity.covered_to
    ):
        add(
            Block(
                _("No current service order and plan on this day."),
                fix_identity,
                _("Update the order and plan dates"),
            )
        )
    for note in line.notes:
        note_url = reverse("records:note", args=[note.pk])
        if not sources.is_final(note):
            add(
                Block(
                    _("The note is waiting for the supervisor's co-signature."),
                    note_url,
                    _("Open the note"),
                )
            )
        elif service.requires_cosign and not sources.is_cosigned(note):
            add(
                Block(
                    _("This payer needs a supervisor to co-sign the note."),
                    note_url,
                    _("Open the note"),
                )
            )
        reasons = lacking.get((note.encounter.supporter_id, line.day))
        if reasons:
            add(
                Block(
                    _("The peer supporter's credential was not current that day: %(what)s.")
                    % {"what": "; ".join(reasons)},
                    reverse("training:compliance"),
                    _("See credentials"),
                )
            )
        if note.encounter_id in clash:
            add(
                Block(
                    _("Two sessions of the same supporter overlap in time."),
                    note_url,
                    _("Check the session times"),
                )
            )
        if note.encounter.modality == Modality.CHAT:
            add(
                Block(
                    _("A chat conversation is not a billable service."),
                    note_url,
                    _("Open the note"),
                )
            )
        if not note.encounter.place_of_service:
            add(
                Block(
                    _("The note does not say where the session took place."),
                    note_url,
                    _("Open the note"),
                )
            )
    if line.units == 0:
        add(
            Block(
                _("Too short to bill: under the first unit's minutes."),
                reverse("records:note", args=[line.notes[0].pk]),
                _("Open the note"),
            )
        )
    if over_limit:
        add(
            Block(
                _("More units this day than the payer allows (%(limit)s).")
                % {"limit": service.max_units_per_day},
                reverse("records:note", args=[line.notes[0].pk]),
                _("Check the session times"),
            )
        )


# --- the payer's rules across days: units a year and an episode, prior authorisation, group size,
# --- who may bill


def _billed_units(program: Program, lines: list[QueueLine]) -> list[tuple[int, int, Any, int]]:
    """(person, service, day, units) of every line already sent that still counts against a limit:
    sent, paid, or paid and waiting to be voided (a denied, replaced or voided line does not), in
    the years of `lines`, in one query."""
    years = {q.day.year for q in lines}
    return list(
        ClaimLine.objects.filter(
            program=program,
            member_id__in={q.member.pk for q in lines},
            service_id__in={q.service.pk for q in lines if q.service},
            day__gte=datetime.date(min(years), 1, 1),
            day__lte=datetime.date(max(years), 12, 31),
            state__in=[LineState.EXPORTED, LineState.PAID, LineState.VOIDING],
        )
        .exclude(frequency=Frequency.VOID)
        .values_list("member_id", "service_id", "day", "units")
    )


def _check_payer_rules(
    program: Program, lines: list[QueueLine], identities: dict[int, Identity]
) -> None:
    """Block lines past the payer's units a year or an episode, or past the units allowed before a
    prior authorisation with none covering the day; groups larger than the payer pays; and lines by
    a supporter without a credential the payer takes. Lines are counted in day order, after what was
    already sent; a line blocked by a limit does not count."""
    ruled = [
        q
        for q in lines
        if q.service is not None
        and (
            q.service.max_units_per_year
            or q.service.max_units_per_episode
            or q.service.prior_auth_after_units
        )
    ]
    if ruled:
        _check_unit_limits(program, ruled, identities)
    _check_group_size([q for q in lines if q.service and q.service.max_group_size])
    _check_credentials([q for q in lines if q.service and q.service.credential_kinds])


def _check_unit_limits(
    program: Program, lines: list[QueueLine], identities: dict[int, Identity]
) -> None:
    year_used: dict[tuple[int, int, int], int] = defaultdict(int)
    episode_used: dict[tuple[int, int], int] = defaultdict(int)
    for member_id, service_id, day, units in _billed_units(program, lines):
        year_used[(member_id, service_id, day.year)] += units
        identity = identities.get(member_id)
        if identity and _in_episode(identity, day):
            episode_used[(member_id, service_id)] += units
    for q in sorted(lines, key=lambda q: (q.day, q.member.pk)):
        service = q.service
        assert service is not None  # noqa: S101  # only lines with a service are ruled
        identity = identities[q.member.pk]
        year_key = (q.member.pk, service.pk, q.day.year)
        episode_key = (q.member.pk, service.pk)
        in_year = year_used[year_key] + q.units
        in_episode = episode_used[episode_key] + q.units
        fix_identity = reverse("billing:identity", args=[q.member.pk])
        blocked = False
        if service.max_units_per_year and in_year > service.max_units_per_year:
            blocked = True
            q.blocks.append(
                Block(
                    _(
                        "Over the payer's %(limit)s units a year for this person: "
                        "%(used)s were sent or are earlier in the queue this year."
                    )
                    % {"limit": service.max_units_per_year, "used": year_used[year_key]},
                    reverse("billing:payer", args=[service.payer_id]),
                    _("Check the payer's limits"),
                )
            )
        if (
            service.max_units_per_episode
            and _in_episode(identity, q.day)
            and in_episode > service.max_units_per_episode
        ):
            blocked = True
            q.blocks.append(
                Block(
                    _(
                        "Over the payer's %(limit)s units for this episode of care (the service "
                        "order's dates): %(used)s were sent or are earlier in the queue."
                    )
                    % {"limit": service.max_units_per_episode, "used": episode_used[episode_key]},
                    fix_identity,
                    _("Update the service order"),
                )
            )
        after = service.prior_auth_after_units
        if after and in_year > after and not _authorised(identity, q.day):
            blocked = True
            q.blocks.append(
                Block(
                    _(
                        "Prior authorisation is needed after %(limit)s units a year, and none on "
                        "file covers this day."
                    )
                    % {"limit": after},
                    fix_identity,
                    _("Add the prior authorisation"),
                )
            )
        if not blocked:
            year_used[year_key] = in_year
            if _in_episode(identity, q.day):
                episode_used[episode_key] = in_episode


def _in_episode(identity: Identity, day: datetime.date) -> bool:
    """An episode of care is the days the service order and plan cover."""
    start, end = identity.covered_from, identity.covered_to
    return start is not None and end is not None and start <= day <= end


def _authorised(identity: Identity, day: datetime.date) -> bool:
    start, end = identity.authorised_from, identity.authorised_to
    return start is not None and end is not None and start <= day <= end


def _check_group_size(lines: list[QueueLine]) -> None:
    groups = [n for q in lines for n in q.notes if n.encounter.modality == Modality.GROUP]
    if not groups:
        return
    sizes = sources.group_sizes({n.encounter_id for n in groups})
    for q in lines:
        assert q.service is not None  # noqa: S101  # only lines with a service are ruled
        for note in q.notes:
            size = sizes.get(note.encounter_id, 0)
            if note.encounter.modality == Modality.GROUP and size > (q.service.max_group_size or 0):
                q.blocks.append(
                    Block(
                        _(
                            "The group had %(size)s people; this payer pays for groups of at most "
                            "%(limit)s."
                        )
                        % {"size": size, "limit": q.service.max_group_size},
                        reverse("records:note", args=[note.pk]),
                        _("Open the note"),
                    )
                )


def _check_credentials(lines: list[QueueLine]) -> None:
    """The supporter must hold, current on the day of service, a credential the payer takes."""
    days: dict[datetime.date, set[int]] = defaultdict(set)
    for q in lines:
        for note in q.notes:
            days[q.day].add(note.encounter.supporter_id)
    held = sources.credentials_on(days)
    labels = dict(sources.credential_kinds()) if lines else {}
    for q in lines:
        assert q.service is not None  # noqa: S101  # only lines with a service are ruled
        wanted = set(q.service.credential_kinds.split())
        for note in q.notes:
            supporter = note.encounter.supporter_id
            if wanted & held[q.day].get(supporter, set()):
                continue
            q.blocks.append(
                Block(
                    _(
                        "This payer pays this service only from a supporter with a current "
                        "credential of these kinds: %(kinds)s. The supporter held none that day."
                    )
                    % {"kinds": ", ".join(sorted(labels.get(k, k) for k in wanted))},
                    reverse("training:compliance"),
                    _("See credentials"),
                )
            )
