"""The search index (series/search/) and the indexes the admin's lists sort and filter by.

The search index is FTS5 trigram tables on SQLite and pg_trgm GIN indexes on PostgreSQL:
neither is a model index, so the autodetector never sees them; each half is a no-op on
the other database.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

from series import search

# Frozen here: what this migration indexes, whatever search.INDEXED says later.
TABLES = {
    "series_show": ["title", "imdb_id", "tmdb_id", "tvmaze_id"],
    "series_person": ["name", "imdb_id", "tmdb_id", "tvmaze_id"],
    "series_season": ["title"],
    "series_announcement": ["source_name", "summary"],
    "series_castcredit": ["character_name"],
}


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        for table, fields in TABLES.items():
            if vendor == "sqlite":
                search.create_sqlite_index(cursor, table, fields)
            elif vendor == "postgresql":
                search.create_postgres_index(cursor, table, fields)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        for table, fields in TABLES.items():
            if vendor == "sqlite":
                search.drop_sqlite_index(cursor, table, fields)
            elif vendor == "postgresql":
                search.drop_postgres_index(cursor, table, fields)


class Migration(migrations.Migration):
    dependencies = [
        ("series", "0010_announcement_timeline_index"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create, drop, elidable=False),
        migrations.AddIndex(
            model_name="announcement",
            index=models.Index(
                fields=["decision", "announced_date", "announced_precision", "id"],
                name="announcement_decision_date_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["name", "id"], name="person_name_idx"),
        ),
        migrations.AddIndex(
            model_name="show",
            index=models.Index(fields=["updated_at", "id"], name="show_updated_idx"),
        ),
        migrations.AddIndex(
            model_name="castcredit",
            index=models.Index(fields=["role"], name="castcredit_role_idx"),
        ),
        migrations.AddIndex(
            model_name="criticscore",
            index=models.Index(fields=["aggregator"], name="criticscore_aggregator_idx"),
        ),
    ]
