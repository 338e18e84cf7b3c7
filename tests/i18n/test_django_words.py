"""Django's own words reach every reader in their language (sites/core/languages/
django_words.py, sites/core/passwords.py): Django has no Somali, so a Somali reader got
"This password is too common." and "12 December" in English."""

import datetime

import pytest

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils import dateformat, translation

from sites.core.antispam import human_check_data
from tests.conftest import client_for
from tests.i18n.helpers import offer

from .test_catalogues import TRANSLATED


def password_problems(password: str) -> list[str]:
    try:
        password_validation.validate_password(password)
    except ValidationError as error:
        return list(error.messages)
    return []


def words_readers_meet() -> list[str]:
    return [
        *password_problems("12345678"),
        *password_problems("abc"),
        str(forms.CharField().error_messages["required"]),
        str(forms.DateField().error_messages["invalid"]),
        dateformat.format(datetime.date(2026, 11, 25), "j E Y"),
        dateformat.format(datetime.date(2026, 12, 12), "F"),
    ]


@pytest.mark.parametrize("language", TRANSLATED)
def test_djangos_messages_and_months_are_in_each_language(language):
    with translation.override("en-gb"):
        english = words_readers_meet()
    with translation.override(language):
        theirs = words_readers_meet()

    assert english[:3] == [
        "Many people use this password, so it is easy to guess. Choose another.",
        "Use some letters, not only numbers.",
        "Use at least 8 characters.",
    ]
    assert len(theirs) == len(english)
    for their_words, english_words in zip(theirs, english, strict=True):
        assert their_words != english_words
    assert "November" not in theirs[-2] and "December" not in theirs[-1]


def test_a_somali_reader_signing_up_is_told_about_their_password_in_somali(lambeth):
    offer(lambeth, "so")
    response = client_for(lambeth).post(
        "/so/account/sign-up/",
        {
            "display_name": "Cabdi",
            "email": "cabdi@example.org",
            "password1": "12345678",
            "password2": "12345678",
            "adult": "on",
            "house_rules": "on",
            **human_check_data(),
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Isticmaal xarfo, ha isticmaalin tirooyin keliya." in html
    assert "numbers" not in html and "too common" not in html
