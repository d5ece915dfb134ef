from django.urls import path

from . import views

app_name = "records"

urlpatterns = [
    path("records/day/", views.day_page, name="day"),
    path("records/notes/", views.queue, name="queue"),
    path(
        "records/notes/start/<int:encounter_id>/<int:member_id>/",
        views.note_start,
        name="note-start",
    ),
    path("records/notes/<int:note_id>/", views.note, name="note"),
    path("records/notes/<int:note_id>/write/", views.note_write, name="note-write"),
    path(
        "records/notes/<int:note_id>/versions/<int:number>/",
        views.note_version,
        name="note-version",
    ),
    path("records/notes/<int:note_id>/addendum/", views.note_addendum, name="note-addendum"),
    path("records/notes/<int:note_id>/comment/", views.note_comment, name="note-comment"),
    path("records/notes/<int:note_id>/cosign/", views.note_cosign, name="note-cosign"),
    path("records/notes/<int:note_id>/return/", views.note_return, name="note-return"),
    path("records/mine/", views.my_notes, name="my-notes"),
    path("records/settings/", views.note_settings, name="settings"),
]
