from django.urls import path

from . import views

app_name = "forums"

urlpatterns = [
    path("forums/", views.boards, name="boards"),
    path("forums/boards/<int:board_id>/", views.board, name="board"),
    path("forums/boards/<int:board_id>/new/", views.thread_new, name="thread-new"),
    path("forums/threads/<int:thread_id>/", views.thread, name="thread"),
    path("forums/threads/<int:thread_id>/reply/", views.reply, name="reply"),
    path("forums/threads/<int:thread_id>/follow/", views.follow, name="follow"),
    path("forums/posts/<int:post_id>/", views.post, name="post"),
    path("forums/posts/<int:post_id>/edit/", views.post_edit, name="post-edit"),
    path("forums/posts/<int:post_id>/react/", views.react, name="react"),
    path("forums/following/", views.following, name="following"),
    path("forums/search/", views.search, name="search"),
    path("forums/settings/", views.reader_settings, name="settings"),
]
