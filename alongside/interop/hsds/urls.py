"""The HSDS 3.0 API at /hsds/ (paths as Open Referral's OpenAPI document names them) and its settings."""

from django.urls import path

from . import views

app_name = "hsds"

urlpatterns = [
    path("hsds/", views.index, name="index"),
    path("hsds/services", views.services_list, name="services"),
    path("hsds/services/<str:service_id>", views.service, name="service"),
    path("hsds/service_at_locations", views.service_at_locations, name="service-at-locations"),
    path(
        "hsds/service_at_locations/<str:link_id>",
        views.service_at_location,
        name="service-at-location",
    ),
    path("hsds/organizations", views.organizations, name="organizations"),
    path("hsds/organizations/<str:organization_id>", views.organization, name="organization"),
    path("hsds/taxonomies", views.taxonomies, name="taxonomies"),
    path("hsds/taxonomies/<str:taxonomy_id>", views.taxonomy, name="taxonomy"),
    path("hsds/taxonomy_terms", views.taxonomy_terms, name="taxonomy-terms"),
    path("hsds/taxonomy_terms/<str:term_id>", views.taxonomy_term, name="taxonomy-term"),
    path("hsds/settings/", views.settings, name="settings"),
]
