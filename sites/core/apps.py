from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sites.core"
    label = "core"
    verbose_name = "Borough site core"

    def ready(self):
        from django.conf import settings
        from django.contrib.auth.signals import user_logged_in
        from django.db import models

        from wagtail.admin.forms.models import register_form_field_override
        from wagtail.fields import StreamField
        from wagtail.signals import copy_for_translation_done

        from search.registry import register_vocabulary_cache

        from . import doors, numbers, permissions, signals, site_cache  # noqa: F401
        from .languages.catalogs import drop_empty_fallbacks
        from .stream_forms import WholeStreamField

        # Every admin form's number box says its real lowest and highest value at once.
        register_form_field_override(models.IntegerField, override=numbers.form_limits)
        # A StreamField sent in part is a form error, not a server error.
        register_form_field_override(StreamField, override={"form_class": WholeStreamField})

        user_logged_in.connect(doors.forget_failures_on_success, dispatch_uid="doors-success")
        # Every search's everyday words, kept as the site's menus are (signals.py refreshes).
        register_vocabulary_cache(lambda name, read: site_cache.cached(None, name, read))
        # English strings are looked up in one catalog, not six (languages/catalogs.py).
        drop_empty_fallbacks(settings.LANGUAGE_CODE)
        copy_for_translation_done.connect(
            permissions.grant_on_translated_home, dispatch_uid="translated-home-permissions"
        )
