"""A listing case keeps the listing's title, so it still says what it is about once the
listing or its report is deleted; cases opened before are given it from their report."""

from django.db import migrations, models


def keep_titles(apps, schema_editor):
    SafeguardingCase = apps.get_model("community", "SafeguardingCase")
    cases = SafeguardingCase.objects.filter(listing_report__isnull=False, listing_title="")
    for case in cases.select_related("listing_report__page", "listing_report__event"):
        report = case.listing_report
        listing = report.page if report.page_id else report.event
        case.listing_title = listing.title[:255]
        case.save(update_fields=["listing_title"])


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0013_safeguarding_case_listing_report"),
    ]

    operations = [
        migrations.AddField(
            model_name="safeguardingcase",
            name="listing_title",
            field=models.CharField(blank=True, max_length=255),
        ),
        migrations.RunPython(keep_titles, migrations.RunPython.noop),
    ]
