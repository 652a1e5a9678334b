"""Editors no longer see the follow worker's logs; those are for whoever runs the site.

Digests, mail deliveries, webhook deliveries and their attempts are written by the
worker and nothing in them is an editor's to act on: a refused address or a failing
webhook app is the operator's to fix. Without the view permissions the section leaves
the editors' menu, and superusers read the logs as before.
"""

from django.db import migrations

EDITORS = "Editors"
LOGS = ["digest", "change", "emaildelivery", "webhookdelivery", "webhookattempt"]


def log_permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(
        content_type__app_label="follows", codename__in=[f"view_{model}" for model in LOGS]
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=EDITORS).first()
    if group is not None:
        group.permissions.remove(*log_permissions(apps))


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=EDITORS).first()
    if group is not None:
        group.permissions.add(*log_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("follows", "0003_confirmation_mails_withdrawn_and_redacted_errors"),
    ]

    operations = [migrations.RunPython(revoke, grant)]
