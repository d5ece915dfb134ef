from django.urls import path

from . import views

app_name = "conversations"
urlpatterns = [
    path("conversations/", views.conversation_list, name="list"),
    path("conversations/<int:conversation_id>/", views.conversation, name="conversation"),
    path("conversations/<int:conversation_id>/send/", views.send, name="send"),
    path(
        "conversations/<int:conversation_id>/messages/<int:seq>/edit/",
        views.message_edit,
        name="message-edit",
    ),
    path(
        "conversations/<int:conversation_id>/messages/<int:seq>/delete/",
        views.message_delete,
        name="message-delete",
    ),
    path(
        "conversations/<int:conversation_id>/messages/<int:seq>/assessment/",
        views.message_assessment,
        name="message-assessment",
    ),
    path(
        "conversations/escalations/<int:escalation_id>/",
        views.under_escalation,
        name="under-escalation",
    ),
    path("conversations/<int:conversation_id>/end/", views.end, name="end"),
    path("conversations/<int:conversation_id>/leave/", views.leave, name="leave"),
    path("conversations/held/", views.held_messages, name="held"),
    path("conversations/settings/", views.program_settings, name="program-settings"),
    path("conversations/held/<int:message_id>/release/", views.held_release, name="held-release"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications-read"),
    path("notifications/settings/", views.notification_settings, name="notification-settings"),
]
