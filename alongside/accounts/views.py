"""Pages for signing up and in, the home per role, profile, consent, people and two-factor sign-in."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from alongside.common.http import AuthedRequest, role_required

from . import person_actions, selectors, services, two_factor
from .choices import ConsentScope, Role
from .forms import CodeForm, ConsentForm, FrontPageForm, ProfileForm, RolesForm, SignUpForm
from .front_page import sections as front_page_sections
from .models import Program, User
from .program_settings import pages_for as settings_pages_for


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _remember_language(response: HttpResponse, user: User) -> HttpResponse:
    if user.language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            user.language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=settings.HTTPS,
        )
    return response


def home(request: HttpRequest) -> HttpResponse:
    """The person's home; for someone not signed in, the program's public front page."""
    if not isinstance(request.user, User):  # AnonymousUser
        return front_page(request)
    user = request.user
    standing = selectors.standing(user)
    program = standing.program
    context: dict[str, Any] = {"standing": standing}
    if standing.has(Role.MEMBER):
        context["care_team"] = selectors.care_team_of(user, program=program)
    if standing.has(Role.SUPPORTER, Role.CLINICIAN):
        context["caseload"] = selectors.caseload_of(user, program=program)
        context["shared_with_me"] = selectors.consents_shared_with(user, program=program)
    return render(request, "accounts/home.html", context)


@login_required
@require_POST
def choose_program(request: AuthedRequest) -> HttpResponse:
    """Make one of the person's programs the one every page is about, remembered in the session. A
    program they do not belong to answers 404, as if it did not exist, and changes nothing."""
    found = selectors.standing(request.user)
    chosen = next((p for p in found.programs if str(p.pk) == request.POST.get("program")), None)
    if chosen is None:
        raise Http404
    request.session[selectors.PROGRAM_SESSION_KEY] = chosen.pk
    messages.success(request, _("You are now in %(program)s.") % {"program": chosen.name})
    return redirect("accounts:home")  # the page they were on may be about the other program


def _program_of_link(request: HttpRequest) -> Program | None:
    """The program a sign-up or front-page link names (`?program=<slug>`), else the first; Http404 for a
    slug no program has."""
    slug = request.GET.get("program")
    if slug:
        program = Program.objects.filter(slug=slug).first()
        if program is None:
            raise Http404
        return program
    return Program.objects.order_by("pk").first()


def front_page(request: HttpRequest) -> HttpResponse:
    """What the service is, how it works, who runs it, what it costs, privacy and the crisis options,
    in the program's own words; then join or sign in. Nothing here tracks anyone."""
    program = _program_of_link(request)
    return render(
        request,
        "accounts/front.html",
        {
            "program": program,
            "named": bool(request.GET.get("program")),  # its join links name the program too
            "sections": front_page_sections(program, request.LANGUAGE_CODE),
        },
    )


@role_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def front_page_settings(request: AuthedRequest) -> HttpResponse:
    program = selectors.standing(request.user).program
    assert program is not None  # noqa: S101  # role_required admits only people with a program
    form = FrontPageForm(request.POST or None, program=program)
    if request.method == "POST" and form.is_valid():
        services.set_front_page(actor=request.user, program=program, words=form.words())
        messages.success(request, _("The front page is saved."))
        return redirect("accounts:front-page-settings")
    return render(request, "accounts/front_page_settings.html", {"form": form, "program": program})


@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    """Join the program whose link was followed (`?program=<slug>`); without one, the only program, or
    the one the person chooses when there are several."""
    named = bool(request.GET.get("program"))  # the form posts back to the program the link named
    programs = [] if named else list(Program.objects.order_by("name", "pk"))
    # Without a link, the page shell (crisis line, quick exit) shows the first program, as the front page.
    first = min(programs, key=lambda p: p.pk) if programs else None
    program = _program_of_link(request) if named else first
    form = SignUpForm(request.POST or None, programs=programs if len(programs) > 1 else None)
    if request.method == "POST" and program is not None and form.is_valid():
        data = form.cleaned_data
        user = services.sign_up_member(
            program=form.chosen_program() or program,
            username=data["username"],
            password=data["password"],
            display_name=data["display_name"],
            email=data["email"],
            language=request.LANGUAGE_CODE,
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _("Welcome. You can tell people a little about yourself here, or skip it for now."),
        )
        return redirect("accounts:profile")
    return render(
        request, "accounts/sign_up.html", {"form": form, "program": program, "named": named}
    )


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    form = AuthenticationForm(request, data=request.POST or None)
    form.fields["username"].label = _("Pseudonym")
    form.error_messages["invalid_login"] = _(
        "That pseudonym and password do not match. Please check them and try again."
    )
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        login(request, user)
        response = redirect(_safe_next(request, reverse("accounts:home")))
        return _remember_language(response, user)
    return render(request, "accounts/sign_in.html", {"form": form, "next": _safe_next(request, "")})


def locked_out(
    request: HttpRequest, credentials: dict[str, Any] | None = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """django-axes calls this once an account is locked after too many wrong passwords."""
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse(
            {"detail": _("Too many attempts. Please wait 15 minutes and try again.")}, status=429
        )
    return render(request, "accounts/locked_out.html", status=429)


def _end_everything(request: HttpRequest) -> None:
    """Sign out here and end every API sign-in (apps) of the person too."""
    if request.user.is_authenticated:
        services.end_api_sign_ins(user=request.user)
    logout(request)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    _end_everything(request)
    messages.info(
        request, _("You are signed out, here and in every app that used your account. Take care.")
    )
    return redirect("accounts:sign-in")


# Where quick exit goes for someone not signed in (as base.html says): the programs' default.
QUICK_EXIT_DEFAULT: str = Program._meta.get_field("quick_exit_url").get_default()


@require_POST
def quick_exit(request: HttpRequest) -> HttpResponse:
    """The quick-exit button signs the person out (apps too). With JavaScript the page has already gone
    elsewhere and sends `quietly` in the background: nothing to answer. Without it, the form itself was
    submitted: a blank page sends the tab on at once to the program's neutral page, where shell.js sends
    it (a refresh, since the pages' `form-action 'self'` stops a redirect to another site)."""
    program = selectors.standing(request.user).program
    leave_for = program.quick_exit_url if program else QUICK_EXIT_DEFAULT
    _end_everything(request)
    if request.POST.get("quietly"):
        return HttpResponse(status=204)
    return render(request, "accounts/quick_exit.html", {"leave_for": leave_for})


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:home")

    def form_valid(self, form: Any) -> HttpResponse:
        services.end_api_sign_ins(
            user=form.user
        )  # an app signed in with the old password must ask again
        messages.success(
            self.request,
            _("Your password is changed. Apps that used your account must sign in again."),
        )
        return super().form_valid(form)


class PasswordResetView(auth_views.PasswordResetView):
    """Email is optional; a person who gave one can get a reset link. The answer never says whether an
    address is known, so the page cannot be used to find out who is a member."""

    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-sent")


def password_reset_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/password_reset_sent.html")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:sign-in")

    def form_valid(self, form: Any) -> HttpResponse:
        services.end_api_sign_ins(user=form.user)
        messages.success(self.request, _("Your new password is set. You can sign in with it now."))
        return super().form_valid(form)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: AuthedRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.update_profile(
            user=request.user,
            display_name=form.cleaned_data["display_name"],
            email=form.cleaned_data["email"],
            fields=form.profile_fields(),
            visibility=form.visibility(),
        )
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile")
    sign_ins = selectors.api_sign_ins_of(request.user)
    return render(request, "accounts/profile.html", {"form": form, "api_sign_ins": sign_ins})


@login_required
@require_POST
def api_sign_in_end(request: AuthedRequest, token_id: int) -> HttpResponse:
    services.end_api_sign_in(user=request.user, token_id=token_id)
    messages.success(request, _("That app is signed out."))
    return redirect(f"{reverse('accounts:profile')}#apps")


@role_required(Role.MEMBER)
@require_http_methods(["GET", "POST"])
def consent(request: AuthedRequest) -> HttpResponse:
    grantees = selectors.consent_grantees(request.user)
    form = ConsentForm(request.POST or None, grantees=grantees)
    if request.method == "POST" and form.is_valid():
        try:
            services.grant_consent(
                member=request.user,
                grantee=form.cleaned_data["grantee"],
                scope=ConsentScope(form.cleaned_data["scope"]),
                expires_at=form.expires_at(),
                purpose=form.cleaned_data["purpose"],
                includes_substance_use=form.cleaned_data["includes_substance_use"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Shared. You can stop sharing at any time on this page."))
            return redirect("accounts:consent")
    return render(
        request,
        "accounts/consent.html",
        {
            "form": form,
            "consents": selectors.consents_of(request.user),
            "ledger": selectors.consent_ledger(request.user)[:50],
            "research": selectors.research_consent_of(request.user),
        },
    )


@role_required(Role.MEMBER)
@require_POST
def consent_research(request: AuthedRequest) -> HttpResponse:
    """The member agrees to their records going, without their name, into research exports."""
    try:
        services.grant_research_consent(member=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you. You can stop it at any time on this page."))
    return redirect("accounts:consent")


@role_required(Role.MEMBER)
@require_POST
def consent_revoke(request: AuthedRequest, consent_id: int) -> HttpResponse:
    services.revoke_consent(member=request.user, consent_id=consent_id)
    messages.success(request, _("Stopped. They can no longer see it."))
    return redirect("accounts:consent")


@login_required
def person(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = selectors.access_person(request.user, person_id)
    # Their roles in the program the page is in (the viewer's current one), not in their first program.
    roles = selectors.standing_in(person, selectors.standing(request.user).program).roles
    shows_contact = person.pk == request.user.pk or selectors.consent_allows(
        grantee=request.user, member=person, scope=ConsentScope.CONTACT
    )
    return render(
        request,
        "accounts/person.html",
        {
            "person": person,
            "fields": selectors.visible_fields(request.user, person),
            "roles": roles,
            "shows_contact": shows_contact,
            "can_set_roles": selectors.standing(request.user).has(Role.ADMIN),
            "roles_form": RolesForm(initial={"roles": sorted(roles)}),
            "actions": person_actions.actions_for(request, person),
        },
    )


@role_required(Role.ADMIN)
def program_settings(request: AuthedRequest) -> HttpResponse:
    """One place where an administrator finds every setting of their program."""
    program = selectors.standing(request.user).program
    return render(
        request,
        "accounts/program_settings.html",
        {"program": program, "pages": settings_pages_for(request.user)},
    )


@role_required(Role.ADMIN, Role.SUPERVISOR)
def people(request: AuthedRequest) -> HttpResponse:
    program = selectors.standing(request.user).program
    assert program is not None  # noqa: S101  # role_required admits only people with a program
    query = request.GET.get("q", "").strip()
    found = selectors.program_people(program)
    if query:
        found = found.filter(display_name__icontains=query) | found.filter(
            username__icontains=query
        )
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/people.html", {"page": page, "query": query})


@role_required(Role.ADMIN)
@require_POST
def person_roles(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = selectors.access_person(request.user, person_id)
    form = RolesForm(request.POST)
    if form.is_valid():
        try:
            services.set_roles(
                actor=request.user,
                person=person,
                roles={Role(r) for r in form.cleaned_data["roles"]},
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Roles saved."))
    return redirect("accounts:person", person_id=person.pk)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: AuthedRequest) -> HttpResponse:
    if two_factor.confirmed_device(request.user) and not two_factor.is_verified(request.user):
        # Replacing a device needs the current one: a password alone must not be enough to enrol a new one.
        return redirect(
            f"{reverse('accounts:two-factor-verify')}?next={reverse('accounts:two-factor-setup')}"
        )
    device = two_factor.pending_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.confirm_device(device, form.cleaned_data["code"].strip()):
            otp_login(request, device)
            messages.success(
                request, _("Two-step sign-in is on. You will be asked for a code when you sign in.")
            )
            return redirect("accounts:home")
        form.add_error(
            "code", _("That code did not match. Wait a moment, then type the newest code.")
        )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": two_factor.qr_svg(device),
            "secret": two_factor.secret_text(device),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: AuthedRequest) -> HttpResponse:
    device = two_factor.confirmed_device(request.user)
    if device is None:
        return redirect("accounts:two-factor-setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].strip()):
            otp_login(request, device)
            return redirect(_safe_next(request, reverse("accounts:home")))
        form.add_error(
            "code", _("That code did not match. Wait a moment, then type the newest code.")
        )
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _safe_next(request, "")}
    )


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the page language and remember it: in a cookie, and on the account when signed in."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    response = redirect(_safe_next(request, reverse("accounts:home")))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.HTTPS,
    )
    if request.user.is_authenticated:
        services.set_language(user=request.user, language=language)
    return response
