"""The email telling an address it already has an account is written in the language
its member chose, whatever the language of the sign-up page someone used.

Polish is recognised by words the Polish catalogue already has ("Dzień dobry," for
"Hello,")."""

import pytest

from django.core import mail

from tests.conftest import client_for, inside

from .conftest import human, make_member
from .test_accounts import sign_up_data

pytestmark = pytest.mark.django_db


def test_signing_up_again_tells_a_polish_member_in_polish(lambeth):
    member = make_member(lambeth, language="pl")
    response = client_for(lambeth).post(
        "/account/sign-up/", sign_up_data(email=member.email)
    )  # the English page
    assert response.status_code == 302
    [told] = mail.outbox
    assert told.to == [member.email]
    assert told.body.startswith("Dzień dobry,\n")
    assert "/account/sign-in/" in told.body and "/account/password/forgotten/" in told.body


def test_signing_up_again_tells_an_english_member_in_english(lambeth):
    member = make_member(lambeth, language="en-gb")
    client_for(lambeth).post("/account/sign-up/", sign_up_data(email=member.email))
    [told] = mail.outbox
    assert told.body.startswith("Hello,\n")
    assert "You already have an account" in told.subject


def staff_without_profile(lambeth, email, preferred_language):
    from django.contrib.auth import get_user_model

    from wagtail.users.models import UserProfile

    with inside(lambeth):
        user = get_user_model().objects.create_user(email, email, "a-password-77")
        UserProfile.get_for_user(user)
        UserProfile.objects.filter(user=user).update(preferred_language=preferred_language)
    return user


def test_a_staff_account_without_a_profile_gets_its_reset_in_its_admin_language(lambeth):
    staff = staff_without_profile(lambeth, "editor-pl@lambeth.example.org", "pl")
    response = client_for(lambeth).post(  # the English page
        "/account/password/forgotten/", human({"email": staff.email})
    )
    assert response.status_code == 302
    [reset] = mail.outbox
    assert reset.to == [staff.email]
    assert reset.body.startswith("Dzień dobry,\n")


def test_a_staff_account_without_a_preference_gets_its_reset_in_english(lambeth):
    staff = staff_without_profile(lambeth, "editor-en@lambeth.example.org", "")
    client_for(lambeth).post("/account/password/forgotten/", human({"email": staff.email}))
    [reset] = mail.outbox
    assert reset.body.startswith("Hello,\n")
