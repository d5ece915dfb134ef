"""Training's pages: my training, a course and its modules, my credentials and hours, the supervisors'
compliance and expiring lists, the course editor and the requirements settings."""

from __future__ import annotations

import mimetypes
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from alongside.accounts.choices import Role
from alongside.accounts.gates import Activity
from alongside.accounts.models import Program
from alongside.accounts.selectors import standing, today_in
from alongside.common.forms import show_errors
from alongside.common.http import AuthedRequest, role_required

from . import selectors, services
from .forms import (
    CourseForm,
    CredentialForm,
    HoursForm,
    ModuleEditForm,
    ModuleForm,
    RequirementsForm,
)
from .models import Course, Module, RequirementKind

LEARNERS = (Role.SUPPORTER, Role.SUPERVISOR, Role.ADMIN)
EDITORS = (Role.SUPERVISOR, Role.ADMIN)


def _program(request: AuthedRequest) -> Program:
    program = standing(request.user).program
    if program is None:
        raise Http404
    return program


# --- learning -------------------------------------------------------------------------------------


@role_required(*LEARNERS)
def home(request: AuthedRequest) -> HttpResponse:
    program = _program(request)
    today = today_in(program)
    return render(
        request,
        "training/home.html",
        {
            "cards": selectors.courses_for(request.user),
            "needs": selectors.needs_of(request.user, program, today),
            "attested_on": selectors.attested_on(request.user, program),
        },
    )


@role_required(*LEARNERS)
def course(request: AuthedRequest, course_id: int) -> HttpResponse:
    found = selectors.access_course(request.user, course_id)
    progress = selectors.progress_in(request.user, found)
    modules = [(m, progress.get(m.pk)) for m in found.modules.all()]
    return render(request, "training/course.html", {"course": found, "modules": modules})


@require_http_methods(["GET", "POST"])
@role_required(*LEARNERS)
def module(request: AuthedRequest, module_id: int) -> HttpResponse:
    found = selectors.access_module(request.user, module_id)
    progress = selectors.progress_in(request.user, found.course).get(found.pk)
    initial = {"reflection": progress.reflection} if progress else {}
    form = ModuleForm(request.POST or None, module=found, initial=initial)
    result = None
    if request.method == "POST" and form.is_valid():
        result = services.take_module(
            user=request.user,
            module=found,
            reflection=form.cleaned_data["reflection"],
            answers=form.answers(),
        )
        if result.passed:
            messages.success(request, _("Well done: this module is finished."))
            following = found.course.modules.filter(order__gt=found.order).first()
            return (
                redirect("training:module", following.pk)
                if following
                else redirect("training:course", found.course_id)
            )
    status = 400 if request.method == "POST" and not form.is_valid() else 200
    return render(
        request,
        "training/module.html",
        {"module": found, "form": form, "progress": progress, "result": result},
        status=status,
    )


@require_POST
@role_required(*LEARNERS)
def attest(request: AuthedRequest) -> HttpResponse:
    services.attest_ethics(supporter=request.user)
    messages.success(request, _("Thank you. Your attestation holds for a year."))
    return redirect("training:home")


# --- credentials and hours ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(*LEARNERS)
def credentials(request: AuthedRequest) -> HttpResponse:
    program = _program(request)
    form = CredentialForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_credential(by=request.user, supporter=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Your credential is saved."))
            return redirect("training:credentials")
    return _credentials_page(
        request, program, form, HoursForm(), status=400 if form.errors else 200
    )


def _credentials_page(
    request: AuthedRequest, program: Program, form: Form, hours_form: Form, status: int = 200
) -> HttpResponse:
    held = list(selectors.credentials_of(request.user, program))
    return render(
        request,
        "training/credentials.html",
        {
            "summaries": [selectors.hours_summary(c) for c in held],
            "hours": selectors.hours_of(request.user, program)[:50],
            "form": form,
            "hours_form": hours_form,
            "today": today_in(program),
        },
        status=status,
    )


@require_POST
@role_required(*LEARNERS)
def hours(request: AuthedRequest) -> HttpResponse:
    program = _program(request)
    form = HoursForm(request.POST)
    if form.is_valid():
        try:
            services.record_hours(by=request.user, supporter=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Your hours are saved."))
            return redirect("training:credentials")
    return _credentials_page(request, program, CredentialForm(), form, status=400)


@role_required(*LEARNERS)
def credential_document(request: AuthedRequest, credential_id: int) -> HttpResponse:
    credential = selectors.access_credential(request.user, credential_id)
    if not credential.document:
        raise Http404
    name = (credential.document.name or "").rsplit("/", 1)[-1]
    return FileResponse(  # type: ignore[return-value]  # a streaming response
        credential.document.open("rb"),
        as_attachment=True,
        filename=name,
        content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
    )


# --- supervisors ----------------------------------------------------------------------------------


@role_required(*EDITORS)
def compliance(request: AuthedRequest) -> HttpResponse:
    program = _program(request)
    rows = selectors.compliance(request.user, today_in(program))
    return render(
        request,
        "training/compliance.html",
        {"rows": rows, "activities": Activity.choices},
    )


@role_required(*EDITORS)
def expiring(request: AuthedRequest) -> HttpResponse:
    program = _program(request)
    today = today_in(program)
    return render(
        request,
        "training/expiring.html",
        {"credentials": selectors.expiring(request.user, today), "today": today},
    )


# --- the course editor ----------------------------------------------------------------------------


def _course_form(request: AuthedRequest, data: Any = None, **kwargs: Any) -> CourseForm:
    originals = selectors.courses_to_edit(request.user).filter(translation_of__isnull=True)
    return CourseForm(data, originals=originals, **kwargs)


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS)
def editor(request: AuthedRequest) -> HttpResponse:
    form = _course_form(request, request.POST or None, initial={"pass_mark": 80, "ce_hours": 0})
    if request.method == "POST" and form.is_valid():
        try:
            created = services.save_course(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            return redirect("training:course-edit", created.pk)
    return render(
        request,
        "training/editor.html",
        {"courses": selectors.courses_to_edit(request.user), "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS)
def course_edit(request: AuthedRequest, course_id: int) -> HttpResponse:
    found = selectors.access_course_to_edit(request.user, course_id)
    initial = {
        name: getattr(found, name)
        for name in (
            "title",
            "summary",
            "language",
            "translation_of",
            "competencies",
            "pass_mark",
            "ce_hours",
            "ce_category",
            "is_published",
        )
    }
    form = _course_form(request, request.POST or None, initial=initial)
    new_module = ModuleEditForm(prefix="new")
    if request.method == "POST" and form.is_valid():
        try:
            services.save_course(by=request.user, course=found, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The course is saved."))
            return redirect("training:course-edit", found.pk)
    return render(
        request,
        "training/course_edit.html",
        {"course": found, "form": form, "new_module": new_module},
        status=400 if form.errors else 200,
    )


def _save_module(
    request: AuthedRequest, form: ModuleEditForm, course: Course, module: Module | None
) -> Module | None:
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        return services.save_module(
            by=request.user,
            course=course,
            module=module,
            title=data["title"],
            body=data["body"],
            reflection_prompt=data["reflection_prompt"],
            questions=services.parse_questions(data["questions"]),
        )
    except ValidationError as error:
        show_errors(form, error)
        return None


@require_POST
@role_required(*EDITORS)
def module_new(request: AuthedRequest, course_id: int) -> HttpResponse:
    found = selectors.access_course_to_edit(request.user, course_id)
    form = ModuleEditForm(request.POST, prefix="new")
    if (saved := _save_module(request, form, found, None)) is not None:
        return redirect("training:module-edit", saved.pk)
    return render(
        request,
        "training/course_edit.html",
        {
            "course": found,
            "form": _course_form(request, initial={"title": found.title}),
            "new_module": form,
        },
        status=400,
    )


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS)
def module_edit(request: AuthedRequest, module_id: int) -> HttpResponse:
    found = selectors.access_module_to_edit(request.user, module_id)
    initial = {
        "title": found.title,
        "body": found.body,
        "reflection_prompt": found.reflection_prompt,
        "questions": services.questions_as_text(found),
    }
    form = ModuleEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and _save_module(request, form, found.course, found) is not None:
        messages.success(request, _("The module is saved."))
        return redirect("training:module-edit", found.pk)
    return render(
        request,
        "training/module_edit.html",
        {"module": found, "form": form},
        status=400 if form.errors else 200,
    )


# --- settings -------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMIN)
def settings(request: AuthedRequest) -> HttpResponse:
    program = _program(request)
    originals = selectors.courses_to_edit(request.user).filter(translation_of__isnull=True)
    current = list(selectors.requirements_of(program))
    forms = []
    for activity, label in Activity.choices:
        mine = [r for r in current if r.activity == activity]
        initial = {
            "courses": [r.course_id for r in mine if r.kind == RequirementKind.COURSE],
            "credential": any(r.kind == RequirementKind.CREDENTIAL for r in mine),
            "attestation": any(r.kind == RequirementKind.ATTESTATION for r in mine),
        }
        # An empty POST is a real answer here: nothing required for any activity.
        data = request.POST if request.method == "POST" else None
        form = RequirementsForm(data, prefix=activity, originals=originals, initial=initial)
        forms.append((activity, label, form))
    if request.method == "POST" and all(form.is_valid() for _a, _l, form in forms):
        for activity, _label, form in forms:
            services.set_requirements(
                by=request.user,
                activity=activity,
                course_ids=[c.pk for c in form.cleaned_data["courses"]],
                credential=form.cleaned_data["credential"],
                attestation=form.cleaned_data["attestation"],
            )
        messages.success(request, _("The requirements are saved. They apply from now."))
        return redirect("training:settings")
    return render(
        request,
        "training/settings.html",
        {"forms": forms, "has_courses": originals.exists()},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@role_required(Role.ADMIN)
def starter(request: AuthedRequest) -> HttpResponse:
    services.install_starter_curriculum(program=_program(request))
    messages.success(request, _("The starter courses are added. Edit them to make them your own."))
    return redirect("training:settings")
