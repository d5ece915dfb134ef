from django.urls import path

from . import views

app_name = "scheduling"

urlpatterns = [
    path("sessions/", views.mine, name="mine"),
    path("sessions/book/", views.book, name="book"),
    path("sessions/week/", views.week, name="week"),
    path("sessions/hours/", views.hours, name="hours"),
    path(
        "sessions/hours/<str:kind>/<int:item_id>/remove/",
        views.hours_remove,
        name="hours-remove",
    ),
    path("sessions/arrange/", views.arrange, name="arrange"),
    path("sessions/settings/", views.program_settings, name="settings"),
    path("sessions/calendar/", views.calendar_page, name="calendar"),
    path("sessions/calendar/new/", views.calendar_new, name="calendar-new"),
    path("sessions/calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
    path("sessions/<int:session_id>/", views.session_page, name="session"),
    path("sessions/<int:session_id>/pick/", views.pick, name="session-pick"),
    path("sessions/<int:session_id>/cancel/", views.cancel, name="session-cancel"),
    path("sessions/<int:session_id>/move/", views.move, name="session-move"),
    path("sessions/<int:session_id>/held/", views.held, name="session-held"),
    path("sessions/<int:session_id>/missed/", views.missed, name="session-missed"),
]
