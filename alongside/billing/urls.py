from django.urls import path

from . import views

app_name = "billing"

urlpatterns = [
    path("billing/", views.queue, name="queue"),
    path("billing/people/<int:member_id>/", views.identity, name="identity"),
    path("billing/export/", views.export, name="export"),
    path("billing/exports/<int:job_id>/", views.export_job, name="export-job"),
    path("billing/exports/<int:job_id>/file/", views.export_download, name="export-download"),
    path("billing/remittance/", views.remit_upload, name="remit"),
    path(
        "billing/claims/<str:claim_id>/correct/",
        views.claim_change,
        {"action": "correct"},
        name="claim-correct",
    ),
    path(
        "billing/claims/<str:claim_id>/void/",
        views.claim_change,
        {"action": "void"},
        name="claim-void",
    ),
    path(
        "billing/claims/<str:claim_id>/keep/",
        views.claim_change,
        {"action": "keep"},
        name="claim-keep",
    ),
    path("billing/payers/", views.payers, name="payers"),
    path("billing/payers/<int:payer_id>/", views.payer, name="payer"),
]
