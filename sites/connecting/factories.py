"""Factories for Community Connecting (tests and demo data)."""

import factory
from factory.django import DjangoModelFactory

from .models import Referral


class ReferralFactory(DjangoModelFactory):
    class Meta:
        model = Referral

    kind = Referral.Kind.SELF
    first_name = factory.Faker("first_name", locale="en_GB")
    contact_method = Referral.ContactMethod.PHONE
    contact_detail = "07700 900123"
    contact_times = "Weekday mornings"
    postcode_district = "SE11"
    help_wanted = "I would like to meet people and get out more."
    consent = True

    class Params:
        professional = factory.Trait(
            kind=Referral.Kind.PROFESSIONAL,
            referrer_name=factory.Faker("name", locale="en_GB"),
            referrer_role="GP",
            referrer_organisation="Kennington Health Centre",
            referrer_email="gp@nhs.example.org",
            reason="Lives alone since a bereavement and rarely goes out.",
            person_agreed=True,
        )
