from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("training/", views.home, name="home"),
    path("training/courses/<int:course_id>/", views.course, name="course"),
    path("training/modules/<int:module_id>/", views.module, name="module"),
    path("training/attest/", views.attest, name="attest"),
    path("training/credentials/", views.credentials, name="credentials"),
    path("training/hours/", views.hours, name="hours"),
    path(
        "training/credentials/<int:credential_id>/document/",
        views.credential_document,
        name="credential-document",
    ),
    path("training/compliance/", views.compliance, name="compliance"),
    path("training/expiring/", views.expiring, name="expiring"),
    path("training/editor/", views.editor, name="editor"),
    path("training/editor/courses/<int:course_id>/", views.course_edit, name="course-edit"),
    path("training/editor/courses/<int:course_id>/modules/", views.module_new, name="module-new"),
    path("training/editor/modules/<int:module_id>/", views.module_edit, name="module-edit"),
    path("training/settings/", views.settings, name="settings"),
    path("training/settings/starter/", views.starter, name="starter"),
]
