from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    path("report/<slug:kind>/<int:target_id>/", views.report, name="report"),
    path("report/thanks/", views.report_thanks, name="report-thanks"),
    path("moderation/", views.queue, name="queue"),
    path("moderation/reports/<int:report_id>/", views.report_detail, name="report-detail"),
    path("moderation/appeals/<int:appeal_id>/decide/", views.appeal_decide, name="appeal-decide"),
    path("moderation/holds/<int:hold_id>/decide/", views.hold_decide, name="hold-decide"),
    path("moderation/settings/", views.moderation_settings, name="settings"),
    path("notices/", views.notices, name="notices"),
    path("notices/<int:action_id>/appeal/", views.appeal, name="appeal"),
    path("blocked/", views.blocked, name="blocked"),
    path("blocked/<int:person_id>/block/", views.block, name="block"),
    path("blocked/<int:person_id>/unblock/", views.unblock, name="unblock"),
]
