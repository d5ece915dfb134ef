from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("supervision/", views.mine, name="mine"),
    path("supervision/sessions/<int:session_id>/", views.session, name="session"),
    path("supervision/log/", views.log, name="log"),
    path("supervision/practice/", views.practice, name="practice"),
    path("supervision/load/", views.load, name="load"),
    path("supervision/supporters/<int:supporter_id>/", views.supporter, name="supporter"),
    path("supervision/review/", views.queue, name="queue"),
    path("supervision/review/<int:item_id>/done/", views.review_done, name="review-done"),
    path("supervision/debriefs/<int:item_id>/", views.debrief, name="debrief"),
    path("supervision/talk-through/", views.talk, name="talk"),
    path("supervision/check-in/", views.check_in, name="check-in"),
    path("supervision/time-off/", views.time_off, name="time-off"),
    path("supervision/settings/", views.settings, name="settings"),
]
