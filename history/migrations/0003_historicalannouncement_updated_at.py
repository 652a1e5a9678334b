"""The history of announcements records `updated_at` too (added for API syncing)."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("history", "0002_editors_history_permissions"),
        ("series", "0004_announcement_updated_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalannouncement",
            name="updated_at",
            field=models.DateTimeField(
                blank=True,
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When this entry last changed; API clients sync from it.",
                verbose_name="changed",
            ),
            preserve_default=False,
        ),
    ]
