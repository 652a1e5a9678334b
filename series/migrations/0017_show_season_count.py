"""A stored, indexed season count per show: the admin's show list sorted by "seasons"
reads `show_season_count_idx` and stops after a page instead of counting every show's
seasons (125 ms on SQLite, 275 ms on PostgreSQL at 50,000 shows; BENCHMARKS.md).

The signals keep it true from here on (as they keep `status`); the backfill counts
once. Numbered 0017 on its branch (issue 14, session 3); the lead renumbers at
integration.
"""

from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce


def count_seasons(apps, schema_editor):
    Show = apps.get_model("series", "Show")
    Season = apps.get_model("series", "Season")
    counts = (
        Season.objects.filter(show=OuterRef("pk"))
        .order_by()
        .values("show")
        .annotate(total=Count("pk"))
        .values("total")
    )
    Show.objects.update(season_count=Coalesce(Subquery(counts), 0))


class Migration(migrations.Migration):
    dependencies = [
        ("series", "0016_season_decision_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="show",
            name="season_count",
            field=models.PositiveIntegerField(
                default=0,
                editable=False,
                help_text="How many seasons the show has: the admin's sortable column and the "
                "listings' count. Derived with the status on every change.",
                verbose_name="seasons",
            ),
        ),
        migrations.RunPython(count_seasons, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="show",
            index=models.Index(fields=["season_count", "id"], name="show_season_count_idx"),
        ),
    ]
