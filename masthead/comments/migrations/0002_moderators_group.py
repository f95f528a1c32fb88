"""The "Moderators" group (the Held comments queue) and the editors' right to feature comments.

Permissions are created after migrations by Django; a data migration that hands them out makes
them now, for these apps, so a fresh install has the groups ready.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATORS = "Moderators"
EDITORS = "Editors"  # Wagtail's own group, made by its first migrations


def groups_create(apps, schema_editor):
    for label in ("comments",):  # wagtailadmin's access_admin comes from its own migration
        config = apps.get_app_config(label)
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permission(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    moderators, _created = Group.objects.get_or_create(name=MODERATORS)
    moderators.permissions.add(
        permission("wagtailadmin", "access_admin"),
        permission("comments", "moderate_comment"),
    )
    editors = Group.objects.filter(name=EDITORS).first()
    if editors is not None:
        editors.permissions.add(
            permission("comments", "feature_comment"),
            permission("comments", "add_communitystandard"),
            permission("comments", "change_communitystandard"),
            permission("comments", "delete_communitystandard"),
        )


def groups_remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=MODERATORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(groups_create, groups_remove)]
