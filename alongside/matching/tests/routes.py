"""Who may use each matching route (see alongside.common.testing.routes)."""

from datetime import timedelta

from django.utils import timezone

from alongside.accounts.choices import Role
from alongside.accounts.tests.factories import person
from alongside.common.testing.routes import Route, own, roles
from alongside.matching.models import Offer, SupportRequest


def _request_id(world, viewer, whose):
    owner = {
        "own": world["member"],
        "other": world.other_member,
        "foreign": world.foreign_member,
    }[whose]
    program = world.foreign_program if whose == "foreign" else world.program
    request = SupportRequest.objects.create(program=program, member=owner)
    return {"request_id": request.pk}


def _offer_id(world, viewer, whose):
    if whose == "own":
        program, supporter = world.program, world["supporter"]
    elif whose == "other":
        program, supporter = world.program, person(world.program, Role.SUPPORTER)
    else:
        program, supporter = world.foreign_program, person(world.foreign_program, Role.SUPPORTER)
    member = person(program, Role.MEMBER)
    request = SupportRequest.objects.create(program=program, member=member, status="offered")
    offer = Offer.objects.create(
        request=request, supporter=supporter, respond_by=timezone.now() + timedelta(hours=1)
    )
    return {"offer_id": offer.pk}


ROUTES = [
    Route("matching:intake", roles("member")),
    Route("matching:choices", roles("member")),
    Route(
        "matching:choose",
        own("member"),
        method="POST",
        object_scoped=True,
        kwargs=_request_id,
        ok=frozenset({302}),
        notes="with no supporter chosen, the member asks to be matched",
    ),
    Route("matching:switch", roles("member"), method="POST", ok=frozenset({302})),
    Route(
        "matching:drop-in",
        own("member"),
        method="POST",
        object_scoped=True,
        kwargs=_request_id,
        ok=frozenset({302}),
        notes="not waiting now, so the member is sent back with a message",
    ),
    Route("matching:supporter-profile", roles("supporter")),
    Route("matching:offers", roles("supporter")),
    Route(
        "matching:offer-accept",
        own("supporter"),
        method="POST",
        object_scoped=True,
        kwargs=_offer_id,
        ok=frozenset({302}),
    ),
    Route(
        "matching:offer-decline",
        own("supporter"),
        method="POST",
        object_scoped=True,
        kwargs=_offer_id,
        ok=frozenset({302}),
    ),
    Route(
        "matching:take-next",
        roles("supporter"),
        method="POST",
        ok=frozenset({302}),
        notes="off duty or with nobody to take, a message says so",
    ),
    Route("matching:supervisor", roles("supervisor")),
    Route("matching:assign-batch", roles("supervisor"), method="POST", ok=frozenset({302})),
    Route(
        "matching:assign",
        roles("supervisor"),
        method="POST",
        ok=frozenset({302}),
        notes="an incomplete form answers with a message",
    ),
    Route(
        "/api/matching/requests",
        roles("member"),
        method="POST",
        is_api=True,
        ok=frozenset({201}),
        data=lambda w, v, o: {"topics": ["grief"]},
    ),
    Route(
        "/api/matching/requests/{request_id}/choices",
        own("member"),
        is_api=True,
        object_scoped=True,
        kwargs=_request_id,
    ),
    Route(
        "/api/matching/requests/{request_id}/choose",
        own("member"),
        method="POST",
        is_api=True,
        object_scoped=True,
        kwargs=_request_id,
        data=lambda w, v, o: {},
    ),
    Route("/api/matching/offers", roles("supporter"), is_api=True),
    Route(
        "/api/matching/offers/{offer_id}/accept",
        own("supporter"),
        method="POST",
        is_api=True,
        object_scoped=True,
        kwargs=_offer_id,
    ),
    Route(
        "/api/matching/offers/{offer_id}/decline",
        own("supporter"),
        method="POST",
        is_api=True,
        object_scoped=True,
        kwargs=_offer_id,
        ok=frozenset({204}),
    ),
    Route("/api/matching/overview", roles("supervisor"), is_api=True),
]
