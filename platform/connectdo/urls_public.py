"""The platform host: landing page, platform console, favicon and robots.txt (`/health/`
answers on every host, before routing: connectdo/observability.py).
Nothing of Wagtail."""

from django.contrib.auth import views as auth_views
from django.urls import path

from sites.community.accounts import views as account_views
from sites.connecting.impact import views as impact_views
from sites.core import views as core_views
from sites.core.sign_in_views import ConsoleSignInView, console_sign_in_link
from tenants import views

urlpatterns = [
    path("", views.landing, name="platform-landing"),
    path("console/", views.console_home, name="console-home"),
    path("console/launch/", views.console_launch, name="console-launch"),
    path("console/impact/", impact_views.console_report, name="console-impact"),
    path("console/impact/print/", impact_views.console_report, {"fmt": "print"}),
    path("console/impact/report.csv", impact_views.console_report, {"fmt": "csv"}),
    # The console's sign-in, with the email step for an account under attack
    # (sites/core/new_browsers.py, sites/core/sign_in_views.py).
    path("console/sign-in/", ConsoleSignInView.as_view(), name="login"),
    path("console/sign-in/link/<str:token>/", console_sign_in_link, name="console-sign-in-link"),
    # "I have forgotten my password": the members' reset pages and limit, with the email
    # from the platform (sites/community/accounts/views.py). Their URL names are the
    # members', so the same pages (and their links) serve here.
    path(
        "console/password/forgotten/",
        account_views.ConsolePasswordResetView.as_view(),
        name="account-password-reset",
    ),
    path(
        "console/password/forgotten/sent/",
        account_views.PasswordResetSentView.as_view(),
        name="account-password-reset-sent",
    ),
    path(
        "console/password/new/<uidb64>/<token>/",
        account_views.PasswordResetConfirmView.as_view(),
        name="account-password-reset-confirm",
    ),
    path(
        "console/password/new/done/",
        account_views.PasswordResetCompleteView.as_view(),
        name="account-password-reset-complete",
    ),
    # Back to the sign-in page (Django's default would render a template we do not have).
    path("console/sign-out/", auth_views.LogoutView.as_view(next_page="login"), name="logout"),
    path("robots.txt", core_views.robots_txt),
    path("favicon.svg", core_views.favicon, name="favicon"),
    path("favicon.ico", core_views.favicon_ico),
]

handler400 = "tenants.views.bad_request"
handler404 = "tenants.views.page_not_found"
handler500 = "tenants.views.server_error"
