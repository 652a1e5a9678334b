"""The pending seasons, by show and number: the admin's "awaiting decision" and "made"
filters read these few rows (2 % of seasons at 50,000 shows) instead of every show.

Numbered 0016 on its branch (issue 14, session 2); the lead renumbers at integration.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("series", "0012_pictures"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="season",
            index=models.Index(
                condition=models.Q(("decision", "pending")),
                fields=["show", "number"],
                name="season_pending_idx",
            ),
        ),
    ]
