"""Dates known to a quarter ("Q3 2027"), a third ("mid-2027") or a half ("H2 2027"), as
the trade press writes them: new precision choices. No stored row changes.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("follows", "0004_editors_without_delivery_logs"),
    ]

    operations = [
        migrations.AlterField(
            model_name="seasonstate",
            name="premiere_precision",
            field=models.CharField(
                choices=[
                    ("day", "Day"),
                    ("month", "Month"),
                    ("quarter", "Quarter (Q1 to Q4)"),
                    ("season", "Season of the year"),
                    ("segment", "Early, mid or late in the year"),
                    ("semester", "Half of the year (H1, H2)"),
                    ("year", "Year"),
                ],
                default="day",
                max_length=10,
                verbose_name="premiere precision",
            ),
        ),
    ]
