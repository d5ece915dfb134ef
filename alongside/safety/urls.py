from django.urls import path

from . import views

app_name = "safety"
urlpatterns = [
    path("safety/", views.dashboard, name="dashboard"),
    path("safety/escalations/<int:escalation_id>/", views.escalation, name="escalation"),
    path(
        "safety/escalations/<int:escalation_id>/acknowledge/",
        views.acknowledge,
        name="acknowledge",
    ),
    path("safety/escalations/<int:escalation_id>/note/", views.note, name="note"),
    path("safety/escalations/<int:escalation_id>/resolve/", views.resolve, name="resolve"),
    path("safety/escalations/<int:escalation_id>/seen/", views.seen, name="seen"),
    path(
        "safety/escalations/<int:escalation_id>/assessment/",
        views.assessment,
        name="assessment",
    ),
    path("safety/alerts/", views.alerts, name="alerts"),
    path("safety/on-call/", views.on_call, name="on-call"),
    path("safety/settings/", views.safety_settings, name="settings"),
    path("safety/talk-now/", views.talk_now, name="talk-now"),
]
