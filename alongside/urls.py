from django.urls import include, path

from alongside.api import api
from alongside.common.views import healthz

handler500 = "alongside.common.views.server_error"  # 503 with Retry-After when the database is busy

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/", api.urls),
    path("audit/", include("alongside.audit.urls")),
    path("", include("alongside.conversations.urls")),
    path("", include("alongside.care_plans.urls")),
    path("", include("alongside.outcomes.urls")),
    path("", include("alongside.matching.urls")),
    path("", include("alongside.groups.urls")),
    path("", include("alongside.resources.urls")),
    path("", include("alongside.safety.urls")),
    path("", include("alongside.safety.moderation.urls")),
    path("", include("alongside.forums.urls")),
    path("", include("alongside.records.urls")),
    path("", include("alongside.scheduling.urls")),
    path("", include("alongside.calls.urls")),
    path("", include("alongside.training.urls")),
    path("", include("alongside.supervision.urls")),
    path("", include("alongside.billing.urls")),
    path("", include("alongside.interop.hsds.urls")),
    path("", include("alongside.interop.fhir.urls")),
    path("", include("alongside.reports.urls")),
    path("", include("alongside.accounts.urls")),
]
