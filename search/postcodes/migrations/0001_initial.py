from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Postcode",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("postcode", models.CharField(help_text="Such as 'SW9 8LF'.", max_length=8, unique=True)),
                ("district", models.CharField(db_index=True, help_text="Such as 'SW9'.", max_length=4)),
                ("latitude", models.FloatField()),
                ("longitude", models.FloatField()),
            ],
        ),
        migrations.CreateModel(
            name="PostcodeDistrict",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("district", models.CharField(max_length=4, unique=True)),
                ("latitude", models.FloatField()),
                ("longitude", models.FloatField()),
                (
                    "postcodes",
                    models.PositiveIntegerField(
                        default=0,
                        help_text="How many postcodes this centre is the average of; 0 for an approximate centre from the bundled demo file.",
                    ),
                ),
            ],
        ),
    ]
