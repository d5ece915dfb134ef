"""Reads for resources: directory search, a resource, referrals and who may see them, the outcome
roll-up, hand-offs with their follow-up clock, and the member's first screen after a hand-off."""

from __future__ import annotations

import statistics
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core import signing
from django.db.models import OuterRef, Q, QuerySet, Subquery, TextField
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone

from alongside.accounts.choices import Role
from alongside.accounts.models import CareTeamLink, Program, User
from alongside.accounts.selectors import standing, standing_in, today_in, works_with
from alongside.audit.services import record_access
from alongside.conversations.selectors import first_message_time, open_conversation_between
from alongside.matching.selectors import bio_of

from .geo import Place, bounding_box, haversine_km
from .hours import is_open_in_week, minute_of_week, spans_of_text
from .models import (
    DirectorySettings,
    HandOff,
    HospitalStay,
    IntakeLink,
    Need,
    Referral,
    ReferralStatus,
    Resource,
)

SEARCH_LIMIT = 50
DEFAULT_RADIUS_KM = 25.0


def settings_of(program: Program) -> DirectorySettings:
    found, _ = DirectorySettings.objects.get_or_create(program=program)
    return found


# --- the directory ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """One search result: the resource, how far it is (None without a starting place), open now."""

    resource: Resource
    distance_km: float | None
    is_open: bool


@dataclass(frozen=True)
class Results:
    hits: list[Hit]
    total: int  # how many matched before the page limit


def search(
    program: Program,
    *,
    need: str = "",
    language: str = "",
    near: Place | None = None,
    radius_km: float = DEFAULT_RADIUS_KM,
    open_now: bool = False,
    text: str = "",
    at: datetime | None = None,
    limit: int = SEARCH_LIMIT,
) -> Results:
    """Resources of a program for a need, a language and a place, nearest first (else by name).
    One query: need, language and a bounding box filter in the database; the exact distance and
    open-now are worked out here, in each resource's own time zone."""
    at = at or timezone.now()
    found = Resource.objects.filter(program=program)
    if need:
        found = found.filter(needs__contains=f"|{need}|")
    if language:
        found = found.filter(languages__contains=f"|{language}|")
    if text:
        found = found.filter(Q(name__icontains=text) | Q(description__icontains=text))
    if near is not None:
        low_lat, high_lat, low_lon, high_lon = bounding_box(near, radius_km)
        found = found.filter(
            latitude__gte=low_lat,
            latitude__lte=high_lat,
            longitude__gte=low_lon,
            longitude__lte=high_lon,
        )
    # First pass: only what the filters need, with hours as JSON text (parsed once per distinct
    # timetable, see `spans_of_text`); the page's few rows are then read in full.
    rows = found.annotate(hours_text=Cast("hours", output_field=TextField())).values_list(
        "pk", "latitude", "longitude", "time_zone", "hours_text"
    )
    minutes: dict[str, int] = {}
    kept: list[tuple[int, float | None, bool]] = []
    for pk, lat, lon, zone, hours_text in rows.order_by("name", "pk"):
        distance = None
        if near is not None and lat is not None and lon is not None:
            distance = haversine_km(near.latitude, near.longitude, lat, lon)
            if distance > radius_km:
                continue
        if zone not in minutes:
            minutes[zone] = minute_of_week(zone, at)
        is_open = is_open_in_week(spans_of_text(hours_text or ""), minutes[zone])
        if open_now and not is_open:
            continue
        kept.append((pk, distance, is_open))
    if near is not None:
        kept.sort(key=lambda k: (k[1] is None, k[1] or 0.0))
    shown = kept[:limit]
    full = Resource.objects.defer("description", "eligibility").in_bulk([pk for pk, _, _ in shown])
    hits = [Hit(resource=full[pk], distance_km=d, is_open=o) for pk, d, o in shown]
    return Results(hits=hits, total=len(kept))


def access_resource(viewer: User, resource_id: int) -> Resource:
    """A directory entry of the viewer's program; else Http404. The directory is not a protected
    record, so reads are not audited."""
    program = standing(viewer).program
    resource = Resource.objects.filter(pk=resource_id, program=program).first()
    if program is None or resource is None:
        raise Http404
    return resource


def directory_of(program: Program) -> QuerySet[Resource]:
    return Resource.objects.filter(program=program).order_by("name", "pk")


def stale_before(program: Program, today: date) -> date:
    return today - timedelta(days=settings_of(program).stale_after_days)


def stale_resources(program: Program, today: date) -> QuerySet[Resource]:
    """Entries not verified within the program's number of days (or never)."""
    return (
        Resource.objects.filter(program=program)
        .stale(stale_before(program, today))
        .order_by("last_verified_on", "name", "pk")
    )


# --- referrals -------------------------------------------------------------------------------------


def referrals_of(member: User) -> QuerySet[Referral]:
    """A member's referrals: open ones first, the soonest follow-up first."""
    return (
        Referral.objects.filter(member=member)
        .select_related("resource")
        .order_by("closed_at", "follow_up_on", "pk")
    )


def referrals_for_staff(staff: User) -> QuerySet[Referral]:
    """Referrals of the members a supporter or clinician works with now."""
    members = CareTeamLink.objects.current().filter(staff=staff).values("member_id")
    return (
        Referral.objects.filter(member_id__in=members)
        .select_related("resource", "member")
        .order_by("closed_at", "follow_up_on", "pk")
    )


def access_referral(viewer: User, referral_id: int) -> Referral:
    """A referral its member, or someone on their care team, may see (a staff read is audited)."""
    referral = (
        Referral.objects.select_related("resource", "member", "program")
        .filter(pk=referral_id)
        .first()
    )
    if referral is None:
        raise Http404
    if referral.member_id != viewer.pk:
        if not works_with(viewer, referral.member):  # only the member's care team, ever
            raise Http404
        record_access(
            viewer=viewer,
            record=referral,
            subject=referral.member,
            purpose="Viewed a referral",
            program_id=referral.program_id,
        )
    return referral


@dataclass(frozen=True)
class RollupRow:
    key: str
    label: str
    made: int
    connected: int
    not_connected: int
    median_days: float | None  # from made to connected


def _rows(groups: dict[tuple[str, str], list[Referral]]) -> list[RollupRow]:
    rows = []
    for (key, label), items in groups.items():
        days = [
            (r.connected_at - r.created_at).total_seconds() / 86400
            for r in items
            if r.status == ReferralStatus.CONNECTED and r.connected_at
        ]
        rows.append(
            RollupRow(
                key=key,
                label=label,
                made=len(items),
                connected=sum(r.status == ReferralStatus.CONNECTED for r in items),
                not_connected=sum(r.status == ReferralStatus.NOT_CONNECTED for r in items),
                median_days=round(statistics.median(days), 1) if days else None,
            )
        )
    return sorted(rows, key=lambda r: (-r.made, r.label))


def rollup(program: Program) -> tuple[list[RollupRow], list[RollupRow]]:
    """Referral outcomes per need and per resource: how many made, connected, not connected, and the
    median days from referral to connection. One query."""
    by_need: dict[tuple[str, str], list[Referral]] = {}
    by_resource: dict[tuple[str, str], list[Referral]] = {}
    for referral in (
        Referral.objects.filter(program=program)
        .select_related("resource")
        .only("need", "status", "created_at", "connected_at", "resource__name")
    ):
        label = str(Need(referral.need).label) if referral.need in Need.values else referral.need
        by_need.setdefault((referral.need, label), []).append(referral)
        by_resource.setdefault((str(referral.resource_id), referral.resource.name), []).append(
            referral
        )
    return _rows(by_need), _rows(by_resource)


# --- hand-offs -------------------------------------------------------------------------------------


def first_contacts(hand_offs: list[HandOff]) -> dict[int, datetime | None]:
    """When a peer first reached each person after their hand-off came in: their first message in
    Alongside from a supporter who is (or was) on the person's care team, or a contact recorded by
    hand, whichever came first. One query, however many hand-offs (a correlated subquery each)."""
    peers = CareTeamLink.objects.filter(
        member_id=OuterRef(OuterRef("member_id")), role=Role.SUPPORTER
    ).values("staff_id")
    # A person handed off again starts afresh (from the hand-off's own time).
    first_message = first_message_time(OuterRef("member_id"), OuterRef("created_at"), peers)
    found: dict[int, datetime | None] = {}
    for pk, message_at, recorded_at in (
        HandOff.objects.filter(pk__in=[h.pk for h in hand_offs])
        .annotate(message_at=Subquery(first_message))
        .values_list("pk", "message_at", "recorded_contact_at")
    ):
        times = [t for t in (message_at, recorded_at) if t]
        found[pk] = min(times) if times else None
    return found


@dataclass(frozen=True)
class Clock:
    """A hand-off's follow-up clock. Days count from the discharge date in the program's time zone; as
    in the HEDIS FUH rule (DOMAIN §4), contact on the discharge day itself does not count towards the
    7- and 30-day figures. An internal metric, not a HEDIS result."""

    hand_off: HandOff
    first_contact_at: datetime | None
    days_to_contact: int | None
    days_since_discharge: int
    within_7: bool | None  # None while the window is still open
    within_30: bool | None
    needs_alert: bool


def _clock(hand_off: HandOff, first: datetime | None, today: date) -> Clock:
    zone = zoneinfo.ZoneInfo(hand_off.program.time_zone)
    days = (first.astimezone(zone).date() - hand_off.discharge_on).days if first else None
    since = (today - hand_off.discharge_on).days

    def within(limit: int) -> bool | None:
        if days is not None and 1 <= days <= limit:
            return True
        return False if since > limit or days is not None else None

    return Clock(
        hand_off=hand_off,
        first_contact_at=first,
        days_to_contact=days,
        days_since_discharge=since,
        within_7=within(7),
        within_30=within(30),
        needs_alert=first is None and since >= 3,
    )


@dataclass(frozen=True)
class HandOffFigures:
    clocks: list[Clock]
    rate_7: float | None  # share of closed 7-day windows with contact in time
    rate_30: float | None
    counted_7: int
    counted_30: int


def _rate(values: list[bool | None]) -> tuple[float | None, int]:
    decided = [v for v in values if v is not None]
    return (round(100 * sum(decided) / len(decided)) if decided else None), len(decided)


def hand_offs_for(viewer: User, today: date | None = None) -> HandOffFigures:
    """Supervisors and admins see the program's hand-offs; a clinician the ones they sent; a peer
    supporter those of the people they work with."""
    found = standing(viewer)
    if found.program is None:
        raise Http404
    query = HandOff.objects.filter(program=found.program)
    if not found.has(Role.SUPERVISOR, Role.ADMIN):
        caseload = CareTeamLink.objects.current().filter(staff=viewer).values("member_id")
        query = query.filter(Q(sent_by=viewer) | Q(member_id__in=caseload))
    hand_offs = list(
        query.select_related("member", "program", "support_request").order_by(
            "-discharge_on", "-pk"
        )
    )
    today = today or today_in(found.program)
    firsts = first_contacts(hand_offs)
    clocks = [_clock(h, firsts[h.pk], today) for h in hand_offs]
    rate_7, counted_7 = _rate([c.within_7 for c in clocks])
    rate_30, counted_30 = _rate([c.within_30 for c in clocks])
    return HandOffFigures(clocks, rate_7, rate_30, counted_7, counted_30)


def hand_offs_of(member: User) -> QuerySet[HandOff]:
    """A member's hand-offs, oldest discharge first, for a reader the member already cleared (the FHIR
    export's EpisodeOfCare resources)."""
    return HandOff.objects.filter(member=member).order_by("discharge_on", "pk")


def access_hand_off(viewer: User, hand_off_id: int) -> Clock:
    """One hand-off with its clock, for the program's supervisors and admins, the clinician who sent
    it, and the person's peer; reads are audited."""
    hand_off = (
        HandOff.objects.select_related("member", "program", "support_request", "intake_link")
        .filter(pk=hand_off_id)
        .first()
    )
    found = standing(viewer)
    if hand_off is None or found.program != hand_off.program:
        raise Http404
    allowed = (
        found.has(Role.SUPERVISOR, Role.ADMIN)
        or hand_off.sent_by_id == viewer.pk
        or (found.has(Role.SUPPORTER) and works_with(viewer, hand_off.member))
    )
    if not allowed:
        raise Http404
    record_access(
        viewer=viewer,
        record=hand_off,
        subject=hand_off.member,
        purpose="Viewed a hand-off",
        program_id=hand_off.program_id,
    )
    first = first_contacts([hand_off])[hand_off.pk]
    return _clock(hand_off, first, today_in(hand_off.program))


def intake_link_for(token: str) -> IntakeLink:
    """The intake link a token names, if its signature holds and it is neither expired nor revoked;
    else Http404, the same for all three."""
    from .services import INTAKE_SALT

    try:
        link_id = signing.loads(token, salt=INTAKE_SALT)
    except signing.BadSignature:
        raise Http404 from None
    link = (
        IntakeLink.objects.usable(timezone.now())
        .select_related("program")
        .filter(pk=link_id)
        .first()
    )
    if link is None:
        raise Http404
    return link


def intake_links_of(program: Program) -> QuerySet[IntakeLink]:
    return IntakeLink.objects.filter(program=program).order_by("-created_at")


# --- the member's first screen ---------------------------------------------------------------------


@dataclass(frozen=True)
class Welcome:
    hand_off: HandOff | None
    peer: User | None
    peer_bio: str
    conversation_id: int | None
    talk_by: date | None  # when the peer will be in touch at the latest
    referrals: list[Referral]


def welcome_for(member: User) -> Welcome:
    """What a member sees first after a hand-off: their peer (or that one is coming), when they will
    talk, and the resources already lined up."""
    hand_off = (
        HandOff.objects.filter(member=member)
        .select_related("program")
        .order_by("-discharge_on", "-pk")
        .first()
    )
    link = (
        CareTeamLink.objects.current()
        .filter(member=member, role=Role.SUPPORTER)
        .select_related("staff")
        .order_by("-created_at")
        .first()
    )
    peer = link.staff if link else None
    bio = bio_of(peer) if peer is not None else ""
    conversation_id = open_conversation_between(member, peer) if peer is not None else None
    talk_by = None
    if hand_off is not None:
        # Both days in the program's own time zone (discharge_on is one): a hand-off sent at 7 p.m. in
        # Chicago is already "tomorrow" in UTC.
        sent_on = hand_off.created_at.astimezone(
            zoneinfo.ZoneInfo(hand_off.program.time_zone)
        ).date()
        talk_by = max(hand_off.discharge_on, sent_on) + timedelta(days=2)
    return Welcome(
        hand_off=hand_off,
        peer=peer,
        peer_bio=bio,
        conversation_id=conversation_id,
        talk_by=talk_by,
        referrals=list(referrals_of(member).filter(closed_at__isnull=True)),
    )


def hand_off_clocks(program: Program, since: date, until: date, today: date) -> list[Clock]:
    """For reports: the follow-up clock of every hand-off of `program` with a discharge date in
    [since, until)."""
    hand_offs = list(
        HandOff.objects.filter(program=program, discharge_on__gte=since, discharge_on__lt=until)
        .select_related("program")
        .order_by("discharge_on", "pk")
    )
    firsts = first_contacts(hand_offs)
    return [_clock(h, firsts[h.pk], today) for h in hand_offs]


def discharges_of(program: Program) -> list[tuple[int, str, date]]:
    """For reports: every hand-off of `program` as (member id, setting left, discharge date), oldest
    first; a second discharge from hospital soon after a first is a readmission."""
    return list(
        HandOff.objects.filter(program=program)
        .order_by("discharge_on", "pk")
        .values_list("member_id", "setting", "discharge_on")
    )


def hospital_stays_of(program: Program) -> list[tuple[int, date, date | None]]:
    """For reports: every recorded hospital stay of `program` as (member id, admitted on, discharged
    on or None while it goes on), oldest first, in one query."""
    return list(
        HospitalStay.objects.filter(program=program)
        .order_by("admitted_on", "pk")
        .values_list("member_id", "admitted_on", "discharged_on")
    )


def stays_of(member: User) -> QuerySet[HospitalStay]:
    """A person's recorded hospital stays, newest first, with who noted each (their page and the
    staff page)."""
    return (
        HospitalStay.objects.filter(member=member)
        .select_related("recorded_by", "hand_off")
        .order_by("-admitted_on", "-pk")
    )


STAY_KEEPERS = (Role.SUPERVISOR, Role.CLINICIAN, Role.SUPPORTER)  # on the person's care team


def stay_program(actor: User, member: User) -> Program | None:
    """The program in which `actor` may note and read `member`'s hospital stays, or None. The person
    themselves, in their current program; else the actor's current program, when the person is a
    member there and the actor is its administrator or, on the person's care team there, their
    supporter, supervisor or clinician. Three queries at most."""
    if actor.pk == member.pk:
        own = standing(member)
        return own.program if own.program is not None and own.has(Role.MEMBER) else None
    found = standing(actor)
    program = found.program
    if program is None or not found.has(Role.ADMIN, *STAY_KEEPERS):
        return None
    if not standing_in(member, program).has(Role.MEMBER):
        return None
    if found.has(Role.ADMIN):
        return program
    on_team = CareTeamLink.objects.current().filter(staff=actor, member=member, program=program)
    return program if on_team.exists() else None


def access_stays(viewer: User, member_id: int) -> User:
    """The person whose hospital stays `viewer` (staff) may note and read, with the read audited;
    else Http404, as if there were nobody."""
    member = User.objects.filter(pk=member_id, is_active=True).first()
    if member is None or member.pk == viewer.pk:
        raise Http404  # a person's own stays are on their own page
    program = stay_program(viewer, member)
    if program is None:
        raise Http404
    record_access(
        viewer=viewer,
        record_type="resources.hospitalstay",
        record_id=member.pk,
        subject=member,
        purpose="Viewed hospital stays",
        program_id=program.pk,
    )
    return member
