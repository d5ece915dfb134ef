from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("reports/", views.dashboard, name="dashboard"),
    path("reports/progress/<int:snapshot_id>/", views.progress, name="progress"),
    path("reports/exports/", views.exports, name="exports"),
    path("reports/exports/<int:export_id>/", views.export, name="export"),
    path("reports/exports/<int:export_id>/download/", views.download, name="download"),
]
