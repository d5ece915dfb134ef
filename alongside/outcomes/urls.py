from django.urls import path

from . import views

app_name = "outcomes"
urlpatterns = [
    path("check-in/", views.check_in, name="check-in"),
    path("questionnaires/", views.questionnaires, name="questionnaires"),
    path("questionnaires/<str:code>/", views.questionnaire, name="questionnaire"),
    path("results/<int:response_id>/", views.response, name="response"),
    path("trends/", views.trends, name="trends"),
    path("trends/shared/", views.shared_list, name="shared-list"),
    path("trends/people/<int:member_id>/", views.member_trends, name="member-trends"),
    path("program/questionnaires/", views.schedules, name="schedules"),
    path(
        "program/questionnaires/<int:schedule_id>/stop/",
        views.schedule_stop,
        name="schedule-stop",
    ),
]
