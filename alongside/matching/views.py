"""Matching pages: intake, choosing a peer, a supporter's profile and offers, the supervisor's view."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alongside.accounts.choices import Role
from alongside.accounts.selectors import care_team_of, standing
from alongside.common.http import AuthedRequest, role_required

from . import on_duty, selectors, services
from .forms import AssignForm, IntakeForm, SupporterProfileForm
from .models import SupporterProfile


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


@role_required(Role.MEMBER)
@require_http_methods(["GET", "POST"])
def intake(request: AuthedRequest) -> HttpResponse:
    program = standing(request.user).program
    zone = request.user.profile.time_zone or getattr(program, "time_zone", "UTC")
    form = IntakeForm(request.POST or None, initial={"time_zone": zone})
    if request.method == "POST" and form.is_valid():
        services.submit_request(member=request.user, **form.answers())
        return redirect("matching:choices")
    return render(request, "matching/intake.html", {"form": form})


@role_required(Role.MEMBER)
@require_GET
def choices(request: AuthedRequest) -> HttpResponse:
    support_request = selectors.open_request_of(request.user)
    if support_request is None:
        peers = care_team_of(request.user).filter(role=Role.SUPPORTER)
        return render(
            request, "matching/choices.html", {"support_request": None, "peers": list(peers)}
        )
    shown = selectors.rules_of(support_request.program).choices_shown
    return render(
        request,
        "matching/choices.html",
        {
            "support_request": support_request,
            "pending": selectors.pending_offer_of(support_request),
            "place": selectors.place_in_queue(support_request),
            "drop_in": selectors.drop_in_for(support_request),
            "matches": selectors.matches_for(support_request, limit=shown),
        },
    )


@role_required(Role.MEMBER)
@require_POST
def choose(request: AuthedRequest, request_id: int) -> HttpResponse:
    try:
        if request.POST.get("supporter"):
            services.choose_supporter(
                member=request.user,
                request_id=request_id,
                supporter_id=int(request.POST["supporter"]),
            )
        else:
            services.ask_to_be_matched(member=request.user, request_id=request_id)
    except (ValidationError, ValueError) as error:
        messages.error(request, _errors(error) if isinstance(error, ValidationError) else "")
    return redirect("matching:choices")


@role_required(Role.MEMBER)
@require_POST
def join_drop_in(request: AuthedRequest, request_id: int) -> HttpResponse:
    try:
        conversation = services.join_drop_in(member=request.user, request_id=request_id)
    except ValidationError as error:
        messages.error(request, _errors(error))
        return redirect("matching:choices")
    return redirect(conversation)


@role_required(Role.MEMBER)
@require_POST
def switch(request: AuthedRequest) -> HttpResponse:
    services.switch_supporter(member=request.user)
    messages.success(request, _("You are free to choose someone new. Nobody will ask you why."))
    return redirect("matching:choices")


@role_required(Role.SUPPORTER)
@require_http_methods(["GET", "POST"])
def supporter_profile(request: AuthedRequest) -> HttpResponse:
    profile = SupporterProfile.objects.filter(user=request.user).first()
    form = SupporterProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        services.save_supporter_profile(supporter=request.user, **fields)
        messages.success(request, _("Your matching profile is saved."))
        return redirect("matching:supporter-profile")
    return render(request, "matching/supporter_profile.html", {"form": form})


@role_required(Role.SUPPORTER)
@require_GET
def offers(request: AuthedRequest) -> HttpResponse:
    profile = SupporterProfile.objects.filter(user=request.user).first()
    return render(
        request,
        "matching/offers.html",
        {
            "offers": list(selectors.offers_for(request.user)[:50]),
            "profile": profile,
            "queue_length": selectors.on_demand_queue(profile.program).count() if profile else 0,
            "on_duty_extras": on_duty.extras_for(request) if profile and profile.is_on_duty else [],
        },
    )


@role_required(Role.SUPPORTER)
@require_POST
def take_next(request: AuthedRequest) -> HttpResponse:
    try:
        conversation = services.take_next(supporter=request.user)
    except PermissionDenied:
        messages.error(
            request, _("Go on duty in your matching profile to take people from the queue.")
        )
        return redirect("matching:offers")
    if conversation is None:
        messages.info(
            request, _("Nobody waiting now is someone you can take. Thank you for checking.")
        )
        return redirect("matching:offers")
    return redirect(conversation)


@role_required(Role.SUPPORTER)
@require_POST
def answer_offer(request: AuthedRequest, offer_id: int, answer: str) -> HttpResponse:
    selectors.access_offer(request.user, offer_id)  # someone else's offer is a 404
    try:
        if answer == "accept":
            conversation = services.accept_offer(supporter=request.user, offer_id=offer_id)
            return redirect(conversation)
        services.decline_offer(supporter=request.user, offer_id=offer_id)
        messages.success(request, _("Thank you for saying so. We will ask someone else."))
    except ValidationError as error:
        messages.error(request, _errors(error))
    return redirect("matching:offers")


@role_required(Role.SUPERVISOR)
@require_GET
def supervisor(request: AuthedRequest) -> HttpResponse:
    program = standing(request.user).program
    assert program is not None  # noqa: S101  # role_required admits only people with a program
    return render(request, "matching/supervisor.html", {"overview": selectors.overview(program)})


@role_required(Role.SUPERVISOR)
@require_POST
def assign(request: AuthedRequest) -> HttpResponse:
    form = AssignForm(request.POST)
    if form.is_valid():
        try:
            services.assign_by_hand(supervisor=request.user, **form.cleaned_data)
            messages.success(request, _("Matched. They can start talking now."))
        except ValidationError as error:
            messages.error(request, _errors(error))
    else:
        messages.error(request, _("Please choose a request and a supporter."))
    return redirect("matching:supervisor")


@role_required(Role.SUPERVISOR)
@require_POST
def assign_batch(request: AuthedRequest) -> HttpResponse:
    program = standing(request.user).program
    offers = services.assign_batch(program=program)
    messages.success(
        request,
        _("Waiting requests offered to the supporters who fit them best: %(count)s.")
        % {"count": len(offers)},
    )
    return redirect("matching:supervisor")
