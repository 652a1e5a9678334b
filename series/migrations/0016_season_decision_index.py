"""Seasons by decision, show and number: the admin's decision filters ("cancelled",
"awaiting decision", "made") read the seasons with that decision (2 to 5 % of them at
50,000 shows) instead of scanning every season or walking every show.

Numbered 0016 on its branch (issue 14, session 2); the lead renumbers at integration.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("series", "0015_show_status_published_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="season",
            index=models.Index(fields=["decision", "show", "number"], name="season_decision_idx"),
        ),
    ]
