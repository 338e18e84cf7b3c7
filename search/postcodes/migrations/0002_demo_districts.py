"""The approximate centres of the demo boroughs' postcode districts (see data/README.md).

Loading the ONS directory later replaces each with the average of its real postcodes.
"""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "demo_districts.csv"


def load(apps, schema_editor):
    PostcodeDistrict = apps.get_model("postcodes", "PostcodeDistrict")
    with DATA.open(encoding="utf-8", newline="") as lines:
        for row in csv.DictReader(lines):
            PostcodeDistrict.objects.get_or_create(
                district=row["pcds"].strip().upper(),
                defaults={"latitude": float(row["lat"]), "longitude": float(row["long"])},
            )


class Migration(migrations.Migration):
    dependencies = [("postcodes", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
