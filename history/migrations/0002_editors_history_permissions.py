"""Let the Editors group read the history of the series data and revert from it.

Only view and change: history rows are written by the site, never added or deleted by hand.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.models import Q

EDITORS = "Editors"


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS)
    group.permissions.add(
        *Permission.objects.filter(
            Q(codename__startswith="view_historical")
            | Q(codename__startswith="change_historical"),
            content_type__app_label="history",
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=EDITORS).first()
    if group is not None:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="history"))


class Migration(migrations.Migration):
    dependencies = [
        ("history", "0001_initial"),
        ("series", "0002_editors_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
