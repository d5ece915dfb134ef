from django.urls import path

from . import views

app_name = "resources"
urlpatterns = [
    path("resources/", views.search, name="search"),
    path("resources/<int:resource_id>/", views.resource, name="resource"),
    path("resources/<int:resource_id>/refer/", views.referral_new, name="referral-new"),
    path("resources/referrals/", views.referrals, name="referrals"),
    path("resources/referrals/<int:referral_id>/", views.referral, name="referral"),
    path("resources/outcomes/", views.outcomes, name="outcomes"),
    path("resources/manage/", views.manage, name="manage"),
    path("resources/manage/stale/", views.stale_setting, name="stale-setting"),
    path("resources/manage/new/", views.resource_edit, name="resource-new"),
    path("resources/manage/<int:resource_id>/", views.resource_edit, name="resource-edit"),
    path(
        "resources/manage/<int:resource_id>/verify/", views.resource_verify, name="resource-verify"
    ),
    path("resources/manage/import/", views.import_start, name="import"),
    path("resources/manage/import/<int:job_id>/", views.import_job, name="import-job"),
    path("resources/manage/export.csv", views.export_csv, name="export-csv"),
    path("resources/manage/export.json", views.export_hsds, name="export-hsds"),
    path("resources/manage/export.zip", views.export_tabular, name="export-tabular"),
    path("resources/intake-links/", views.intake_links, name="intake-links"),
    path(
        "resources/intake-links/<int:link_id>/revoke/",
        views.intake_link_revoke,
        name="intake-link-revoke",
    ),
    path("hand-offs/", views.hand_offs, name="hand-offs"),
    path("hospital-stays/", views.hospital_stays, name="hospital-stays"),
    path(
        "hospital-stays/<int:member_id>/",
        views.member_hospital_stays,
        name="member-hospital-stays",
    ),
    path("hand-offs/new/", views.hand_off_new, name="hand-off-new"),
    path("hand-offs/<int:hand_off_id>/", views.hand_off, name="hand-off"),
    path("hand-offs/<int:hand_off_id>/contact/", views.hand_off_contact, name="hand-off-contact"),
    path("hand-off/<str:token>/", views.hand_off_by_link, name="hand-off-by-link"),
    path("welcome/", views.welcome, name="welcome"),
    path("welcome/<str:uidb64>/<str:token>/", views.invite, name="invite"),
]
