"""Safety pages: the escalation dashboard and one escalation's timeline (acknowledge, note, resolve),
the on-call rota, the program's safety settings, and "talk to a person now" for the person at risk."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alongside.accounts.choices import Role
from alongside.accounts.models import Program
from alongside.accounts.selectors import standing
from alongside.common.http import AuthedRequest, role_required

from . import selectors, services
from .context_processors import shell_for
from .forms import AssessmentForm, NoteForm, OnCallForm, ResolveForm, SettingsForm
from .models import Escalation

DASHBOARD_ROLES = (Role.SUPERVISOR, Role.ADMIN, Role.SUPPORTER)


def _program(request: AuthedRequest) -> Program:
    program = standing(request.user).program
    assert program is not None  # noqa: S101  # role_required admits only people with a program
    return program


@role_required(*DASHBOARD_ROLES)
@require_GET
def dashboard(request: AuthedRequest) -> HttpResponse:
    context = {
        "open": list(selectors.open_escalations(request.user)),
        "now": timezone.now(),
        "may_manage": standing(request.user).has(*selectors.MANAGER_ROLES),
    }
    if request.htmx:
        return render(request, "safety/_open_list.html", context)
    context |= {
        "resolved": selectors.recently_resolved(request.user),
        "alerts": selectors.unread_alerts(request.user).count(),
        "shift": selectors.on_call_now(_program(request)),
    }
    return render(request, "safety/dashboard.html", context)


def _detail_context(request: AuthedRequest, escalation: Escalation, **forms: Any) -> dict[str, Any]:
    trigger = selectors.read_trigger(request.user, escalation)
    return {
        "escalation": escalation,
        "trigger": trigger,
        # Staff may say the words were not a crisis; an earlier message of theirs, a crisis missed.
        # Every source kind an app reads can be labelled (`sources.register`).
        "may_label": trigger is not None,
        "events": selectors.timeline(escalation),
        "follow_ups": selectors.follow_ups(escalation),
        "plans": selectors.crisis_plans(request.user, escalation),
        "may_manage": selectors.may_manage(request.user, escalation),
        "steps": selectors.settings_for(escalation.program).steps,
        "source_url": selectors.source_url(escalation, request.user),
        "note_form": forms.get("note_form") or NoteForm(),
        "resolve_form": forms.get("resolve_form") or ResolveForm(),
    }


@role_required(*DASHBOARD_ROLES)
@require_GET
def escalation(request: AuthedRequest, escalation_id: int) -> HttpResponse:
    found = selectors.access_escalation(request.user, escalation_id)
    return render(request, "safety/escalation.html", _detail_context(request, found))


@role_required(*selectors.MANAGER_ROLES)
@require_POST
def acknowledge(request: AuthedRequest, escalation_id: int) -> HttpResponse:
    found = selectors.access_escalation(request.user, escalation_id, purpose="Acknowledged")
    services.acknowledge_escalation(escalation=found, by=request.user)
    messages.success(request, _("Acknowledged. The timer has stopped; the escalation is yours."))
    return redirect(found)


@role_required(*DASHBOARD_ROLES)
@require_POST
def note(request: AuthedRequest, escalation_id: int) -> HttpResponse:
    found = selectors.access_escalation(request.user, escalation_id, purpose="Added a note")
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.add_escalation_note(
                escalation=found, by=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your note is on the timeline."))
            return redirect(found)
    context = _detail_context(request, found, note_form=form)
    return render(request, "safety/escalation.html", context, status=400)


@role_required(*selectors.MANAGER_ROLES)
@require_POST
def resolve(request: AuthedRequest, escalation_id: int) -> HttpResponse:
    found = selectors.access_escalation(request.user, escalation_id, purpose="Resolved")
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            services.resolve_escalation(escalation=found, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Resolved. Thank you for looking after them."))
            return redirect(found)
    context = _detail_context(request, found, resolve_form=form)
    return render(request, "safety/escalation.html", context, status=400)


@role_required(*DASHBOARD_ROLES)
@require_GET
def alerts(request: AuthedRequest) -> HttpResponse:
    """The person's crisis alerts, as every page shows them: what `safety/alerts.js` fetches when
    the safety socket says something changed."""
    back = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    context = {"safety_shell": shell_for(request.user), "alerts_next": back}
    return render(request, "safety/_alerts.html", context)


def _back(request: AuthedRequest, default: str) -> str:
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return back
    return default


@role_required(*DASHBOARD_ROLES)
@require_POST
def seen(request: AuthedRequest, escalation_id: int) -> HttpResponse:
    """The alerted person says they have seen it (a supervisor acknowledges instead)."""
    found = selectors.access_escalation(request.user, escalation_id, purpose="Saw an alert")
    services.mark_alert_seen(escalation=found, by=request.user)
    messages.success(request, _("Thank you. The supervisor can see that you are on it."))
    return redirect(_back(request, found.get_absolute_url()))


@role_required(*DASHBOARD_ROLES)
@require_POST
def assessment(request: AuthedRequest, escalation_id: int) -> HttpResponse:
    """Staff say the words that raised it were not a crisis, or that one of the person's messages
    before it was a crisis the app missed (`item`: its seq)."""
    found = selectors.access_escalation(
        request.user, escalation_id, purpose="Marked the assessment"
    )
    form = AssessmentForm(request.POST)
    item = form.cleaned_data["item"] if form.is_valid() else None
    trigger = selectors.read_trigger(request.user, found, item=item) if form.is_valid() else None
    if trigger is None:
        messages.error(request, _("That could not be marked. Please try again."))
        return redirect(found)
    services.mark_assessment(
        program=_program(request),
        by=request.user,
        person=found.person,
        trigger=trigger,
        verdict=form.cleaned_data["verdict"],
        escalation_kind=found.source_kind,
        escalation_source_id=found.source_id,
        source_item=item,
        assigned_supporter=found.assigned_supporter,
    )
    messages.success(request, _("Thank you. Your word is kept to help the app learn."))
    return redirect(found)


@role_required(*selectors.MANAGER_ROLES)
@require_http_methods(["GET", "POST"])
def on_call(request: AuthedRequest) -> HttpResponse:
    program = _program(request)
    shift = selectors.on_call_now(program)
    # The form starts on who is on call now, so pressing the button never drops the backup.
    initial = {"supervisor": shift.supervisor_id, "backup": shift.backup_id} if shift else {}
    form = OnCallForm(
        request.POST or None,
        initial=initial,
        supervisors=selectors.program_supervisors(program, Role.SUPERVISOR),
        backups=selectors.program_supervisors(program, Role.SUPERVISOR, Role.ADMIN),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_on_call(program=program, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The on-call rota is updated, from now."))
            return redirect("safety:on-call")
    status = 400 if form.errors else 200
    return render(request, "safety/on_call.html", {"form": form, "shift": shift}, status=status)


@role_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def safety_settings(request: AuthedRequest) -> HttpResponse:
    program = _program(request)
    rules = selectors.settings_for(program)
    initial = {
        "ack_minutes": rules.ack_minutes,
        "local_lines": "\n".join(f"{line['name']}: {line['number']}" for line in rules.local_lines),
        "protocol_steps": "\n".join(rules.steps),
        "follow_up_hours": rules.follow_up_hours,
    }
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_safety_settings(program=program, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The safety settings are saved."))
            return redirect("safety:settings")
    status = 400 if form.errors else 200
    return render(
        request, "safety/settings.html", {"form": form, "program": program}, status=status
    )


@role_required(Role.MEMBER)
@require_POST
def talk_now(request: AuthedRequest) -> HttpResponse:
    """The person at risk asks for a person now; they stay where they were."""
    if services.ask_to_talk_now(person=request.user) is not None:
        messages.success(
            request,
            _(
                "We have let the people looking out for you know. Someone will be with you as soon as "
                "they can. If you cannot wait, call or text 988 now."
            ),
        )
    else:
        messages.info(request, _("You can reach a person right now by calling or texting 988."))
    return redirect(_back(request, "/"))
