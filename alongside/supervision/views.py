"""Supervision pages: thin views over the selectors and services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from alongside.accounts.choices import Role
from alongside.accounts.selectors import standing, today_in
from alongside.common.forms import show_errors
from alongside.common.http import AuthedRequest, role_required

from . import selectors, services
from .forms import (
    CareForm,
    CheckInForm,
    PracticeForm,
    RulesForm,
    SessionForm,
    TalkThroughForm,
    TimeOffForm,
)
from .models import Competency
from .wellbeing import ANSWERS, ITEMS, signals_of

SUPERVISOR = Role.SUPERVISOR
SUPPORTER = Role.SUPPORTER


def _program(request: AuthedRequest) -> Any:
    program = standing(request.user).program
    if program is None:
        raise Http404
    return program


def _check_ins_shown(check_ins: Any) -> list[dict[str, Any]]:
    labels = dict(ANSWERS)
    return [
        {
            "at": c.created_at,
            "is_shared": c.is_shared,
            "note": c.note,
            "answers": [
                (ITEMS[code][0], labels[value])
                for code, value in c.answers.items()
                if code in ITEMS
            ],
            "signals": signals_of(c.answers),
        }
        for c in check_ins
    ]


@role_required(SUPPORTER)
def mine(request: AuthedRequest) -> HttpResponse:
    """The supporter's own page: hours, sessions, debriefs offered, requests, check-ins, time off."""
    program, me = _program(request), request.user
    context = {
        "hours": selectors.supervised_hours(me, program),
        "sessions": selectors.sessions_of(me, program),
        "practice": selectors.practice_of(me, program),
        "debriefs": selectors.debriefs_offered(me),
        "requests": selectors.requests_of(me),
        "check_ins": _check_ins_shown(selectors.check_ins_for(me, me, program)[:5]),
        "time_off": selectors.time_off_of(me, program)[:5],
        "care": selectors.care_of(me, program),
        "time_off_form": TimeOffForm(),
    }
    return render(request, "supervision/mine.html", context)


@require_http_methods(["GET"])
@role_required(SUPPORTER, SUPERVISOR)
def session(request: AuthedRequest, session_id: int) -> HttpResponse:
    found = selectors.access_session(request.user, session_id)
    labels = dict(Competency.choices)
    competencies = [labels[c] for c in found.competencies if c in labels]
    return render(
        request, "supervision/session.html", {"session": found, "competencies": competencies}
    )


@require_http_methods(["GET", "POST"])
@role_required(SUPERVISOR)
def log(request: AuthedRequest) -> HttpResponse:
    """A supervisor logs a supervision session."""
    program = _program(request)
    initial = {"held_on": today_in(program), "minutes": 60, "kind": "individual"}
    if chosen := request.GET.get("supporter", ""):
        initial["supporters"] = [chosen] if chosen.isdigit() else []
    supporters = selectors.supporters_of(program)
    form = SessionForm(request.POST or None, initial=initial, supporters=supporters)
    if request.method == "POST" and form.is_valid():
        try:
            services.log_session(supervisor=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The session is logged and counts toward their hours."))
            return redirect("supervision:load")
    return render(request, "supervision/log.html", {"form": form})


@require_http_methods(["GET", "POST"])
@role_required(SUPERVISOR)
def practice(request: AuthedRequest) -> HttpResponse:
    """A supervisor records shadowing or co-facilitation by a new supporter."""
    program = _program(request)
    form = PracticeForm(
        request.POST or None,
        initial={"held_on": today_in(program), "minutes": 60},
        supporters=selectors.supporters_of(program),
        experienced=selectors.supporters_of(program) | selectors.supervisors_of(program),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.log_practice(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("supervision:load")
    return render(request, "supervision/practice.html", {"form": form})


@require_http_methods(["GET"])
@role_required(SUPERVISOR)
def load(request: AuthedRequest) -> HttpResponse:
    """The supervisor's view of load across the program's supporters."""
    program = _program(request)
    rules = selectors.rules_of(program)
    rows = selectors.load_of(program, request.user, rules=rules)
    waiting = len(selectors.review_queue(program))
    return render(
        request, "supervision/load.html", {"rows": rows, "waiting": waiting, "rules": rules}
    )


@require_http_methods(["GET", "POST"])
@role_required(SUPPORTER, SUPERVISOR)
def supporter(request: AuthedRequest, supporter_id: int) -> HttpResponse:
    """One supporter's supervision record; their supervisor and caseload limit are set here."""
    program = _program(request)
    person = selectors.access_supporter(request.user, supporter_id)
    is_supervisor = selectors.supervises(request.user, program)
    care = selectors.care_of(person, program)
    form = CareForm(
        request.POST or None,
        initial={
            "supervisor": care.supervisor_id if care else None,
            "caseload_limit": care.caseload_limit if care else None,
        },
        supervisors=selectors.supervisors_of(program),
    )
    if request.method == "POST":
        if not is_supervisor:
            raise Http404
        if form.is_valid():
            try:
                services.set_care(by=request.user, supporter=person, **form.cleaned_data)
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("supervision:supporter", supporter_id=person.pk)
    context = {
        "person": person,
        "is_supervisor": is_supervisor,
        "form": form,
        "hours": selectors.supervised_hours(person, program),
        "sessions": selectors.sessions_of(person, program),
        "practice": selectors.practice_of(person, program),
        "time_off": selectors.time_off_of(person, program)[:5],
        "check_ins": _check_ins_shown(selectors.check_ins_for(request.user, person, program)[:5]),
    }
    return render(request, "supervision/supporter.html", context)


@require_http_methods(["GET"])
@role_required(SUPERVISOR)
def queue(request: AuthedRequest) -> HttpResponse:
    """The case-review queue."""
    items = selectors.review_queue(_program(request))
    return render(request, "supervision/queue.html", {"items": items})


@require_POST
@role_required(SUPERVISOR)
def review_done(request: AuthedRequest, item_id: int) -> HttpResponse:
    item = selectors.access_review_item(request.user, item_id)
    services.mark_reviewed(by=request.user, item=item)
    messages.success(request, _("Marked as talked through."))
    return redirect("supervision:queue")


@require_POST
@role_required(SUPPORTER)
def debrief(request: AuthedRequest, item_id: int) -> HttpResponse:
    """The supporter accepts or declines a debrief offered after an escalation."""
    item = selectors.access_review_item(request.user, item_id, as_supporter=True)
    accept = request.POST.get("answer") == "yes"
    try:
        services.answer_debrief(supporter=request.user, item=item, accept=accept)
    except (ValidationError, PermissionDenied) as error:
        raise Http404 from error
    if accept:
        messages.success(
            request, _("Thank you. Your supervisor will find a time to talk it through with you.")
        )
    else:
        messages.success(request, _("All right. You can always ask to talk something through."))
    return redirect("supervision:mine")


@require_http_methods(["GET", "POST"])
@role_required(SUPPORTER)
def talk(request: AuthedRequest) -> HttpResponse:
    """A supporter asks to talk something through with their supervisor."""
    conversations = selectors.conversation_choices(request.user)
    form = TalkThroughForm(request.POST or None, conversations=conversations)
    if request.method == "POST" and form.is_valid():
        try:
            services.ask_to_talk_through(
                supporter=request.user,
                note=form.cleaned_data["note"],
                conversation_id=form.cleaned_data["conversation"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Your supervisors will find a time with you."))
            return redirect("supervision:mine")
    return render(request, "supervision/talk.html", {"form": form})


@require_http_methods(["GET", "POST"])
@role_required(SUPPORTER)
def check_in(request: AuthedRequest) -> HttpResponse:
    """The supporter's own short, optional well-being check-in."""
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_check_in(
                supporter=request.user,
                answers=form.answers(),
                note=form.cleaned_data["note"],
                is_shared=form.cleaned_data["is_shared"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Thank you for checking in with yourself."))
            return redirect("supervision:mine")
    return render(request, "supervision/check_in.html", {"form": form})


@require_POST
@role_required(SUPPORTER)
def time_off(request: AuthedRequest) -> HttpResponse:
    form = TimeOffForm(request.POST)
    if form.is_valid():
        try:
            services.record_time_off(by=request.user, supporter=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Your time off is noted. Rest well."))
            return redirect("supervision:mine")
    for problems in form.errors.values():
        messages.error(request, " ".join(str(p) for p in problems))
    return redirect("supervision:mine")


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMIN, SUPERVISOR)
def settings(request: AuthedRequest) -> HttpResponse:
    """The program's well-being limits."""
    rules = selectors.rules_of(_program(request))
    form = RulesForm(
        request.POST or None, initial={"on_call_hours_per_week": rules.on_call_hours_per_week}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_rules(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("supervision:settings")
    return render(request, "supervision/settings.html", {"form": form})
