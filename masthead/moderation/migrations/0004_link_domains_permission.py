"""The "Moderators" group may keep the trusted and blocked link domains in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATORS = "Moderators"
CODENAMES = ("change_linkdomain",)


def permissions_grant(apps, schema_editor):
    config = apps.get_app_config("moderation")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    moderators, _created = Group.objects.get_or_create(name=MODERATORS)
    moderators.permissions.add(
        *Permission.objects.filter(content_type__app_label="moderation", codename__in=CODENAMES)
    )


def permissions_revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=MODERATORS):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="moderation", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [("moderation", "0003_link_domains")]

    operations = [migrations.RunPython(permissions_grant, permissions_revoke)]
