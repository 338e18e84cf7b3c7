"""Django's password checks, saying what to do in the site's plain words.

Django's own messages ("This password is entirely numeric.") say what is wrong, not
what to do, and Django has no Somali catalogue, so a Somali reader got them in
English. The checks are Django's; only their messages are ours, so they are in
every language the site speaks (``AUTH_PASSWORD_VALIDATORS`` names these classes).
"""

from django.contrib.auth import password_validation as django_checks
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class MinimumLengthValidator(django_checks.MinimumLengthValidator):
    def get_error_message(self):
        return ngettext(
            "Use at least %(count)d character.",
            "Use at least %(count)d characters.",
            self.min_length,
        ) % {"count": self.min_length}


class CommonPasswordValidator(django_checks.CommonPasswordValidator):
    def get_error_message(self):
        return _("Many people use this password, so it is easy to guess. Choose another.")


class NumericPasswordValidator(django_checks.NumericPasswordValidator):
    def get_error_message(self):
        return _("Use some letters, not only numbers.")


class UserAttributeSimilarityValidator(django_checks.UserAttributeSimilarityValidator):
    def get_error_message(self):
        # Not Django's field name ("%(verbose_name)s"), which no catalogue of ours has:
        # members sign in with their email address, and staff accounts have names too.
        return _("It is too like your name or email address. Choose something else.")
