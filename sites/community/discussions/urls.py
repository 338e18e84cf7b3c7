"""Community views outside the page tree (the rest are routes on the section pages).

Included in the borough URLconf as namespace "community"."""

from django.urls import path

from . import member_views

app_name = "community"

urlpatterns = [
    path("members/<int:pk>/report/", member_views.report_member, name="report-member"),
    path("members/<int:pk>/block/", member_views.block_member, name="block-member"),
    path("members/blocked/", member_views.blocked_members, name="blocked-members"),
    path(
        "members/blocked/<int:user_id>/unblock/",
        member_views.unblock_member,
        name="unblock-member",
    ),
    path("emails/unsubscribe/<str:token>/", member_views.unsubscribe, name="unsubscribe"),
]
