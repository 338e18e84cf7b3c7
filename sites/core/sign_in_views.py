"""What every sign-in door's views share (the members' and Wagtail admin's sign-ins on a
borough's host, the platform console's): remembering the browser after a sign-in, the
email step's page, and signing in by the emailed link (``new_browsers.py``). The
console's own sign-in views are here too: ``tenants`` (which has the console) may not
import from ``sites``, so ``connectdo/urls_public.py`` routes to these."""

from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from tenants.forms import SignInForm

from . import known_browsers, new_browsers

CONSOLE_TEMPLATES = "tenants/console/"


class RemembersBrowser:
    """A sign-in view whose browser knows the account from now on (known_browsers.py);
    the right password for an account under attack, on a new browser, gets
    ``link_template`` ("we have emailed you a link") when there is one, else the form's
    own error."""

    link_template = None

    def form_valid(self, form):
        response = super().form_valid(form)
        known_browsers.remember_browser(self.request, response, form.get_user())
        return response

    def form_invalid(self, form):
        if self.link_template and new_browsers.stopped_for_email_step(form):
            return render(
                self.request,
                self.link_template,
                {
                    "link_minutes": new_browsers.LINK_MINUTES,
                    "step_message": new_browsers.email_step_message(),
                },
            )
        return super().form_invalid(form)


def sign_in_by_link(request, token, template: str, then: str):
    """The emailed "finish signing in" link. Opening it shows a button; only pressing it
    (a POST) signs in, since mail scanners open links. Works once, on the borough (or the
    console) it was made for; then ``then`` (a URL name)."""
    user = new_browsers.link_user(token)
    context = {
        "problem": user is None,
        "link_minutes": new_browsers.LINK_MINUTES,
        "account_email": getattr(user, "email", ""),  # the link was sent to it
    }
    if user is None:
        return render(request, template, context, status=400)
    if request.method != "POST":
        return render(request, template, context)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    response = redirect(then)
    known_browsers.remember_browser(request, response, user)
    return response


# --- The platform console ---------------------------------------------------------------------


class ConsoleSignInForm(new_browsers.NewBrowserCheck, SignInForm):
    """The console's sign-in, with the email step for an account under attack."""


class ConsoleSignInView(RemembersBrowser, auth_views.LoginView):
    template_name = CONSOLE_TEMPLATES + "sign_in.html"
    link_template = CONSOLE_TEMPLATES + "sign_in_link_sent.html"
    authentication_form = ConsoleSignInForm
    next_page = "console-home"  # without ?next=, the console (not Django's default)


@never_cache
def console_sign_in_link(request, token):
    return sign_in_by_link(request, token, CONSOLE_TEMPLATES + "sign_in_link.html", "console-home")
