"""My list, on borough hosts."""

from django.urls import path

from . import views

app_name = "mylist"

urlpatterns = [
    path("my-list/", views.my_list, name="list"),
    path("my-list/save/", views.save_item, name="save"),
    path("my-list/print/", views.print_list, name="print"),
    path("my-list/email/", views.email_list, name="email"),
    path("my-list/shared/<str:token>/", views.shared_list, name="shared"),
]
