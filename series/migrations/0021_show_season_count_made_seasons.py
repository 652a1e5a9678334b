"""A show's stored season count now counts its made seasons only (`status.made_seasons`):
a season cancelled before it aired, or one still awaiting a decision, is not one of the
show's seasons, so Spinning Out has 1 season, not 2.

The saves keep it true from here on (`derive.derived_show_fields`); this re-derives it
once for every show, with the same pure rule, as of the day it runs.
"""

from collections import defaultdict

from django.db import migrations, models
from django.utils import timezone

from series.fuzzy import FuzzyDate
from series.status import SeasonState, made_seasons

CHUNK = 2000


def fuzzy(day, precision):
    return FuzzyDate(day, precision) if day is not None else None


def count_made_seasons(apps, schema_editor):
    Show = apps.get_model("series", "Show")
    Season = apps.get_model("series", "Season")
    using = schema_editor.connection.alias
    today = timezone.localdate()
    states = defaultdict(list)
    rows = (
        Season.objects.using(using)
        .order_by()
        .values_list(
            "show_id",
            "number",
            "decision",
            "premiere_date",
            "premiere_precision",
            "finale_date",
            "finale_precision",
        )
    )
    for show_id, number, decision, premiere, p_precision, finale, f_precision in rows.iterator():
        states[show_id].append(
            SeasonState(number, decision, fuzzy(premiere, p_precision), fuzzy(finale, f_precision))
        )
    stale = []
    for show in Show.objects.using(using).only("season_count").order_by("pk").iterator():
        count = len(made_seasons(states[show.pk], today))
        if count != show.season_count:
            show.season_count = count
            stale.append(show)
    Show.objects.using(using).bulk_update(stale, ["season_count"], batch_size=CHUNK)


class Migration(migrations.Migration):
    dependencies = [
        ("series", "0020_season_premiere_order_index"),
    ]

    operations = [
        migrations.AlterField(
            model_name="show",
            name="season_count",
            field=models.PositiveIntegerField(
                default=0,
                editable=False,
                help_text="How many seasons the show has made (a season cancelled before it "
                "aired or awaiting a decision is not counted): the admin's sortable column and "
                "the listings' count. Derived with the status on every change.",
                verbose_name="seasons",
            ),
        ),
        migrations.RunPython(count_made_seasons, migrations.RunPython.noop, elidable=True),
    ]
