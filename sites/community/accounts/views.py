"""Member accounts on a borough's own host. Thin: the work is in services and selectors."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from wagtail.admin.views import account as wagtail_account

from sites.community.messaging import selectors as messaging
from sites.community.models import CommunitySettings
from sites.community.services import accounts, privacy
from sites.core.ratelimit import (
    RATE_LIMITS,
    RateLimited,
    attempt,
    attempt_with_message,
    attempts,
    limit,
    limit_address,
)
from sites.core.sign_in_views import RemembersBrowser, sign_in_by_link
from sites.directory.selectors import managed_organisations

from . import forms, password_forms, selectors

TEMPLATES = "community/accounts/"


@never_cache
def sign_up(request):
    """The same answer whether or not the address has an account (the email says which)."""
    if request.user.is_authenticated:
        return redirect("account")
    form = forms.SignUpForm(request.POST or None)
    status = _name_answer_held_back(request, form) if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        counted = attempt(
            form, lambda: accounts.limit_sends("sign-up", limit_address(request), email)
        )
        status = counted.status
        if counted.done:
            try:
                accounts.sign_up(
                    request.borough,
                    display_name=form.cleaned_data["display_name"],
                    email=form.cleaned_data["email"],
                    password=form.cleaned_data["password1"],
                    adult=form.cleaned_data["adult"],
                )
            except ValidationError as error:  # the name, taken since the form was checked
                form.add_error("display_name", error)
            else:
                return redirect("account-sign-up-sent")
    return render(request, TEMPLATES + "sign_up.html", {"form": form}, status=status)


def _name_answer_held_back(request, form) -> int:
    """Each "this name is taken" tells that someone here has the name: counted per
    address, and past the limit every name sent from it gets the same wait (taken or
    not, the form is not taken), so names cannot be tried one after another to learn who
    is a member. The status to answer: 429 when held back, else 200."""
    address = limit_address(request)
    most, _period = RATE_LIMITS["name-taken"]
    over = attempts("name-taken", address) >= most
    if not (over or form.has_error("display_name", "taken")):
        return 200
    try:
        limit("name-taken", address)
    except RateLimited as refused:
        form.errors.pop("display_name", None)
        form.add_error(None, refused)
        return 429
    return 200


def sign_up_sent(request):
    return render(request, TEMPLATES + "sign_up_sent.html")


@never_cache
def confirm_email(request, token):
    """Opening the link shows a "Confirm my email address" button; only pressing it (a
    POST) confirms. Mail scanners open links, and would otherwise confirm an address
    that someone else typed at sign-up without its owner doing anything."""
    template = TEMPLATES + "confirm_email.html"
    try:
        if request.method == "POST":
            user = accounts.confirm_email(request.borough, token)
            state = "confirmed"
        else:
            user = accounts.confirmation_user(request.borough, token)
            state = "already" if accounts.is_confirmed(user) else "ask"
    except accounts.ConfirmationError as error:
        return render(request, template, {"problem": error.reason}, status=400)
    context = {"problem": None, "state": state, "signed_in_as_them": request.user.pk == user.pk}
    return render(request, template, context)


@require_POST
@login_required
def resend_confirmation(request):
    if accounts.is_confirmed(request.user):
        messages.info(request, "Your email address is already confirmed.")
        return redirect("account")
    if not attempt_with_message(
        request, lambda: limit("confirm-resend-account", request.user.pk)
    ).done:
        return redirect("account")
    accounts.send_confirmation_email(request.borough, request.user)
    messages.success(
        request, _("We have sent the email again to %(email)s.") % {"email": request.user.email}
    )
    return redirect("account")


class SignInView(RemembersBrowser, auth_views.LoginView):
    template_name = TEMPLATES + "sign_in.html"
    link_template = TEMPLATES + "sign_in_link_sent.html"
    authentication_form = forms.SignInForm
    redirect_authenticated_user = True
    next_page = reverse_lazy("account")


class AdminSignInView(RemembersBrowser, wagtail_account.LoginView):
    """The Wagtail admin's sign-in; the emailed link's step shows as the form's error."""

    def get_form_class(self):
        return forms.AdminSignInForm


@never_cache
def sign_in_link(request, token):
    return sign_in_by_link(request, token, TEMPLATES + "sign_in_link.html", "account")


@never_cache
def sign_out(request):
    if request.method == "POST":
        logout(request)
        messages.success(request, _("You have signed out."))
        return redirect("login")
    if not request.user.is_authenticated:
        return redirect("login")
    return render(request, TEMPLATES + "sign_out.html")


class PasswordResetView(auth_views.PasswordResetView):
    template_name = TEMPLATES + "password_reset.html"
    form_class = password_forms.ResetPasswordForm
    success_url = reverse_lazy("account-password-reset-sent")

    def form_valid(self, form):
        self.extra_email_context = {"borough": getattr(self.request, "borough", None)}
        return limited_password_reset(self, form, super().form_valid)


class ConsolePasswordResetView(PasswordResetView):
    """The platform console's "I have forgotten my password" (connectdo/urls_public.py):
    the members' page, limit and answer, with the email from the platform. The console's
    URL names are the members' ones, so the same pages link within the console."""

    form_class = password_forms.ConsoleResetPasswordForm


def limited_password_reset(view, form, send):
    """Every password reset (members', the Wagtail admin's and the platform console's)
    shares one count (per borough, the console's in ``public``).

    The answer is the same whether or not the address has an account; only the email
    (sent to account holders alone) differs.
    """
    email = form.cleaned_data["email"]
    counted = attempt(
        form, lambda: accounts.limit_sends("password-reset", limit_address(view.request), email)
    )
    if not counted.done:
        return view.render_to_response(view.get_context_data(form=form), status=counted.status)
    return send(form)


class AdminPasswordResetView(wagtail_account.PasswordResetView):
    """The Wagtail admin's "Forgotten password?", with the members' reset limit and the
    members' email, sent from the borough and linking to its own address."""

    def get_form_class(self):
        return password_forms.AdminResetPasswordForm

    def form_valid(self, form):
        self.extra_email_context = {"borough": self.request.borough}
        return limited_password_reset(self, form, super().form_valid)


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = TEMPLATES + "password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = TEMPLATES + "password_reset_confirm.html"
    form_class = password_forms.NewPasswordForm
    success_url = reverse_lazy("account-password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = TEMPLATES + "password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = TEMPLATES + "password_change.html"
    form_class = password_forms.ChangePasswordForm
    success_url = reverse_lazy("account")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is changed."))
        return response


@never_cache
@login_required
def my_page(request):
    profile = accounts.ensure_profile(request.user)
    return render(
        request,
        TEMPLATES + "my_page.html",
        {
            "profile": profile,
            "confirmed": profile.email_confirmed_at is not None,
            "memberships": selectors.my_groups(request.user),
            "join_requests": selectors.my_join_requests(request.user),
            "attendances": selectors.my_upcoming_events(request.user),
            "things_to_do": selectors.things_to_do_for(profile),
            "groups_section": selectors.groups_section(),
            "conversations": messaging.my_page_conversations(request.user),
            "managed_organisations": managed_organisations(request.user),
        },
    )


@never_cache
@login_required
def edit_profile(request):
    profile = accounts.ensure_profile(request.user)
    form = forms.ProfileForm(request.POST or None, instance=profile)
    status = _name_answer_held_back(request, form) if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            form.save()
        except ValidationError as error:  # the name, taken since the form was checked
            form.add_error("display_name", error)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("account")
    return render(
        request,
        TEMPLATES + "edit_profile.html",
        {"form": form, "profile": profile},
        status=status,
    )


@never_cache
@login_required
def notifications(request):
    profile = accounts.ensure_profile(request.user)
    form = forms.NotificationsForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your email choices are saved."))
        return redirect("account")
    return render(request, TEMPLATES + "notifications.html", {"form": form})


@never_cache
@login_required
def download_my_data(request):
    data = privacy.export_member_data(request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    filename = f"connect-and-do-{request.borough.slug}-my-data.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
def delete_account(request):
    form = forms.DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Places they held at events go to the people waiting (and they are emailed).
        privacy.erase_member(request.user, borough=request.borough)
        logout(request)
        return redirect("account-deleted")
    policy = privacy.erasure_policy()
    return render(
        request,
        TEMPLATES + "delete_account.html",
        {
            "form": form,
            "posts_removed": policy == CommunitySettings.ErasurePolicy.REMOVE,
            "has_messages": messaging.conversations_of(request.user).exists(),
        },
    )


def account_deleted(request):
    return render(request, TEMPLATES + "account_deleted.html")


@never_cache
@login_required
def member_profile(request, pk):
    profile = selectors.visible_profile(request.user, pk)
    if profile is None:
        raise Http404("No such member")
    return render(
        request,
        TEMPLATES + "member_profile.html",
        {
            "profile": profile,
            "is_me": profile.user_id == request.user.pk,
            "interests": profile.interests.all() if profile.show_interests else None,
            "groups": selectors.profile_groups(profile) if profile.show_groups else None,
            "write_to_url": messaging.write_to_url(request.user, profile),
        },
    )
