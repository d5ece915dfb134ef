"""Resource pages: search and a resource, referrals (the member's to-do list), the admin's directory with
import and export, intake links, hand-offs and their clocks, and the member's first screen."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alongside.accounts.choices import Role
from alongside.accounts.models import User
from alongside.accounts.selectors import caseload_of, standing, today_in
from alongside.common.forms import show_errors
from alongside.common.http import AuthedRequest, role_required

from . import charts, geo, interchange, selectors, services
from .forms import (
    HandOffForm,
    HospitalStayForm,
    ImportForm,
    IntakeLinkForm,
    InviteForm,
    ReferralForm,
    ReferralStatusForm,
    ResourceForm,
    SearchForm,
    StaffHospitalStayForm,
    StaleForm,
)
from .hours import days_open, hours_text, is_open_at
from .models import ImportJob, ImportStatus, Need

EVERYONE = (Role.MEMBER, Role.SUPPORTER, Role.SUPERVISOR, Role.CLINICIAN, Role.ADMIN)
REFERRERS = (Role.MEMBER, Role.SUPPORTER, Role.CLINICIAN, Role.SUPERVISOR)


def _program(request: AuthedRequest):  # type: ignore[no-untyped-def]
    program = standing(request.user).program
    if program is None:
        raise Http404
    return program


# --- search and a resource -------------------------------------------------------------------------


@role_required(*EVERYONE)
@require_GET
def search(request: AuthedRequest) -> HttpResponse:
    program = _program(request)
    form = SearchForm(request.GET)  # empty is a search too: everything, by name
    results, place, unknown_place = None, None, False
    if form.is_valid():
        data = form.cleaned_data
        if data["near"]:
            place = geo.locate(data["near"])
            unknown_place = place is None
        if not unknown_place:
            results = selectors.search(
                program,
                need=data["need"],
                language=data["language"],
                near=place,
                open_now=data["open_now"],
            )
    context = {
        "form": form,
        "results": results,
        "place": place,
        "unknown_place": unknown_place,
        "known_places": geo.known_places(),
        "referral_list": _referral_list_name(request),
    }
    template = "resources/_results.html" if request.htmx else "resources/search.html"
    return render(request, template, context)


def _referral_list_name(request: AuthedRequest) -> str:
    found = standing(request.user)
    if found.has(Role.MEMBER):
        return _("My to-do list")
    return _("Referrals") if found.has(*REFERRERS) else ""


@role_required(*EVERYONE)
@require_GET
def resource(request: AuthedRequest, resource_id: int) -> HttpResponse:
    found = selectors.access_resource(request.user, resource_id)
    is_open = is_open_at(found.hours, found.time_zone, timezone.now())
    return render(
        request,
        "resources/resource.html",
        {
            "resource": found,
            "days": days_open(found.hours),
            "is_open": is_open,
            "can_refer": standing(request.user).has(*REFERRERS),
        },
    )


# --- referrals -------------------------------------------------------------------------------------


@role_required(*REFERRERS)
@require_http_methods(["GET", "POST"])
def referral_new(request: AuthedRequest, resource_id: int) -> HttpResponse:
    found = selectors.access_resource(request.user, resource_id)
    is_member = standing(request.user).has(Role.MEMBER)
    caseload = [] if is_member else [link.member for link in caseload_of(request.user)]
    need = request.GET.get("need") or (found.need_codes[:1] or [""])[0]
    form = ReferralForm(request.POST or None, initial={"need": need})
    if request.method == "POST" and form.is_valid():
        member = request.user if is_member else _caseload_member(request, caseload)
        if member is not None:
            try:
                services.make_referral(
                    actor=request.user, member=member, resource=found, **form.cleaned_data
                )
            except ValidationError as error:
                show_errors(form, error)
            except PermissionDenied:
                form.add_error(None, _("You can make referrals only for people you work with."))
            else:
                messages.success(request, _("Added to the to-do list."))
                return redirect("resources:referrals")
        else:
            form.add_error(None, _("Choose who this referral is for."))
    return render(
        request,
        "resources/referral_new.html",
        {
            "resource": found,
            "form": form,
            "caseload": caseload,
            "chosen": request.POST.get("member", ""),
            "is_member": is_member,
        },
    )


def _caseload_member(request: AuthedRequest, caseload: list[User]) -> User | None:
    chosen = request.POST.get("member", "")
    return next((m for m in caseload if str(m.pk) == chosen), None)


@role_required(*REFERRERS)
@require_GET
def referrals(request: AuthedRequest) -> HttpResponse:
    is_member = standing(request.user).has(Role.MEMBER)
    found = list(
        selectors.referrals_of(request.user)
        if is_member
        else selectors.referrals_for_staff(request.user)
    )
    return render(
        request,
        "resources/referrals.html",
        {
            "open": [r for r in found if r.is_open],
            "done": [r for r in found if not r.is_open],
            "is_member": is_member,
            "today": today_in(_program(request)),
        },
    )


@role_required(*REFERRERS)
@require_http_methods(["GET", "POST"])
def referral(request: AuthedRequest, referral_id: int) -> HttpResponse:
    found = selectors.access_referral(request.user, referral_id)
    form = ReferralStatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_referral(actor=request.user, referral_id=found.pk, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Saved. Thank you for letting us know."))
            return redirect("resources:referrals")
    return render(request, "resources/referral.html", {"referral": found, "form": form})


@role_required(Role.SUPERVISOR, Role.ADMIN)
@require_GET
def outcomes(request: AuthedRequest) -> HttpResponse:
    by_need, by_resource = selectors.rollup(_program(request))
    return render(
        request,
        "resources/outcomes.html",
        {
            "by_need": by_need,
            "by_resource": by_resource,
            "need_chart": charts.bar_chart([(r.label, r.connected, r.made) for r in by_need]),
            "resource_chart": charts.bar_chart(
                [(r.label, r.connected, r.made) for r in by_resource[:12]]
            ),
        },
    )


# --- the admin's directory -------------------------------------------------------------------------


@role_required(Role.ADMIN)
@require_GET
def manage(request: AuthedRequest) -> HttpResponse:
    program = _program(request)
    today = today_in(program)
    settings = selectors.settings_of(program)
    return render(
        request,
        "resources/manage.html",
        {
            "stale": list(selectors.stale_resources(program, today)[:200]),
            "stale_count": selectors.stale_resources(program, today).count(),
            "count": selectors.directory_of(program).count(),
            "resources": list(
                selectors.directory_of(program).only("name", "last_verified_on")[:500]
            ),
            "settings": settings,
            "stale_form": StaleForm(initial={"stale_after_days": settings.stale_after_days}),
            "import_form": ImportForm(),
            "stale_before": selectors.stale_before(program, today),
        },
    )


@role_required(Role.ADMIN)
@require_POST
def stale_setting(request: AuthedRequest) -> HttpResponse:
    form = StaleForm(request.POST)
    if form.is_valid():
        services.set_stale_after(actor=request.user, days=form.cleaned_data["stale_after_days"])
        messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Choose a number of days from 1 to 3650."))
    return redirect("resources:manage")


@role_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def resource_edit(request: AuthedRequest, resource_id: int | None = None) -> HttpResponse:
    found = selectors.access_resource(request.user, resource_id) if resource_id else None
    initial = {}
    if found is not None:
        initial = {name: getattr(found, name) for name in services.RESOURCE_FIELDS}
        initial.update(
            needs=found.need_codes, languages=found.language_codes, hours=hours_text(found.hours)
        )
    form = ResourceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_resource(
                actor=request.user, resource_id=resource_id, **form.cleaned_data
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("resources:resource", saved.pk)
    return render(request, "resources/resource_edit.html", {"form": form, "resource": found})


@role_required(Role.ADMIN)
@require_POST
def resource_verify(request: AuthedRequest, resource_id: int) -> HttpResponse:
    found = selectors.access_resource(request.user, resource_id)
    services.mark_verified(actor=request.user, resource_id=found.pk)
    messages.success(request, _("Marked as checked today."))
    return redirect("resources:manage")


@role_required(Role.ADMIN)
@require_POST
def import_start(request: AuthedRequest) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("resources:manage")
    name, content = form.cleaned_data["file"]
    job = services.start_import(actor=request.user, file_name=name, content=content)
    return redirect("resources:import-job", job.pk)


def _own_job(request: AuthedRequest, job_id: int) -> ImportJob:
    job = ImportJob.objects.filter(pk=job_id, program=_program(request)).first()
    if job is None:
        raise Http404
    return job


@role_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def import_job(request: AuthedRequest, job_id: int) -> HttpResponse:
    """The import's progress; each POST (htmx, or the button without script) checks the next chunk."""
    job = _own_job(request, job_id)
    if request.method == "POST":
        job = services.advance_import(actor=request.user, job_id=job.pk)
    context = {"job": job, "checking": job.status == ImportStatus.CHECKING}
    template = "resources/_import_progress.html" if request.htmx else "resources/import_job.html"
    return render(request, template, context)


@role_required(Role.ADMIN)
@require_GET
def export_csv(request: AuthedRequest) -> HttpResponse:
    program = _program(request)
    response = HttpResponse(
        interchange.write_csv(list(selectors.directory_of(program))),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{program.slug}-resources.csv"'
    return response


@role_required(Role.ADMIN)
@require_GET
def export_hsds(request: AuthedRequest) -> HttpResponse:
    program = _program(request)
    response = HttpResponse(
        interchange.write_hsds(
            list(selectors.directory_of(program)), interchange.Publisher.of(program)
        ),
        content_type="application/json",
    )
    response["Content-Disposition"] = f'attachment; filename="{program.slug}-resources-hsds.json"'
    return response


@role_required(Role.ADMIN)
@require_GET
def export_tabular(request: AuthedRequest) -> HttpResponse:
    """The directory in the HSDS tabular form: CSV files and a datapackage.json in one zip."""
    program = _program(request)
    publisher = interchange.Publisher.of(program)
    services = [interchange.service_of(r, publisher) for r in selectors.directory_of(program)]
    content = interchange.write_tabular(services, interchange.kept_objects(program))
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{program.slug}-resources-hsds.zip"'
    return response


# --- intake links and hand-offs --------------------------------------------------------------------


@role_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def intake_links(request: AuthedRequest) -> HttpResponse:
    program = _program(request)
    form = IntakeLinkForm(request.POST or None)
    made = None
    if request.method == "POST" and form.is_valid():
        try:
            made = services.create_intake_link(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            form = IntakeLinkForm()
    links = [
        (link, request.build_absolute_uri(services.intake_path(link)))
        for link in selectors.intake_links_of(program)
    ]
    return render(
        request,
        "resources/intake_links.html",
        {"form": form, "links": links, "made": made, "now": timezone.now()},
    )


@role_required(Role.ADMIN)
@require_POST
def intake_link_revoke(request: AuthedRequest, link_id: int) -> HttpResponse:
    services.revoke_intake_link(actor=request.user, link_id=link_id)
    messages.success(request, _("The link no longer works."))
    return redirect("resources:intake-links")


def _hand_off_form(request: HttpRequest, *, program, sender, link) -> HttpResponse:  # type: ignore[no-untyped-def]
    form = HandOffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            hand_off, invite = services.send_hand_off(
                program=program, sender=sender, link=link, **form.cleaned_data
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            return render(
                request,
                "resources/hand_off_sent.html",
                {"hand_off": hand_off, "invite_url": request.build_absolute_uri(invite)},
            )
    return render(
        request, "resources/hand_off_new.html", {"form": form, "program": program, "link": link}
    )


@role_required(Role.CLINICIAN)
@require_http_methods(["GET", "POST"])
def hand_off_new(request: AuthedRequest) -> HttpResponse:
    return _hand_off_form(request, program=_program(request), sender=request.user, link=None)


@require_http_methods(["GET", "POST"])
def hand_off_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """A partner's hand-off through the program's secure link: no account needed."""
    link = selectors.intake_link_for(token)
    return _hand_off_form(request, program=link.program, sender=None, link=link)


@role_required(Role.MEMBER)
@require_http_methods(["GET", "POST"])
def hospital_stays(request: AuthedRequest) -> HttpResponse:
    """A member records their own stays in hospital (for the program's figures, without their name)."""
    return _stays_page(
        request,
        member=request.user,
        form=HospitalStayForm(request.POST or None),
        saved=_("Saved. Thank you."),
        again=reverse("resources:hospital-stays"),
        template="resources/hospital_stays.html",
    )


@role_required(Role.ADMIN, Role.SUPERVISOR, Role.CLINICIAN, Role.SUPPORTER)
@require_http_methods(["GET", "POST"])
def member_hospital_stays(request: AuthedRequest, member_id: int) -> HttpResponse:
    """Staff note a stay in hospital of someone they work with (an administrator: of anyone in the
    program), for the program's figures; they see the stays already noted and who noted each."""
    member = selectors.access_stays(request.user, member_id)
    return _stays_page(
        request,
        member=member,
        form=StaffHospitalStayForm(request.POST or None),
        saved=_("Saved."),
        again=reverse("resources:member-hospital-stays", kwargs={"member_id": member.pk}),
        template="resources/member_hospital_stays.html",
    )


def _stays_page(
    request: AuthedRequest,
    *,
    member: User,
    form: HospitalStayForm,
    saved: str,
    again: str,
    template: str,
) -> HttpResponse:
    """A person's stays and the form to note one: on a refusal the form keeps what was typed."""
    if request.method == "POST" and form.is_valid():
        try:
            services.record_hospital_stay(actor=request.user, member=member, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, saved)
            return redirect(again)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "member": member, "stays": selectors.stays_of(member)}
    return render(request, template, context, status=status)


def person_action(request: HttpRequest, person: User) -> dict[str, object] | None:
    """On a person's page (`accounts.person_actions`): a link to their hospital stays, for staff who
    may note them."""
    viewer = request.user
    if not isinstance(viewer, User) or viewer.pk == person.pk:
        return None
    if selectors.stay_program(viewer, person) is None:
        return None
    return {"person": person}


@role_required(Role.SUPERVISOR, Role.ADMIN, Role.CLINICIAN, Role.SUPPORTER)
@require_GET
def hand_offs(request: AuthedRequest) -> HttpResponse:
    figures = selectors.hand_offs_for(request.user)
    return render(request, "resources/hand_offs.html", {"figures": figures})


@role_required(Role.SUPERVISOR, Role.ADMIN, Role.CLINICIAN, Role.SUPPORTER)
@require_GET
def hand_off(request: AuthedRequest, hand_off_id: int) -> HttpResponse:
    clock = selectors.access_hand_off(request.user, hand_off_id)
    return render(
        request,
        "resources/hand_off.html",
        {
            "clock": clock,
            "needs": [Need(code).label for code in clock.hand_off.need_codes],
            "can_record": standing(request.user).has(Role.SUPERVISOR, Role.SUPPORTER),
        },
    )


@role_required(Role.SUPERVISOR, Role.SUPPORTER)
@require_POST
def hand_off_contact(request: AuthedRequest, hand_off_id: int) -> HttpResponse:
    services.record_contact(actor=request.user, hand_off_id=hand_off_id)
    messages.success(request, _("First contact recorded."))
    return redirect("resources:hand-off", hand_off_id)


# --- the member's first screen ---------------------------------------------------------------------


@role_required(Role.MEMBER)
@require_GET
def welcome(request: AuthedRequest) -> HttpResponse:
    return render(
        request, "resources/welcome.html", {"welcome": selectors.welcome_for(request.user)}
    )


@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The person handed off chooses a password, and lands on their first screen."""
    try:
        member = User.objects.get(pk=int(force_str(urlsafe_base64_decode(uidb64))), is_active=True)
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        raise Http404 from None
    if not default_token_generator.check_token(member, token):
        raise Http404
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            validate_password(form.cleaned_data["password"], member)
        except ValidationError as error:
            form.add_error("password", error)
        else:
            member.set_password(form.cleaned_data["password"])
            member.save(update_fields=["password"])
            login(request, member, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("resources:welcome")
    return render(request, "resources/invite.html", {"form": form, "member": member})
