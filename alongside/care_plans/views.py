"""Plan pages: the member's own plans (saved as they type), print and PDF, versions, goals, and the
read-only view for people a member shares with."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alongside.accounts.choices import Role
from alongside.accounts.selectors import time_zone_of
from alongside.audit.models import Action
from alongside.common.http import AuthedRequest, role_required

from . import pdf, selectors, services
from .forms import GoalForm, GoalStatusForm, StepDoneForm, StepForm
from .models import Contact, GoalStatus, GoalStep, Plan, contacts_in
from .sections import CRISIS, PART2_NOTICE, PlanKind, field_keys, sections_of

READERS = (Role.SUPPORTER, Role.CLINICIAN, Role.SUPERVISOR)


def _kind(kind: str) -> str:
    if kind not in PlanKind.values:
        raise Http404
    return kind


def _plan_context(request: AuthedRequest, kind: str) -> dict[str, Any]:
    plan = selectors.plan_of(request.user, kind)
    return {
        "people_to_call": _people_to_call(plan) if kind == PlanKind.SAFETY else [],
        "plan": plan,
        "kind": kind,
        "kind_label": PlanKind(kind).label,
        "sections": sections_of(kind),
        "readers": selectors.plan_readers(request.user),
        "crisis_key": CRISIS,
        "autosave_strings": {
            "typing": _("Saving…"),
            "offline": _(
                "Not saved yet: you seem to be offline. What you typed is kept on this device "
                "and will be saved when you are back."
            ),
        },
    }


def _people_to_call(safety: Plan) -> list[Contact]:
    """The people and services in the safety plan's steps 4 and 5, for one-tap calls."""
    return contacts_in(safety.value("safety.helpers")) + contacts_in(
        safety.value("safety.professionals")
    )


@role_required(Role.MEMBER)
@require_GET
def index(request: AuthedRequest) -> HttpResponse:
    safety = selectors.plan_of(request.user, PlanKind.SAFETY)
    return render(
        request,
        "care_plans/index.html",
        {
            "safety": safety,
            "people_to_call": _people_to_call(safety),
            "plans": [selectors.plan_of(request.user, kind) for kind in PlanKind.values],
            "goals": selectors.goals_of(request.user).filter(status=GoalStatus.ACTIVE)[:5],
        },
    )


@role_required(Role.MEMBER)
@require_GET
def plan(request: AuthedRequest, kind: str) -> HttpResponse:
    context = _plan_context(request, _kind(kind))
    # Sent here by a worrying questionnaire answer or check-in note: a caring word before the plan.
    context["after_questionnaire"] = request.GET.get("from") in ("questionnaire", "check-in")
    return render(request, "care_plans/plan.html", context)


@role_required(Role.MEMBER)
@require_POST
def plan_save(request: AuthedRequest, kind: str) -> HttpResponse:
    """Autosave (htmx, one field at a time, or a beacon as the page closes) and the plain form post."""
    known = field_keys(_kind(kind))
    values = {key: request.POST[key] for key in request.POST if key in known}
    try:
        saved = services.save_plan_fields(member=request.user, kind=kind, values=values)
    except ValidationError as error:
        if request.htmx:
            return render(
                request, "care_plans/_save_status.html", {"error": " ".join(error.messages)}
            )
        messages.error(request, " ".join(error.messages))
        return redirect("care_plans:plan", kind=kind)
    if request.htmx:
        return render(
            request,
            "care_plans/_save_status.html",
            {"saved_at": saved.updated_at, "time_zone": time_zone_of(request.user)},
        )
    messages.success(request, _("Saved."))
    return redirect("care_plans:plan", kind=kind)


@role_required(Role.MEMBER)
@require_POST
def plan_substance_use(request: AuthedRequest, kind: str) -> HttpResponse:
    """The member marks their plan as holding substance-use records (42 CFR Part 2), or unmarks it."""
    marked = request.POST.get("is_substance_use") == "on"
    services.mark_substance_use(member=request.user, kind=_kind(kind), is_substance_use=marked)
    if marked:
        messages.success(
            request,
            _(
                "This plan is marked as about substance use. Only people whose sharing includes "
                "records about substance use can see it."
            ),
        )
    else:
        messages.success(request, _("This plan is no longer marked as about substance use."))
    return redirect("care_plans:plan", kind=kind)


@role_required(Role.MEMBER)
@require_GET
def plan_print(request: AuthedRequest, kind: str) -> HttpResponse:
    context = _plan_context(request, _kind(kind))
    services.record_plan_export(member=request.user, plan=context["plan"], action=Action.PRINT)
    return render(request, "care_plans/print.html", context)


@role_required(Role.MEMBER)
@require_GET
def plan_pdf(request: AuthedRequest, kind: str) -> HttpResponse:
    plan = selectors.plan_of(request.user, _kind(kind))
    services.record_plan_export(member=request.user, plan=plan, action=Action.EXPORT)
    response = HttpResponse(pdf.plan_pdf(plan), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{kind}-plan.pdf"'
    return response


@role_required(Role.MEMBER)
@require_GET
def plan_versions(request: AuthedRequest, kind: str) -> HttpResponse:
    context = _plan_context(request, _kind(kind))
    context["versions"] = selectors.versions_of(context["plan"])
    return render(request, "care_plans/versions.html", context)


@role_required(Role.MEMBER)
@require_GET
def plan_version(request: AuthedRequest, kind: str, number: int) -> HttpResponse:
    context = _plan_context(request, _kind(kind))
    context["version"] = selectors.version_of(request.user, kind, number)
    return render(request, "care_plans/version.html", context)


@role_required(Role.MEMBER)
@require_http_methods(["GET", "POST"])
def goals(request: AuthedRequest) -> HttpResponse:
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        goal = services.add_goal(member=request.user, **form.cleaned_data)
        messages.success(request, _("Your goal is saved. What is one small step toward it?"))
        return redirect(goal)
    return render(
        request,
        "care_plans/goals.html",
        {"form": form, "goals": selectors.goals_of(request.user)},
    )


@role_required(Role.MEMBER, *READERS)
@require_http_methods(["GET", "POST"])
def goal(request: AuthedRequest, goal_id: int) -> HttpResponse:
    found = selectors.access_goal(request.user, goal_id)
    form = StepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_step(actor=request.user, goal=found, **form.cleaned_data)
        messages.success(request, _("Step added."))
        return redirect(found)
    return render(
        request,
        "care_plans/goal.html",
        {
            "goal": found,
            "form": form,
            "is_owner": found.member_id == request.user.pk,
            "statuses": GoalStatus,
        },
    )


@role_required(Role.MEMBER)
@require_POST
def goal_status(request: AuthedRequest, goal_id: int) -> HttpResponse:
    found = selectors.access_goal(request.user, goal_id)
    form = GoalStatusForm(request.POST)
    if found.member_id != request.user.pk or not form.is_valid():
        raise Http404
    services.set_goal_status(
        member=request.user, goal=found, status=GoalStatus(form.cleaned_data["status"])
    )
    return redirect(found)


@role_required(Role.MEMBER)
@require_POST
def step_done(request: AuthedRequest, goal_id: int, step_id: int) -> HttpResponse:
    found = selectors.access_goal(request.user, goal_id)
    if found.member_id != request.user.pk:
        raise Http404
    step = get_object_or_404(GoalStep, pk=step_id, goal=found)
    form = StepDoneForm(request.POST)
    form.is_valid()
    services.set_step_done(
        member=request.user, step=step, done=form.cleaned_data.get("done", False)
    )
    if request.htmx:
        return render(
            request, "care_plans/_step.html", {"goal": found, "step": step, "is_owner": True}
        )
    return redirect(found)


@role_required(*READERS)
@require_GET
def shared_list(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "care_plans/shared_list.html",
        {"consents": selectors.members_sharing_with(request.user)},
    )


@role_required(*READERS)
@require_GET
def shared_member(request: AuthedRequest, member_id: int) -> HttpResponse:
    shared = selectors.shared_with_viewer(request.user, member_id)
    goals = selectors.goals_of(shared.member) if shared.sees_goals else []
    return render(request, "care_plans/shared_member.html", {"shared": shared, "goals": goals})


@role_required(Role.MEMBER, *READERS)
@require_GET
def shared_plan(request: AuthedRequest, member_id: int, kind: str) -> HttpResponse:
    view = selectors.access_plan(request.user, member_id, kind)
    return render(
        request,
        "care_plans/shared_plan.html",
        {
            "view": view,
            "plan": view.plan,
            "kind_label": PlanKind(kind).label,
            "part2_notice": PART2_NOTICE,
        },
    )
