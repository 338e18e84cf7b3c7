"""What is typed about a person in a referral is encrypted in the table, like coaching
notes, and still reads as typed in the admin, where the team's email leads."""

import importlib
import re
from types import SimpleNamespace

import pytest

from django.apps import apps
from django.core import mail
from django.db import connection

from sites.connecting.models import Referral
from tests.conftest import client_for, inside

from .coaching import signed_in
from .test_public_forms import PRO_URL, pro_data, team_lead  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

WORDS = {
    "contact_detail": "07700 900777",
    "help_wanted": "Wants to find a choir near Brixton",
    "support_needed": "Needs a hearing loop",
    "reason": "Lost her husband Bartholomew in March",
}
MIGRATION = importlib.import_module("sites.connecting.migrations.0013_encrypt_referral_free_text")


def raw(pk: int) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(WORDS)} FROM connecting_referral WHERE id = %s",  # noqa: S608
            [pk],
        )
        return dict(zip(WORDS, cursor.fetchone(), strict=True))


def test_the_words_are_ciphertext_in_the_table_and_plain_in_the_admin(lambeth, team_lead):  # noqa: F811
    response = client_for(lambeth).post(PRO_URL, pro_data(**WORDS))
    assert response.status_code == 302
    with inside(lambeth):
        [referral] = Referral.objects.all()
        stored = raw(referral.pk)
    for name, typed in WORDS.items():
        assert stored[name].startswith("gAAAAA"), name
        for word in typed.split():
            if len(word) > 4:  # a short one ("a") can turn up in any ciphertext
                assert word not in stored[name], (name, word)
        assert getattr(referral, name) == typed
    # The team's email leads to the referral in the admin, which shows the words.
    [team] = [m for m in mail.outbox if m.to == [team_lead.email]]
    link = re.search(r"https?://[^/\s]+(/admin/referrals/edit/\d+/)", team.body).group(1)
    page = signed_in(lambeth, team_lead).get(link).content.decode()
    for typed in WORDS.values():
        assert typed in page, typed
    # Sent again at once (a double click), it is still the same referral.
    assert client_for(lambeth).post(PRO_URL, pro_data(**WORDS)).status_code == 302
    with inside(lambeth):
        assert Referral.objects.count() == 1


def test_the_migration_encrypts_existing_rows_and_going_back_decrypts_them(lambeth):
    from sites.connecting.factories import ReferralFactory

    editor = SimpleNamespace(connection=connection)
    with inside(lambeth):
        referral = ReferralFactory(professional=True)
        sets = ", ".join(f"{name} = %s" for name in WORDS)
        with connection.cursor() as cursor:  # as a row written before the migration
            cursor.execute(
                f"UPDATE connecting_referral SET {sets} WHERE id = %s",  # noqa: S608
                [*WORDS.values(), referral.pk],
            )
        MIGRATION.encrypt_rows(apps, editor)
        encrypted = raw(referral.pk)
        assert all(value.startswith("gAAAAA") for value in encrypted.values())
        referral = Referral.objects.get(pk=referral.pk)
        assert {name: getattr(referral, name) for name in WORDS} == WORDS
        MIGRATION.encrypt_rows(apps, editor)
        assert raw(referral.pk) == encrypted, "run twice, nothing is encrypted twice"
        MIGRATION.decrypt_rows(apps, editor)
        assert raw(referral.pk) == WORDS
