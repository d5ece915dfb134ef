"""The access log page for program administrators."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from alongside.accounts.choices import Role
from alongside.accounts.selectors import standing
from alongside.common.http import AuthedRequest, role_required

from .forms import AuditFilterForm
from .models import Action
from .selectors import access_log
from .services import record_access, verify_chain


@role_required(Role.ADMIN)
def log(request: AuthedRequest) -> HttpResponse:
    program = standing(request.user).program
    assert program is not None  # noqa: S101  # role_required admits only people with a program
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(access_log(program_id=program.pk, filters=filters), 50).get_page(
        request.GET.get("page")
    )
    # Reading the log is itself a search of protected records.
    record_access(
        viewer=request.user,
        record_type="audit.accesslog",
        record_id="",
        subject=None,
        purpose="Searched the access log",
        program_id=program.pk,
        action=Action.SEARCH,
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "audit/log.html", {"form": form, "page": page, "query": query.urlencode()}
    )


@role_required(Role.ADMIN)
def chain(request: AuthedRequest) -> HttpResponse:
    """Whether the access log holds: no entry changed or removed, none missing at its end."""
    return render(request, "audit/chain.html", {"check": verify_chain()})
