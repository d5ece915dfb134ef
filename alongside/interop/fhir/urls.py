"""/fhir/R4/: metadata, read, search by patient, Patient/$everything, $export, and the discharge import.
The last pattern answers every other /fhir/R4/ path with an OperationOutcome, never an HTML page."""

from django.urls import URLPattern, path, re_path

from . import views
from .selectors import DIRECTORY_TYPES, RESOURCE_TYPES

app_name = "fhir"

TYPES = "|".join(RESOURCE_TYPES + DIRECTORY_TYPES)
ID = r"[A-Za-z0-9\-\.]{1,64}"  # FHIR's id rule

urlpatterns: list[URLPattern] = [
    path("fhir/R4/metadata", views.metadata, name="metadata"),
    path("fhir/R4/$export", views.export, name="export"),
    path("fhir/R4/$discharge", views.discharge, name="discharge"),
    re_path(
        r"^fhir/R4/\$export-status/(?P<job>[\w:.-]+)$", views.export_status, name="export-status"
    ),
    re_path(
        rf"^fhir/R4/\$export-file/(?P<job>[\w:.-]+)/(?P<resource_type>{TYPES})\.ndjson$",
        views.export_file,
        name="export-file",
    ),
    re_path(
        rf"^fhir/R4/Patient/(?P<patient_id>{ID})/\$everything$", views.everything, name="everything"
    ),
    re_path(
        rf"^fhir/R4/(?P<resource_type>{TYPES})/(?P<resource_id>{ID})$", views.read, name="read"
    ),
    re_path(rf"^fhir/R4/(?P<resource_type>{TYPES})/?$", views.search, name="search"),
    re_path(r"^fhir/R4/(?P<rest>.*)$", views.unknown, name="unknown"),
]
