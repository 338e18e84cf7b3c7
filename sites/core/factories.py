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


def easy_read_points(*texts: str, picture=None, alt_text: str = "A person smiling") -> list:
    """StreamField data for an ``easy_read`` field: one point per text (lines split by
    newlines), each with a picture (a new one unless given) and its words."""
    return [
        (
            "point",
            {
                "text": text,
                "picture": picture or PictureFactory(),
                "alt_text": alt_text,
            },
        )
        for text in texts
    ]
