"""Announcements get an `updated_at` so API clients can sync what changed since a timestamp."""

import django.utils.timezone
from django.db import migrations, models


def copy_created_at(apps, schema_editor):
    """Existing entries last changed when they were entered, as far as anyone knows."""
    Announcement = apps.get_model("series", "Announcement")
    Announcement.objects.update(updated_at=models.F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("series", "0003_show_status"),
    ]

    operations = [
        migrations.AddField(
            model_name="announcement",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True,
                db_index=True,
                default=django.utils.timezone.now,
                help_text="When this entry last changed; API clients sync from it.",
                verbose_name="changed",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(copy_created_at, migrations.RunPython.noop),
    ]
