"""Community Connecting's public pages, on borough hosts."""

from django.urls import path

from . import views

app_name = "connecting"

urlpatterns = [
    path("get-support/", views.get_support, name="get-support"),
    path("get-support/professional/", views.refer_someone, name="refer-someone"),
    path("get-support/thank-you/", views.thanks, name="thanks"),
    path("wellbeing/<str:token>/", views.questionnaire, name="questionnaire"),
]
