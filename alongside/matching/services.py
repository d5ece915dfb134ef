"""Every change in matching: intake, choosing, offers and their answers, switching, hand assignment,
batch assignment, blocks and supporters' matching profiles.

An offer holds a place in the supporter's capacity until it is answered, so two members can never be
promised the same last place. A decline or a timeout moves the request on to the next best supporter
at once (`offer_next`), so the member never has to ask again.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from typing import Any

import numpy as np
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts import gates
from alongside.accounts.choices import Role
from alongside.accounts.gates import Activity
from alongside.accounts.models import User
from alongside.accounts.selectors import standing, standing_in
from alongside.accounts.services import end_care_team_link, link_care_team
from alongside.conversations.models import Conversation
from alongside.conversations.services import join_room, open_room, start_conversation

from .assignment import assign_optimal
from .caseload import with_limits
from .compatibility import compatibility
from .models import (
    Block,
    DropInRoom,
    Offer,
    OfferStatus,
    RequestStatus,
    SupporterProfile,
    SupportRequest,
    Urgency,
)
from .selectors import (
    Match,
    blocked_ids,
    candidate_of,
    drop_in_for,
    loads,
    matches_for,
    need_of,
    on_demand_queue,
    rules_of,
    supporter_profiles,
)

REQUEST_FIELDS = (
    "topics",
    "modalities",
    "languages",
    "language_required",
    "wants",
    "gender",
    "age_range",
    "culture",
    "availability",
    "time_zone",
    "urgency",
    "note",
)


def _member_program(member: User) -> Any:
    found = standing(member)
    if found.program is None or not found.has(Role.MEMBER):
        raise PermissionDenied
    return found.program


def _withdraw(request: SupportRequest) -> None:
    request.offers.filter(status=OfferStatus.PENDING).update(
        status=OfferStatus.WITHDRAWN, responded_at=timezone.now()
    )
    request.status = RequestStatus.WITHDRAWN
    request.save(update_fields=["status", "updated_at"])


@transaction.atomic
def submit_request(
    *, member: User, avoid: list[int] | None = None, **answers: Any
) -> SupportRequest:
    """Save a member's intake answers as their one open request (an earlier open one is replaced)."""
    program = _member_program(member)
    unknown = set(answers) - set(REQUEST_FIELDS)
    if unknown:
        raise TypeError(f"unknown answers: {sorted(unknown)}")
    for earlier in SupportRequest.objects.unmatched().select_for_update().filter(member=member):
        _withdraw(earlier)
    return SupportRequest.objects.create(
        program=program, member=member, avoid=avoid or [], **answers
    )


def _own_open_request(member: User, request_id: int) -> SupportRequest:
    request = (
        SupportRequest.objects.unmatched()
        .select_for_update()
        .filter(pk=request_id, member=member)
        .first()
    )
    if request is None:
        raise Http404
    return request


def _make_offer(request: SupportRequest, match: Match, now: datetime | None = None) -> Offer:
    now = now or timezone.now()
    offer = Offer.objects.create(
        request=request,
        supporter=match.supporter,
        score=match.fit.score,
        reasons=[[reason.code, reason.arg] for reason in match.fit.reasons],
        respond_by=now + timedelta(hours=rules_of(request.program).offer_hours),
    )
    request.status = RequestStatus.OFFERED
    request.save(update_fields=["status", "updated_at"])
    transaction.on_commit(partial(_enqueue_expiry, offer.pk, offer.respond_by))
    return offer


def _enqueue_expiry(offer_id: int, respond_by: datetime) -> None:
    """Close the offer at its time, so a silent supporter never keeps a member waiting."""
    from django_tasks import default_task_backend

    from .tasks import expire_offer as expire_offer_task

    job = expire_offer_task
    if default_task_backend.supports_defer:
        job = job.using(run_after=respond_by)
    job.enqueue(offer_id)


def offer_next(request: SupportRequest, now: datetime | None = None) -> Offer | None:
    """Offer the request to the best supporter not yet asked; with nobody left, it waits."""
    best = matches_for(request, limit=1, at=now)
    if best:
        return _make_offer(request, best[0], now)
    request.status = RequestStatus.WAITING
    request.save(update_fields=["status", "updated_at"])
    return None


@transaction.atomic
def choose_supporter(*, member: User, request_id: int, supporter_id: int) -> Offer:
    """The member picked a supporter: offer them the request, if they still fit."""
    request = _own_open_request(member, request_id)
    if request.offers.filter(status=OfferStatus.PENDING).exists():
        raise ValidationError(_("You have already asked someone. Please wait for their answer."))
    chosen = [m for m in matches_for(request) if m.supporter.pk == supporter_id]
    if not chosen:
        raise ValidationError(
            _("This supporter cannot take someone new just now. Please choose someone else.")
        )
    return _make_offer(request, chosen[0])


@transaction.atomic
def ask_to_be_matched(*, member: User, request_id: int) -> Offer | None:
    """The member asked us to choose: offer the best fit (or keep waiting when nobody fits yet)."""
    request = _own_open_request(member, request_id)
    pending = request.offers.filter(status=OfferStatus.PENDING).first()
    return pending or offer_next(request)


def _pending_offer(supporter: User, offer_id: int) -> Offer:
    offer = (
        Offer.objects.select_for_update()
        .select_related("request", "request__program", "request__member")
        .filter(pk=offer_id, supporter=supporter)
        .first()
    )
    if offer is None:
        raise Http404
    if offer.status != OfferStatus.PENDING:
        raise ValidationError(_("This offer has already been answered."))
    return offer


def _close_offer(offer: Offer, status: OfferStatus, now: datetime) -> None:
    offer.status = status
    offer.responded_at = now
    offer.save(update_fields=["status", "responded_at", "updated_at"])


def _match(request: SupportRequest, supporter: User, now: datetime) -> Conversation:
    link_care_team(
        program=request.program, member=request.member, staff=supporter, role=Role.SUPPORTER
    )
    conversation = start_conversation(
        member=request.member, supporter=supporter, program=request.program
    )
    request.status = RequestStatus.MATCHED
    request.supporter = supporter
    request.matched_at = now
    request.save(update_fields=["status", "supporter", "matched_at", "updated_at"])
    return conversation


@transaction.atomic
def accept_offer(*, supporter: User, offer_id: int) -> Conversation:
    """The supporter said yes: they join the member's care team and a conversation opens."""
    now = timezone.now()
    offer = _pending_offer(supporter, offer_id)
    if offer.respond_by <= now:
        _close_offer(offer, OfferStatus.EXPIRED, now)
        offer_next(offer.request, now)
        raise ValidationError(_("This offer ran out of time, so it went to someone else."))
    _close_offer(offer, OfferStatus.ACCEPTED, now)
    return _match(offer.request, supporter, now)


@transaction.atomic
def decline_offer(*, supporter: User, offer_id: int) -> Offer | None:
    """The supporter said no (no reason needed): the member is offered the next best at once."""
    now = timezone.now()
    offer = _pending_offer(supporter, offer_id)
    _close_offer(offer, OfferStatus.DECLINED, now)
    return offer_next(offer.request, now)


@transaction.atomic
def expire_offers(*, now: datetime | None = None) -> int:
    """Close offers past their time and move each request on; returns how many expired."""
    now = now or timezone.now()
    overdue = list(
        Offer.objects.overdue(now).select_for_update().select_related("request__program")
    )
    for offer in overdue:
        _close_offer(offer, OfferStatus.EXPIRED, now)
        offer_next(offer.request, now)
    return len(overdue)


@transaction.atomic
def expire_offer(*, offer_id: int, now: datetime | None = None) -> bool:
    """Close one offer if it is still unanswered past its time, and move its request on."""
    now = now or timezone.now()
    offer = Offer.objects.overdue(now).select_for_update().filter(pk=offer_id).first()
    if offer is None:
        return False  # answered in time, or not due yet
    _close_offer(offer, OfferStatus.EXPIRED, now)
    offer_next(offer.request, now)
    return True


@transaction.atomic
def switch_supporter(*, member: User) -> SupportRequest:
    """Leave the current peer, no reason asked, and start looking again with the same answers."""
    _member_program(member)
    leaving = end_care_team_link(member=member, role=Role.SUPPORTER)
    last = SupportRequest.objects.filter(member=member).order_by("-created_at").first()
    answers = {name: getattr(last, name) for name in REQUEST_FIELDS} if last else {}
    return submit_request(member=member, avoid=leaving, **answers)


@transaction.atomic
def assign_by_hand(*, supervisor: User, request_id: int, supporter_id: int) -> Conversation:
    """A supervisor matches a waiting request with a supporter; hard constraints still hold."""
    found = standing(supervisor)
    if not found.has(Role.SUPERVISOR):
        raise PermissionDenied
    request = (
        SupportRequest.objects.unmatched()
        .select_for_update()
        .filter(pk=request_id, program=found.program)
        .first()
    )
    if request is None:
        raise Http404
    request.offers.filter(status=OfferStatus.PENDING).update(
        status=OfferStatus.WITHDRAWN, responded_at=timezone.now()
    )
    chosen = [m for m in matches_for(request) if m.supporter.pk == supporter_id]
    if not chosen:
        raise ValidationError(
            _("This supporter does not fit this request (capacity, times, blocks or must-haves).")
        )
    return _match(request, chosen[0].supporter, timezone.now())


@transaction.atomic
def assign_batch(*, program: Any, now: datetime | None = None) -> list[Offer]:
    """Offer every waiting request (no offer out) at once, maximising total compatibility."""
    now = now or timezone.now()
    requests = list(
        SupportRequest.objects.filter(program=program, status=RequestStatus.WAITING)
        .select_related("program", "member")
        .order_by("created_at")
    )
    urgency_order = {Urgency.NOW: 0, Urgency.SOON: 1, Urgency.WHENEVER: 2}
    requests.sort(key=lambda r: (urgency_order.get(Urgency(r.urgency), 3), r.created_at))
    profiles = list(supporter_profiles(program))
    lacking = gates.missing_for([p.user_id for p in profiles], program, Activity.ONE_TO_ONE)
    profiles = [p for p in profiles if p.user_id not in lacking]  # not ready for one-to-one yet
    taken = loads(program)
    candidates = [candidate_of(p, taken.get(p.user_id, 0)) for p in profiles]
    offered = {
        (o.request_id, o.supporter_id)
        for o in Offer.objects.filter(request__in=requests).only("request_id", "supporter_id")
    }
    scores = np.zeros((len(requests), len(profiles)))
    fits = {}
    for row, request in enumerate(requests):
        need = need_of(request, blocked_ids(request.member_id))
        for col, candidate in enumerate(candidates):
            pair = (request.pk, candidate.supporter_id)
            if pair in offered or candidate.supporter_id == request.member_id:
                continue
            fit = compatibility(need, candidate, now)
            if fit.feasible:
                scores[row, col] = fit.score
                fits[row, col] = fit
    pairs = assign_optimal(scores, [max(c.free, 0) for c in candidates])
    return [
        _make_offer(requests[row], Match(profile=profiles[col], fit=fits[row, col]), now)
        for row, col in pairs
    ]


@transaction.atomic
def take_next(*, supporter: User) -> Conversation | None:
    """An on-duty supporter takes the next person waiting now whom they fit (priority: urgency, then
    wait); None when nobody in the queue fits them."""
    profile = with_limits(SupporterProfile.objects.filter(user=supporter, is_on_duty=True)).first()
    if profile is None or not standing(supporter).has(Role.SUPPORTER):
        raise PermissionDenied
    if not gates.allows(supporter, profile.program, Activity.ONE_TO_ONE):
        raise PermissionDenied  # not ready for one-to-one support yet
    candidate = candidate_of(profile, loads(profile.program).get(supporter.pk, 0))
    now = timezone.now()
    for request in on_demand_queue(profile.program).select_for_update(of=("self",)):
        if request.member_id == supporter.pk:
            continue
        if compatibility(need_of(request, blocked_ids(request.member_id)), candidate, now).feasible:
            return _match(request, supporter, now)
    return None


@transaction.atomic
def join_drop_in(*, member: User, request_id: int) -> Conversation:
    """Seat a person who is waiting to talk now in the drop-in room on their topic, with an on-duty
    supporter hosting it; the room is opened the first time someone needs it."""
    request = _own_open_request(member, request_id)
    offer = drop_in_for(request)
    if offer is None:
        raise ValidationError(
            _(
                "The drop-in room is open while you wait to talk now and a peer is on duty to host it."
            )
        )
    room = (
        DropInRoom.objects.select_for_update()
        .filter(program=request.program, topic=offer.topic)
        .first()
    )
    if room is None:
        title = _("Drop-in room: %(topic)s") % {"topic": offer.topic_label}
        conversation = open_room(program=request.program, title=title, people=[])
        room = DropInRoom.objects.create(
            program=request.program, topic=offer.topic, conversation=conversation
        )
    if room.facilitator_id != offer.host.pk:
        room.facilitator = offer.host
        room.save(update_fields=["facilitator", "updated_at"])
    join_room(conversation=room.conversation, user=offer.host, role=Role.SUPPORTER)
    join_room(conversation=room.conversation, user=member, role=Role.MEMBER)
    return room.conversation


@transaction.atomic
def block(*, blocker: User, blocked: User) -> Block:
    """Never match these two again, in either direction."""
    program = standing(blocker).program
    if program is None or standing_in(blocked, program).program is None or blocker.pk == blocked.pk:
        raise Http404
    found, _created = Block.objects.get_or_create(program=program, blocker=blocker, blocked=blocked)
    return found


@transaction.atomic
def unblock(*, blocker: User, blocked_id: int) -> bool:
    """Take back one's own block; True if there was one. Someone else's block of you stays."""
    removed, _counts = Block.objects.filter(blocker=blocker, blocked_id=blocked_id).delete()
    return bool(removed)


@transaction.atomic
def save_supporter_profile(*, supporter: User, **fields: Any) -> SupporterProfile:
    """Create or update a supporter's matching profile."""
    found = standing(supporter)
    if found.program is None or not found.has(Role.SUPPORTER):
        raise PermissionDenied
    profile, _created = SupporterProfile.objects.update_or_create(
        user=supporter, defaults={"program": found.program, **fields}
    )
    return profile
