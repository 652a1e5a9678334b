"""Editors may read the delivery logs; every existing season starts as already announced.

Editors get view permission on digests, changes and deliveries, and nothing on followers
(their addresses) or webhook endpoints (their secrets). Each season gets its state as
it is now, so followers hear only of what changes from here on.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.utils import timezone

EDITORS = "Editors"
READABLE = ["digest", "change", "emaildelivery", "webhookdelivery", "webhookattempt"]


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
            content_type__app_label="follows",
            codename__in=[f"view_{model}" for model in READABLE],
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=EDITORS).first()
    if group is not None:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="follows"))


def start_states(apps, schema_editor):
    from series.fuzzy import FuzzyDate

    Season = apps.get_model("series", "Season")
    SeasonState = apps.get_model("follows", "SeasonState")
    today = timezone.localdate()
    rows = []
    for season in Season.objects.values(
        "pk", "decision", "premiere_date", "premiere_precision"
    ).iterator(chunk_size=2000):
        premiere = season["premiere_date"]
        premiered = premiere is not None and FuzzyDate(
            premiere, season["premiere_precision"]
        ).has_arrived(today)
        rows.append(
            SeasonState(
                season_id=season["pk"],
                decision=season["decision"],
                premiere_date=premiere,
                premiere_precision=season["premiere_precision"],
                premiered=premiered,
            )
        )
    SeasonState.objects.bulk_create(rows, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("follows", "0001_initial"),
        ("series", "0002_editors_group"),
    ]

    operations = [
        migrations.RunPython(grant, revoke),
        migrations.RunPython(start_states, migrations.RunPython.noop),
    ]
