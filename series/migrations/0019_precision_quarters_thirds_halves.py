"""Dates known to a quarter ("Q3 2027"), a third ("mid-2027") or a half ("H2 2027"), as
the trade press writes them: new precision choices, and the checks that allow them.

Only the choices (and the named checks listing them) change; no stored row does.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('series', '0018_show_imdb_id_format'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='announcement',
            name='announcement_precision_valid',
        ),
        migrations.RemoveConstraint(
            model_name='season',
            name='season_precision_valid',
        ),
        migrations.AlterField(
            model_name='announcement',
            name='announced_precision',
            field=models.CharField(choices=[('day', 'Day'), ('month', 'Month'), ('quarter', 'Quarter (Q1 to Q4)'), ('season', 'Season of the year'), ('segment', 'Early, mid or late in the year'), ('semester', 'Half of the year (H1, H2)'), ('year', 'Year')], default='day', max_length=10, verbose_name='precision'),
        ),
        migrations.AlterField(
            model_name='criticscore',
            name='retrieved_precision',
            field=models.CharField(choices=[('day', 'Day'), ('month', 'Month'), ('quarter', 'Quarter (Q1 to Q4)'), ('season', 'Season of the year'), ('segment', 'Early, mid or late in the year'), ('semester', 'Half of the year (H1, H2)'), ('year', 'Year')], default='day', max_length=10, verbose_name='precision'),
        ),
        migrations.AlterField(
            model_name='season',
            name='finale_precision',
            field=models.CharField(choices=[('day', 'Day'), ('month', 'Month'), ('quarter', 'Quarter (Q1 to Q4)'), ('season', 'Season of the year'), ('segment', 'Early, mid or late in the year'), ('semester', 'Half of the year (H1, H2)'), ('year', 'Year')], default='day', max_length=10, verbose_name='finale precision'),
        ),
        migrations.AlterField(
            model_name='season',
            name='premiere_precision',
            field=models.CharField(choices=[('day', 'Day'), ('month', 'Month'), ('quarter', 'Quarter (Q1 to Q4)'), ('season', 'Season of the year'), ('segment', 'Early, mid or late in the year'), ('semester', 'Half of the year (H1, H2)'), ('year', 'Year')], default='day', max_length=10, verbose_name='premiere precision'),
        ),
        migrations.AddConstraint(
            model_name='announcement',
            constraint=models.CheckConstraint(condition=models.Q(('announced_precision__in', ['day', 'month', 'quarter', 'season', 'segment', 'semester', 'year'])), name='announcement_precision_valid'),
        ),
        migrations.AddConstraint(
            model_name='season',
            constraint=models.CheckConstraint(condition=models.Q(('premiere_precision__in', ['day', 'month', 'quarter', 'season', 'segment', 'semester', 'year']), ('finale_precision__in', ['day', 'month', 'quarter', 'season', 'segment', 'semester', 'year'])), name='season_precision_valid'),
        ),
    ]
