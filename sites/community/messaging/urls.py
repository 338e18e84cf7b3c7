"""Private messages: /messages/... on a borough's host (namespace "messaging")."""

from django.urls import path

from . import views

app_name = "messaging"

urlpatterns = [
    path("messages/", views.inbox, name="inbox"),
    path("messages/new/<int:profile_id>/", views.new_conversation, name="new"),
    path("messages/<int:conversation_id>/", views.conversation, name="conversation"),
    path("messages/<int:conversation_id>/block/", views.block, name="block"),
    path(
        "messages/<int:conversation_id>/report/<int:message_id>/",
        views.report_message,
        name="report",
    ),
]
