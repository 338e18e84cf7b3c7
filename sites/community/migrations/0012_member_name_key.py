"""One name per account in a borough: MemberProfile.name_key, unique.

Existing names are keyed by the rule below (written out here rather than imported, so
this migration keeps meaning what it meant whatever ``sites/core/text.py`` becomes).
Where two accounts already share a name, the one who had it first keeps it; the others
keep their name on screen but no key (NULL, which the unique constraint allows), so they
are asked to choose another the next time they edit their profile. Nobody is renamed
without being asked.
"""

import unicodedata

from django.db import migrations, models

LOOK_ALIKES = str.maketrans(
    "авеѕіјкмнорстхуԁһԛԝαβεζηικμνορτυχ",
    "abesijkmhopctxydhqwabezhikmnoptyx",
)


BLANK_LETTERS = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u3164\uffa0"
    + "".join(chr(c) for c in range(0xFE00, 0xFE10))
    + "".join(chr(c) for c in range(0xE0100, 0xE01F0))
)


def name_key(value):
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", value).casefold())
    text = text.translate(LOOK_ALIKES)
    kept = "".join(
        ch if unicodedata.category(ch)[0] in "LMN" else " "
        for ch in text
        if unicodedata.category(ch)[0] != "C" and ch not in BLANK_LETTERS
    )
    return " ".join(kept.split())


def key_every_name(apps, schema_editor):
    MemberProfile = apps.get_model("community", "MemberProfile")
    taken = set()
    for profile in MemberProfile.objects.order_by("created_at", "pk").only("display_name"):
        key = name_key(profile.display_name) or None
        if key is None or key in taken:
            continue  # a later duplicate (or a name of nothing): no key, asked next time
        taken.add(key)
        MemberProfile.objects.filter(pk=profile.pk).update(name_key=key)


class Migration(migrations.Migration):

    dependencies = [
        ("community", "0011_member_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="memberprofile",
            name="name_key",
            field=models.TextField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(key_every_name, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="memberprofile",
            constraint=models.UniqueConstraint(fields=("name_key",), name="one_account_per_name"),
        ),
    ]
