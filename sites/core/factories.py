import datetime

import factory
import wagtail_factories

from django.utils import timezone

from .models import BrandingSettings, RateCount


class BrandingSettingsFactory(factory.django.DjangoModelFactory):
    site_name = factory.Sequence(lambda n: f"Connect & Do borough {n}")
    primary_colour = "#1d4f91"
    highlight_colour = "#ffdd00"
    contact_email = factory.Sequence(lambda n: f"team{n}@connectdo.example")
    contact_phone = "020 7946 0000"
    contact_hours = "Monday to Friday, 9am to 5pm"

    class Meta:
        model = BrandingSettings
        django_get_or_create = ("site",)


class RateCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RateCount

    key = factory.Sequence(lambda n: f"ratelimit:test:{n}")
    count = 1
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(hours=1))


class PictureFactory(wagtail_factories.ImageFactory):
    """A small generated picture, in the borough's own media (its schema's storage)."""

    title = factory.Sequence(lambda n: f"Picture {n}")
    file = factory.django.ImageField(width=640, height=360, color="teal")


def with_picture() -> factory.Trait:
    """``SomeFactory(with_picture=True)``: any listing with a picture and its words."""
    return factory.Trait(
        picture=factory.SubFactory(PictureFactory),
        picture_alt_text="People chatting around a table with cups of tea",
    )
