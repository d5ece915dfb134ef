"""Reads for matching: the best supporters for a request, loads, an offer's access check, the queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from alongside.accounts import gates
from alongside.accounts.choices import Role, Topic
from alongside.accounts.gates import Activity
from alongside.accounts.models import CareTeamLink, Program, User
from alongside.accounts.selectors import standing
from alongside.common import refusals, sql
from alongside.conversations.models import Kind

from .caseload import capacity_of, with_limits
from .compatibility import Candidate, Fit, Need, compatibility
from .models import (
    Block,
    DropInRoom,
    MatchingRules,
    Offer,
    OfferStatus,
    RequestStatus,
    SupporterProfile,
    SupportRequest,
    Urgency,
)


@dataclass(frozen=True)
class Match:
    """One supporter who may be offered to a request, with how well they fit."""

    profile: SupporterProfile
    fit: Fit

    @property
    def supporter(self) -> User:
        return self.profile.user


def rules_of(program: Program) -> MatchingRules:
    rules, _ = MatchingRules.objects.get_or_create(program=program)
    return rules


def loads(program: Program) -> dict[int, int]:
    """Members each supporter works with now, plus offers they have not answered: both hold a place."""
    found: dict[int, int] = {}
    links = (
        CareTeamLink.objects.current()
        .filter(program=program, role=Role.SUPPORTER)
        .values("staff_id")
        .annotate(n=Count("pk"))
    )
    pending = (
        Offer.objects.pending()
        .filter(request__program=program)
        .values("supporter_id")
        .annotate(n=Count("pk"))
    )
    for key, n in [
        *((row["staff_id"], row["n"]) for row in links),
        *((row["supporter_id"], row["n"]) for row in pending),
    ]:
        found[key] = found.get(key, 0) + n
    return found


def blocked_ids(member_id: int) -> frozenset[int]:
    """Everyone the member has blocked or been blocked by, in plain SQL (`common.sql`)."""
    return _others_in_blocks(sql.rows(*_blocks_query(member_id)), member_id)


def _blocks_query(member_id: int) -> sql.Query:
    """A statement listing the (blocker, blocked) pairs `member_id` is in."""
    return _blocks_sql(), [member_id, member_id]


def _others_in_blocks(pairs: list[tuple[Any, ...]], member_id: int) -> frozenset[int]:
    return frozenset(pk for pair in pairs for pk in pair if pk != member_id)


def _blocked_among(pairs: list[tuple[Any, ...]], sender_id: int, others: list[int]) -> bool:
    """Whether the sender blocked, or was blocked by, any of `others`."""
    return bool(_others_in_blocks(pairs, sender_id).intersection(others))


# Conversations' send path asks this of every new message in a 1:1 (registered in `apps.py`): the
# statement joins the batch it sends under the conversation's lock, and a block between the sender and
# the other person refuses it.
block_between = refusals.Question(
    code="blocked",
    order=20,
    kinds=frozenset({Kind.ONE_TO_ONE.value}),
    statement=lambda sending: _blocks_query(sending.sender_id),
    rows=_blocked_among,
    words=lambda _sending: gettext(
        "You cannot send messages here, because one of you has blocked the other."
    ),
)


@cache
def _blocks_sql() -> str:
    """`Block.objects.filter(Q(blocker_id=…) | Q(blocked_id=…)).values_list("blocker_id", "blocked_id")`"""
    blocker, blocked = sql.column(Block, "blocker"), sql.column(Block, "blocked")
    return (
        f"SELECT {blocker}, {blocked} FROM {sql.table(Block)}"  # noqa: S608 (model names)
        f" WHERE {blocker} = %s OR {blocked} = %s"
    )


def need_of(request: SupportRequest, blocked: frozenset[int]) -> Need:
    return Need(
        member_id=request.member_id,
        topics=frozenset(request.topics),
        modalities=frozenset(request.modalities),
        languages=frozenset(request.languages),
        language_required=request.language_required,
        wants=tuple(sorted(request.wants.items())),
        gender=request.gender,
        age_range=request.age_range,
        culture=request.culture,
        slots=tuple(request.availability),
        time_zone=request.time_zone,
        blocked=blocked | frozenset(request.avoid),
    )


def bio_of(supporter: User) -> str:
    """What a supporter wrote about themselves for members (empty if they have no profile)."""
    profile = SupporterProfile.objects.filter(user=supporter).only("bio").first()
    return profile.bio if profile else ""


def candidate_of(profile: SupporterProfile, load: int) -> Candidate:
    return Candidate(
        supporter_id=profile.user_id,
        lived_experience=frozenset(profile.lived_experience),
        languages=frozenset(profile.languages),
        modalities=frozenset(profile.modalities),
        gender=profile.gender,
        age_range=profile.age_range,
        is_lgbtq=profile.is_lgbtq,
        is_veteran=profile.is_veteran,
        culture=profile.culture,
        slots=tuple(profile.availability),
        time_zone=profile.time_zone,
        free=capacity_of(profile) - load,
    )


def supporter_profiles(program: Program) -> QuerySet[SupporterProfile]:
    """Matching profiles of people who are peer supporters of `program` now."""
    return with_limits(
        SupporterProfile.objects.filter(
            program=program,
            user__is_active=True,
            user__memberships__program=program,
            user__memberships__role=Role.SUPPORTER,
        )
        .select_related("user")
        .distinct()
        .order_by("user_id")
    )


def matches_for(
    request: SupportRequest, *, limit: int | None = None, at: datetime | None = None
) -> list[Match]:
    """Feasible supporters for `request`, best first; those already offered it, the member's current
    supporters, the member themself and supporters the one-to-one gate keeps out are left out."""
    already = set(request.offers.values_list("supporter_id", flat=True))
    already |= set(
        CareTeamLink.objects.current()
        .filter(member_id=request.member_id, role=Role.SUPPORTER)
        .values_list("staff_id", flat=True)
    )
    already.add(request.member_id)
    need = need_of(request, blocked_ids(request.member_id))
    taken = loads(request.program)
    found = []
    profiles = list(supporter_profiles(request.program).exclude(user_id__in=already))
    # A supporter who has not finished what one-to-one support requires is not offered (one call).
    lacking = gates.missing_for([p.user_id for p in profiles], request.program, Activity.ONE_TO_ONE)
    for profile in (p for p in profiles if p.user_id not in lacking):
        fit = compatibility(need, candidate_of(profile, taken.get(profile.user_id, 0)), at)
        if fit.feasible:
            found.append(Match(profile=profile, fit=fit))
    found.sort(key=lambda match: (-match.fit.score, match.profile.user_id))
    return found[:limit] if limit is not None else found


def open_request_of(member: User) -> SupportRequest | None:
    return (
        SupportRequest.objects.unmatched().filter(member=member).select_related("program").first()
    )


def access_request(viewer: User, request_id: int) -> SupportRequest:
    """The member's own request, or any request of the program for its supervisors; else Http404."""
    found = standing(viewer)
    request = (
        SupportRequest.objects.select_related("program", "member").filter(pk=request_id).first()
    )
    if request is None or found.program is None or request.program_id != found.program.pk:
        raise Http404
    if request.member_id != viewer.pk and not found.has(Role.SUPERVISOR):
        raise Http404
    return request


def access_offer(supporter: User, offer_id: int) -> Offer:
    """An offer made to `supporter`; anyone else's looks missing."""
    offer = (
        Offer.objects.select_related("request", "request__member", "request__program")
        .filter(pk=offer_id, supporter=supporter)
        .first()
    )
    if offer is None:
        raise Http404
    return offer


def offers_for(supporter: User) -> QuerySet[Offer]:
    return (
        Offer.objects.filter(supporter=supporter)
        .select_related("request", "request__member")
        .order_by("status", "respond_by")
    )


def pending_offer_of(request: SupportRequest) -> Offer | None:
    return request.offers.filter(status=OfferStatus.PENDING).select_related("supporter").first()


@dataclass(frozen=True)
class Overview:
    """What a supervisor sees: who is waiting and how long, and every supporter's load."""

    waiting: list[SupportRequest]
    longest_wait_hours: float
    waiting_too_long: list[SupportRequest]
    supporters: list[tuple[SupporterProfile, int]]


def overview(program: Program, now: datetime | None = None) -> Overview:
    now = now or timezone.now()
    waiting = list(
        SupportRequest.objects.unmatched()
        .filter(program=program)
        .select_related("member", "hand_off")  # a hand-off from hospital or jail (resources)
        .order_by("created_at")
    )
    too_long = rules_of(program).waiting_too_long_hours
    taken = loads(program)
    return Overview(
        waiting=waiting,
        longest_wait_hours=max((r.waited(now) for r in waiting), default=0.0),
        waiting_too_long=[r for r in waiting if r.waited(now) >= too_long],
        supporters=[(p, taken.get(p.user_id, 0)) for p in supporter_profiles(program)],
    )


GENERAL_ROOM = _("Anything on your mind")  # the drop-in room when no topic was chosen
RECENT = timedelta(days=7)  # matches older than this say little about tonight's wait


@dataclass(frozen=True)
class Place:
    """Where a member stands in the on-demand queue, and an honest estimate of the wait.

    `estimate_minutes` comes from the program's last on-demand matches of the past week (see `_estimate`)
    and the member's place in line. None when there is nothing recent to go by: we say so, not guess.
    """

    position: int  # 1 = next
    estimate_minutes: int | None


def on_demand_queue(program: Program) -> QuerySet[SupportRequest]:
    """People who need someone now and have nobody answering yet, in the order they will be seen."""
    return (
        SupportRequest.objects.filter(
            program=program, urgency=Urgency.NOW, status=RequestStatus.WAITING
        )
        .select_related("program", "member")
        .order_by("created_at", "pk")
    )


def place_in_queue(request: SupportRequest) -> Place | None:
    if request.urgency != Urgency.NOW or request.status != RequestStatus.WAITING:
        return None
    ahead = (
        on_demand_queue(request.program)
        .filter(
            Q(created_at__lt=request.created_at)
            | Q(created_at=request.created_at, pk__lt=request.pk)
        )
        .count()
    )
    since = timezone.now() - RECENT
    recent = list(
        SupportRequest.objects.filter(
            program=request.program,
            urgency=Urgency.NOW,
            status=RequestStatus.MATCHED,
            matched_at__gte=since,
        )
        .order_by("-matched_at")
        .values_list("created_at", "matched_at")[:20]
    )
    position = ahead + 1
    return Place(position=position, estimate_minutes=_estimate(recent, position))


def _estimate(recent: list[tuple[datetime, datetime | None]], position: int) -> int | None:
    """Minutes until someone is free for the person at `position`, from recent on-demand matches: the
    median wait of those people, plus, for each person ahead, the median gap between matches (how often
    someone is freed). With one match to go by, its wait stands in for the gap."""
    pairs = [(created, matched) for created, matched in recent if matched is not None]
    if not pairs:
        return None
    waits = sorted((matched - created).total_seconds() / 60 for created, matched in pairs)
    median_wait = waits[len(waits) // 2]
    times = sorted(matched for _created, matched in pairs)
    gaps = sorted((b - a).total_seconds() / 60 for a, b in zip(times, times[1:], strict=False))
    per_person = gaps[len(gaps) // 2] if gaps else median_wait
    return max(1, round(median_wait + per_person * (position - 1)))


@dataclass(frozen=True)
class DropIn:
    """The drop-in room a person waiting now can join: its topic, who hosts it, and whether they're in."""

    topic: str
    topic_label: str
    host: User
    conversation_id: int | None  # the room, once the person has joined it


def drop_in_topic(request: SupportRequest) -> str:
    """The room for the first thing the person wants support with; the general room otherwise."""
    return next((t for t in request.topics if t in Topic.values), "")


def drop_in_host(program: Program, topic: str) -> User | None:
    """Who hosts a drop-in room: its facilitator while they stay on duty, else an on-duty supporter,
    those who share lived experience of the topic first, then the least busy."""
    room = DropInRoom.objects.filter(program=program, topic=topic).select_related("facilitator")
    found = room.first()
    on_duty = supporter_profiles(program).filter(is_on_duty=True)
    if (
        found is not None
        and found.facilitator_id is not None
        and on_duty.filter(user_id=found.facilitator_id).exists()
    ):
        return found.facilitator
    taken = loads(program)
    profiles = list(on_duty)
    if not profiles:
        return None
    best = min(
        profiles,
        key=lambda p: (topic not in p.lived_experience, taken.get(p.user_id, 0), p.user_id),
    )
    return best.user


def drop_in_for(request: SupportRequest) -> DropIn | None:
    """The drop-in room offered while waiting in the on-demand queue; None when not waiting now or when
    no supporter is on duty to host it (nobody is left alone in a room either)."""
    if request.urgency != Urgency.NOW or request.status != RequestStatus.WAITING:
        return None
    topic = drop_in_topic(request)
    host = drop_in_host(request.program, topic)
    if host is None:
        return None
    joined = (
        DropInRoom.objects.filter(
            program=request.program,
            topic=topic,
            conversation__participants__user=request.member,
            conversation__participants__left_at__isnull=True,
        )
        .values_list("conversation_id", flat=True)
        .first()
    )
    label = str(Topic(topic).label) if topic else str(GENERAL_ROOM)
    return DropIn(topic=topic, topic_label=label, host=host, conversation_id=joined)
