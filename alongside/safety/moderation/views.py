"""Moderation pages: reporting, the moderators' queue, notices and appeals, blocks, hold settings.
Every form posts without JavaScript."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alongside.accounts.choices import Role
from alongside.accounts.models import User
from alongside.accounts.selectors import standing
from alongside.common.forms import show_errors
from alongside.common.http import AuthedRequest, role_required

from . import selectors, services, targets
from .forms import (
    ActionForm,
    AppealDecisionForm,
    AppealForm,
    HoldDecisionForm,
    ReportForm,
    SettingsForm,
)
from .models import ModerationAction


@login_required
@require_http_methods(["GET", "POST"])
def report(request: AuthedRequest, kind: str, target_id: int) -> HttpResponse:
    target_kind = targets.kind_of(kind)
    target = target_kind.find(request.user, target_id) if target_kind else None
    if target is None or (target.author is not None and target.author.pk == request.user.pk):
        raise Http404
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report(
                reporter=request.user,
                target_kind=kind,
                target_id=target_id,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            if form.cleaned_data["also_block"] and target.author is not None:
                services.block_person(blocker=request.user, person_id=target.author.pk)
            return redirect("moderation:report-thanks")
    return render(
        request,
        "moderation/report.html",
        {"form": form, "target": target, "label": target_kind.label if target_kind else ""},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def report_thanks(request: AuthedRequest) -> HttpResponse:
    return render(request, "moderation/report_thanks.html")


@role_required(*selectors.MODERATORS)
@require_GET
def queue(request: AuthedRequest) -> HttpResponse:
    return render(
        request, "moderation/queue.html", {"queue": selectors.moderation_queue(request.user)}
    )


@role_required(*selectors.MODERATORS)
@require_http_methods(["GET", "POST"])
def report_detail(request: AuthedRequest, report_id: int) -> HttpResponse:
    found = selectors.access_report(request.user, report_id)
    form = ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.act_on_report(
                moderator=request.user,
                report_id=found.pk,
                kind=form.cleaned_data["kind"],
                reason=form.cleaned_data["reason"],
                days=form.cleaned_data["days"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Done. The report is closed."))
            return redirect("moderation:queue")
    context = {
        "report": found,
        "form": form,
        "history": selectors.history_of(found.target_author, found.program_id),
    }
    return render(
        request, "moderation/report_detail.html", context, status=400 if form.errors else 200
    )


def _decide(
    request: AuthedRequest,
    form: forms.Form,
    act: Callable[[dict[str, Any]], object],
    *,
    incomplete: str,
    done: str,
) -> HttpResponse:
    """A moderator's yes/no decision from the queue: act on a valid form, say how it went, go back."""
    if not form.is_valid():
        messages.error(request, incomplete)
    else:
        try:
            act(form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done)
    return redirect("moderation:queue")


@role_required(*selectors.MODERATORS)
@require_POST
def appeal_decide(request: AuthedRequest, appeal_id: int) -> HttpResponse:
    return _decide(
        request,
        AppealDecisionForm(request.POST),
        lambda data: services.decide_appeal(
            moderator=request.user,
            appeal_id=appeal_id,
            reverse=data["decision"] == "reverse",
            note=data["note"],
        ),
        incomplete=_("Please choose whether to keep or reverse the action."),
        done=_("The appeal is answered."),
    )


@role_required(*selectors.MODERATORS)
@require_POST
def hold_decide(request: AuthedRequest, hold_id: int) -> HttpResponse:
    return _decide(
        request,
        HoldDecisionForm(request.POST),
        lambda data: services.decide_hold(
            moderator=request.user,
            hold_id=hold_id,
            approve=data["decision"] == "approve",
            reason=data["reason"],
        ),
        incomplete=_("Please choose whether to publish the post."),
        done=_("The post is reviewed."),
    )


@login_required
@require_GET
def notices(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "moderation/notices.html",
        {
            "notices": selectors.notices_of(request.user),
            "declined": selectors.declined_holds_of(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def appeal(request: AuthedRequest, action_id: int) -> HttpResponse:
    action = ModerationAction.objects.filter(pk=action_id, subject=request.user).first()
    if action is None:
        raise Http404
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.appeal(
                person=request.user, action_id=action.pk, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _("Thank you. A moderator will look again and you will see their answer here."),
            )
            return redirect("moderation:notices")
    return render(
        request,
        "moderation/appeal.html",
        {"action": action, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def blocked(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "moderation/blocked.html",
        {
            "blocked": selectors.blocked_people(request.user),
            "others": selectors.people_to_block(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def block(request: AuthedRequest, person_id: int) -> HttpResponse:
    """A page to confirm blocking someone; other pages (a profile, a conversation) link here."""
    person = User.objects.filter(pk=person_id, is_active=True).first()
    target = targets.kind_of("person").find(request.user, person_id)  # type: ignore[union-attr]
    if person is None or target is None or person.pk == request.user.pk:
        raise Http404
    if request.method == "POST":
        services.block_person(blocker=request.user, person_id=person.pk)
        messages.success(
            request,
            _(
                "You have blocked %(name)s. They cannot start a conversation with you or write to you."
            )
            % {"name": person},
        )
        return redirect("moderation:blocked")
    return render(request, "moderation/block.html", {"person": person})


@login_required
@require_POST
def unblock(request: AuthedRequest, person_id: int) -> HttpResponse:
    if services.unblock_person(blocker=request.user, person_id=person_id):
        messages.success(request, _("You have unblocked them."))
    return redirect("moderation:blocked")


@role_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def moderation_settings(request: AuthedRequest) -> HttpResponse:
    program = standing(request.user).program
    form = SettingsForm(request.POST or None, instance=selectors.settings_of(program or 0))
    if request.method == "POST" and form.is_valid():
        services.save_settings(admin=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("moderation:settings")
    return render(request, "moderation/settings.html", {"form": form})
