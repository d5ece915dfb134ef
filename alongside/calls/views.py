"""Pages for calls: the supporter's phone calls (two taps: started, ended), setting a call's end, and a
member's number for calls."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from alongside.accounts.choices import Role
from alongside.accounts.selectors import access_person
from alongside.common.http import AuthedRequest, role_required

from . import selectors, services
from .forms import EndForm, NumberForm, StartForm


def _back(request: AuthedRequest) -> HttpResponse:
    """Back to the page the tap came from (the person's page, the queue), or to the calls page."""
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("calls:phone")


def _say(error: ValidationError) -> str:
    return " ".join(message for messages in error.message_dict.values() for message in messages)


@role_required(Role.SUPPORTER)
@require_http_methods(["GET"])
def phone(request: AuthedRequest) -> HttpResponse:
    """The supporter's phone calls: the one in progress, a warm-line call to start, the latest ones."""
    current = selectors.open_call(request.user)
    return render(
        request,
        "calls/phone.html",
        {
            "current": current,
            "left_open": current is not None and current.left_open(),
            "calls": list(selectors.recent_calls(request.user)),
            "end_form": EndForm(),
        },
    )


@role_required(Role.SUPPORTER)
@require_POST
def start(request: AuthedRequest) -> HttpResponse:
    form = StartForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say who called whom."))
        return _back(request)
    member_id = form.cleaned_data["member"]
    member = (
        access_person(request.user, member_id, purpose="Logged a phone call") if member_id else None
    )
    try:
        services.start_call(
            supporter=request.user, member=member, direction=form.cleaned_data["direction"]
        )
    except ValidationError as error:
        messages.error(request, _say(error))
    else:
        messages.success(request, _("Call started. Tap “Call ended” when you hang up."))
    return _back(request)


@role_required(Role.SUPPORTER)
@require_POST
def end(request: AuthedRequest, call_id: int) -> HttpResponse:
    call = selectors.access_call(request.user, call_id)
    call = services.end_call(call=call, by=request.user)
    messages.success(
        request,
        _("Call ended after %(minutes)s min. It is in your record of contacts.")
        % {"minutes": call.minutes},
    )
    return _back(request)


@role_required(Role.SUPPORTER)
@require_http_methods(["GET", "POST"])
def set_end(request: AuthedRequest, call_id: int) -> HttpResponse:
    """Say when a call ended: one left open, or a tap at the wrong moment."""
    call = selectors.access_call(request.user, call_id)
    form = EndForm(request.POST or None, initial={"ended_at": call.ended_at})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_call_end(
                call=call, by=request.user, ended_at=form.cleaned_data["ended_at"]
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            messages.success(request, _("The call’s end is saved."))
            return redirect("calls:phone")
    return render(request, "calls/set_end.html", {"call": call, "form": form})


@role_required(Role.MEMBER)
@require_http_methods(["GET", "POST"])
def number(request: AuthedRequest) -> HttpResponse:
    """A member's number for phone calls, and who may see it (only them, until they say otherwise)."""
    saved = selectors.own_number(request.user)
    initial = {"number": saved.number, "audience": saved.audience} if saved else None
    form = NumberForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_phone_number(member=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            messages.success(request, _("Saved."))
            return redirect("calls:number")
    return render(request, "calls/number.html", {"form": form, "saved": saved})
