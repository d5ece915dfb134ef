from django.urls import URLPattern, path

from . import views

app_name = "calls"

urlpatterns: list[URLPattern] = [
    path("calls/phone/", views.phone, name="phone"),
    path("calls/phone/start/", views.start, name="start"),
    path("calls/phone/<int:call_id>/end/", views.end, name="end"),
    path("calls/phone/<int:call_id>/set-end/", views.set_end, name="set-end"),
    path("calls/my-number/", views.number, name="number"),
    path("calls/video/<int:session_id>/", views.video, name="video"),
]
