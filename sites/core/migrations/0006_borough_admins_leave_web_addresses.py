"""Borough admins no longer hold Wagtail's Site permissions (sites/core/permissions.py
PLATFORM_MODELS): a borough's web address is the platform's, set at launch and in the
console. Boroughs launched before lose them here, in every schema, at the next deploy."""

from django.db import migrations

BOROUGH_ADMINS = "Borough admins"  # sites.core.roles, as it was when this was written


def withdraw_site_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    site_permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore", content_type__model="site"
    )
    for group in Group.objects.filter(name=BOROUGH_ADMINS):
        group.permissions.remove(*site_permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_contact_phone_checked"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(withdraw_site_permissions, migrations.RunPython.noop)]
