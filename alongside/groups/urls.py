from django.urls import path

from . import views

app_name = "groups"
urlpatterns = [
    path("groups/", views.group_list, name="list"),
    path("groups/<int:group_id>/", views.group, name="group"),
    path("groups/<int:group_id>/join/", views.join, name="join"),
    path("groups/<int:group_id>/leave/", views.leave, name="leave"),
    path("groups/<int:group_id>/facilitate/", views.facilitate, name="facilitate"),
    path("groups/<int:group_id>/decide/", views.decide, name="decide"),
    path("groups/meetings/<int:meeting_id>/", views.meeting, name="meeting"),
    path("groups/meetings/<int:meeting_id>/room/", views.enter_room, name="enter-room"),
    path("groups/meetings/<int:meeting_id>/notes/", views.notes, name="notes"),
    path("groups/meetings/<int:meeting_id>/<slug:action>/", views.meeting_act, name="meeting-act"),
    path("groups/calendar/", views.calendar_page, name="calendar"),
    path("groups/calendar/new/", views.calendar_new, name="calendar-new"),
    path("groups/calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]
