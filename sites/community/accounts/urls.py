"""Member accounts at /account/..., members' profile pages at /members/<id>/.

Not namespaced: "login" and "logout" are the names Django (LOGIN_URL) and other apps
expect, so ``login_required`` anywhere on a borough host leads here.
"""

from django.urls import path

from . import views

urlpatterns = [
    path("account/", views.my_page, name="account"),
    path("account/sign-up/", views.sign_up, name="account-sign-up"),
    path("account/sign-up/sent/", views.sign_up_sent, name="account-sign-up-sent"),
    path("account/confirm/send-again/", views.resend_confirmation, name="account-confirm-resend"),
    path("account/confirm/<str:token>/", views.confirm_email, name="account-confirm"),
    path("account/sign-in/", views.SignInView.as_view(), name="login"),
    path("account/sign-in/link/<str:token>/", views.sign_in_link, name="account-sign-in-link"),
    path("account/sign-out/", views.sign_out, name="logout"),
    path(
        "account/password/forgotten/",
        views.PasswordResetView.as_view(),
        name="account-password-reset",
    ),
    path(
        "account/password/forgotten/sent/",
        views.PasswordResetSentView.as_view(),
        name="account-password-reset-sent",
    ),
    path(
        "account/password/new/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="account-password-reset-confirm",
    ),
    path(
        "account/password/new/done/",
        views.PasswordResetCompleteView.as_view(),
        name="account-password-reset-complete",
    ),
    path("account/password/", views.PasswordChangeView.as_view(), name="account-password-change"),
    path("account/profile/", views.edit_profile, name="account-profile"),
    path("account/emails/", views.notifications, name="account-notifications"),
    path("account/my-data/", views.download_my_data, name="account-my-data"),
    path("account/delete/", views.delete_account, name="account-delete"),
    path("account/deleted/", views.account_deleted, name="account-deleted"),
    path("members/<int:pk>/", views.member_profile, name="member-profile"),
]
