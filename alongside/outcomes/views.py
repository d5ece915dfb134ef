"""Check-in, questionnaires, results, trends (own and shared) and the program's schedules."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alongside.accounts.choices import Role
from alongside.accounts.selectors import standing
from alongside.common.http import AuthedRequest, role_required
from alongside.safety import Level

from . import instruments, selectors, services
from .forms import CheckInForm, QuestionnaireForm, ScheduleForm
from .scoring import SELF_HARM, score
from .trends import trends_of

READERS = (Role.SUPPORTER, Role.CLINICIAN, Role.SUPERVISOR)


def _safety_plan_url(reason: str) -> str:
    """The member's safety plan, opened with a caring note and the crisis options at the top."""
    return f"{reverse('care_plans:plan', args=['safety'])}?from={reason}"


@role_required(Role.MEMBER)
@require_http_methods(["GET", "POST"])
def check_in(request: AuthedRequest) -> HttpResponse:
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.record_check_in(member=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if Level(saved.risk_level) in services.ESCALATING_LEVELS:
                return redirect(_safety_plan_url("check-in"))
            messages.success(request, _("Thank you for checking in."))
            return redirect("outcomes:check-in")
    return render(
        request,
        "outcomes/check_in.html",
        {
            "form": form,
            "today": selectors.todays_check_in(request.user),
            "rhythm": selectors.rhythm_of(request.user),
            "due": selectors.due_for(request.user, get_language()),
        },
    )


@role_required(Role.MEMBER)
@require_GET
def questionnaires(request: AuthedRequest) -> HttpResponse:
    program = standing(request.user).program
    assert program is not None  # noqa: S101  # role_required admits only people with a program
    return render(
        request,
        "outcomes/questionnaires.html",
        {
            "available": selectors.available_instruments(program, get_language()),
            "due": selectors.due_for(request.user, get_language()),
            "recent": selectors.responses_of(request.user).order_by("-completed_at")[:10],
        },
    )


@role_required(Role.MEMBER)
@require_http_methods(["GET", "POST"])
def questionnaire(request: AuthedRequest, code: str) -> HttpResponse:
    program = standing(request.user).program
    assert program is not None  # noqa: S101  # role_required admits only people with a program
    instrument = selectors.instrument_for(program, code, get_language())
    if instrument is None:
        raise Http404
    form = QuestionnaireForm(request.POST or None, instrument=instrument)
    if request.method == "POST" and form.is_valid():
        try:
            response = services.record_response(
                member=request.user,
                instrument=code,
                answers=form.answers(),
                extra=form.extra(),
                language=instrument.language,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if SELF_HARM in response.flags:
                return redirect(_safety_plan_url("questionnaire"))
            return redirect("outcomes:response", response_id=response.pk)
    return render(
        request,
        "outcomes/questionnaire.html",
        {"instrument": instrument, "form": form, "page_language": get_language()},
    )


@role_required(Role.MEMBER)
@require_GET
def response(request: AuthedRequest, response_id: int) -> HttpResponse:
    found = selectors.access_response(request.user, response_id)
    earlier = selectors.previous_complete(found)
    return render(
        request,
        "outcomes/response.html",
        {
            "response": found,
            "skipped": sum(1 for answer in found.answers if answer is None),
            "band_words": instruments.band_words(found.instrument, found.band or None),
            "score_name": instruments.SCORE_NAMES.get(found.instrument, found.instrument),
            "earlier": earlier,
            "higher_is_better": instruments.HIGHER_IS_BETTER.get(found.instrument, True),
            "offers_phq9": score(found.instrument, found.answers).offers_phq9,
        },
    )


@role_required(Role.MEMBER)
@require_GET
def trends(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "outcomes/trends.html",
        {"trends": trends_of(request.user), "person": request.user, "is_own": True},
    )


@role_required(*READERS)
@require_GET
def shared_list(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "outcomes/shared_list.html",
        {"consents": selectors.members_sharing_check_ins(request.user)},
    )


@role_required(Role.MEMBER, *READERS)
@require_GET
def member_trends(request: AuthedRequest, member_id: int) -> HttpResponse:
    member = selectors.access_member_outcomes(
        request.user, member_id, purpose="Viewed check-in and score trends"
    )
    return render(
        request,
        "outcomes/trends.html",
        {"trends": trends_of(member), "person": member, "is_own": member.pk == request.user.pk},
    )


@role_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def schedules(request: AuthedRequest) -> HttpResponse:
    program = standing(request.user).program
    assert program is not None  # noqa: S101  # role_required admits only people with a program
    form = ScheduleForm(
        request.POST or None, available=selectors.available_instruments(program, get_language())
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.create_schedule(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved. Members will be reminded when it is due."))
            return redirect("outcomes:schedules")
    return render(
        request,
        "outcomes/schedules.html",
        {
            "form": form,
            "schedules": selectors.active_schedules(program),
        },
    )


@role_required(Role.ADMIN)
@require_POST
def schedule_stop(request: AuthedRequest, schedule_id: int) -> HttpResponse:
    try:
        services.stop_schedule(actor=request.user, schedule_id=schedule_id)
    except PermissionDenied as error:  # another program's schedule looks like a missing one
        raise Http404 from error
    messages.success(request, _("Stopped. Nobody will be reminded of it any more."))
    return redirect("outcomes:schedules")
