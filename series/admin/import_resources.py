"""The django-import-export resources of the facts: how a file's rows map to records.

Rows name records by natural keys only (a show's slug, a season's show slug and
number, a person's slug), never database ids, so a file moves between databases.
Dates are one column each, written as editors type them (`2027-09-14`, `Fall 2027`).
A confirmed import saves each change through the model, in one transaction and one
batch, so history records who imported it and the derived decisions, statuses and
page caches follow; a preview saves nothing.
"""

import copy
import re

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Model
from import_export import fields, resources, widgets

from series import derive
from series.fuzzy import FuzzyDate, UnreadableDate
from series.models import (
    Announcement,
    CastCredit,
    CrewCredit,
    CriticScore,
    Genre,
    Network,
    Person,
    Season,
    Show,
)

from .import_preview import WholeValueDiff, preview_of
from .import_widgets import NamesWidget, NameWidget, YesNoWidget


class MissingColumns(ValueError):
    """The file lacks a column that names the records (its message is for editors)."""


STORED_CHUNK = 500  # values in one IN (...), well below SQLite's variable limit


def lookup_key(lookup):
    """A natural key lookup as a stored record's attribute values (related records as ids)."""
    return tuple(value.pk if isinstance(value, Model) else value for value in lookup.values())


def without(mapping, *keys):
    return {key: value for key, value in mapping.items() if key not in keys}


class FuzzyDateWidget(widgets.Widget):
    """A date column at its precision: "2027-09-14", "2027-09", "Fall 2027", "2027"."""

    def clean(self, value, row=None, **kwargs):
        try:
            return FuzzyDate.parse(str(value) if value is not None else "")
        except UnreadableDate as error:
            raise ValueError(str(error)) from None

    def render(self, value, obj=None, **kwargs):
        return value.as_input() if value else ""


class RememberingWidget(widgets.ForeignKeyWidget):
    """Looks each related record up once per import, not once per row and column (a
    resource copies its widgets for each import, so nothing is remembered longer)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.found = {}

    def get_instance_by_lookup_fields(self, value, row, **kwargs):
        key = tuple(sorted(self.get_lookup_kwargs(value, row, **kwargs).items(), key=str))
        if key not in self.found:
            try:
                self.found[key] = super().get_instance_by_lookup_fields(value, row, **kwargs)
            except ObjectDoesNotExist as error:
                self.found[key] = error
        if isinstance(self.found[key], Exception):
            raise self.found[key]
        return self.found[key]


class SlugWidget(RememberingWidget):
    """A related record named by its slug; an unknown slug is a row error that says so."""

    def __init__(self, model):
        super().__init__(model, field="slug")

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except ObjectDoesNotExist:
            raise ValueError(
                f"No {self.model._meta.verbose_name} has the slug “{value}”."
            ) from None


class SeasonWidget(RememberingWidget):
    """A season named by the row's `show` slug and this column's number."""

    def __init__(self):
        super().__init__(Season, field="number")

    def get_lookup_kwargs(self, value, row, **kwargs):
        return {"show__slug": (row or {}).get("show"), "number": value}

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except (ObjectDoesNotExist, ValueError):
            show = (row or {}).get("show")
            raise ValueError(f"Show “{show}” has no season “{value}”.") from None

    def render(self, value, obj=None, **kwargs):
        return value.number if value else ""


def show_column(attribute="show"):
    return fields.Field(attribute=attribute, column_name="show", widget=SlugWidget(Show))


def season_columns():
    """`show` (slug, read from the season on export) and `season` (its number)."""
    return (
        fields.Field(attribute="season__show__slug", column_name="show", readonly=True),
        fields.Field(attribute="season", column_name="season", widget=SeasonWidget()),
    )


def date_column(attribute, column_name=None):
    return fields.Field(
        attribute=attribute, column_name=column_name or attribute, widget=FuzzyDateWidget()
    )


def import_reason(file_name, job_id):
    """The change reason of an import's history rows; the job's number groups them
    (history/recent_changes.py reads it back with `IMPORT_REASON`)."""
    reason = f"Imported from {file_name}" if file_name else "Imported"
    return f"{reason} (import {job_id})" if job_id is not None else reason


class NaturalKeyResource(resources.ModelResource):
    """Finds the existing record by its natural key columns; notes who imported what;
    refuses a file that names one record in two rows."""

    @classmethod
    def get_diff_class(cls):
        return WholeValueDiff

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.key_rows = {}

    def before_import_row(self, row, **kwargs):
        """A record named twice is an error on the later row, naming both: otherwise the
        later row silently wins, and the earlier one previews an update of a record that
        does not exist yet."""
        super().before_import_row(row, **kwargs)
        self.current_row = row  # for the preview's many-to-many values (import_preview)
        lookup = self.natural_key_lookup(row)
        if lookup is None:
            return
        key = lookup_key(lookup)
        first = self.key_rows.setdefault(key, kwargs["row_number"])
        if first != kwargs["row_number"]:
            error = ValidationError(
                f"Rows {first} and {kwargs['row_number']} both name "
                f"{self.describe_key(row)}: a file names each "
                f"{self._meta.model._meta.verbose_name} once. Delete one of the two rows "
                "(or merge them into one).",
                code="duplicate_key",
            )
            names = self.get_import_id_fields()
            # A single key column shows the error beside its value; a key of several
            # columns is about the whole row.
            if len(names) == 1:
                raise ValidationError({self.fields[names[0]].attribute: error})
            raise error

    def import_instance(self, instance, row, **kwargs):
        """Many-to-many columns (a show's genres) are checked with the row's other
        values: the library sets them only after saving, so a preview (which saves
        nothing) would not read them, and an unknown name would fail the import late."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = [str(error)]
        if errors:
            raise ValidationError(errors)

    def describe_key(self, row):
        columns = [self.fields[name].column_name for name in self.get_import_id_fields()]
        return ", ".join(f"{column} “{row.get(column)}”" for column in columns)

    def missing_key_columns(self, headers):
        """The natural key columns the file lacks (without them no row can be matched)."""
        names = [self.fields[name].column_name for name in self.get_import_id_fields()]
        return [name for name in names if name not in (headers or [])]

    def missing_columns_result(self, dataset, missing):
        result = self.get_result_class()()
        result.diff_headers = self.get_diff_headers()
        result.total_rows = len(dataset)
        columns = ", ".join(f"“{name}”" for name in missing)
        result.append_base_error(
            self.get_error_result_class()(
                MissingColumns(
                    f"The file has no {columns} column: each row needs "
                    f"{'it' if len(missing) == 1 else 'them'} to find its "
                    f"{self._meta.model._meta.verbose_name}. Columns found: "
                    f"{', '.join(str(h) for h in dataset.headers or []) or 'none'}."
                )
            )
        )
        return result

    def get_instance(self, instance_loader, row):
        lookup = self.natural_key_lookup(row)
        if lookup is None:
            return None
        if self.stored is not None and tuple(lookup) == self.stored_names:
            record = self.stored.get(lookup_key(lookup))
            # A copy, as a query per row gives: two rows may name one record.
            return copy.deepcopy(record) if record is not None else None
        return self._meta.model.objects.filter(**lookup).first()

    stored = None  # a preview's records by natural key, read in a few queries
    stored_names = ()

    def natural_key_lookup(self, row):
        """The row's natural key as ORM lookups; None if a key column fails to clean."""
        lookup = {}
        for name in self.get_import_id_fields():
            field = self.fields[name]
            if field.column_name not in row:
                return None
            try:
                value = field.clean(row)
            except ValueError:
                return None  # a new record; the same column's error is reported for the row
            if isinstance(value, FuzzyDate):
                lookup[f"{field.attribute}_date"] = value.start
            else:
                lookup[field.attribute] = value
        return lookup

    def read_stored(self, dataset):
        """Read the records the preview's rows name in chunks instead of a query a row.
        Only for a preview: it writes nothing, so no row can create a record a later
        row names (a confirmed import reads each row's record as it comes)."""
        lookups = [lookup for row in dataset.dict if (lookup := self.natural_key_lookup(row))]
        if not lookups or len({tuple(lookup) for lookup in lookups}) != 1:
            return
        names = tuple(lookups[0])
        first_values = list(dict.fromkeys(lookup[names[0]] for lookup in lookups))
        model = self._meta.model
        attnames = [model._meta.get_field(name).attname for name in names]
        self.stored, self.stored_names = {}, names
        for start in range(0, len(first_values), STORED_CHUNK):
            chunk = first_values[start : start + STORED_CHUNK]
            for record in model.objects.filter(**{f"{names[0]}__in": chunk}):
                key = tuple(getattr(record, attname) for attname in attnames)
                self.stored.setdefault(key, record)  # as .first(): the first in ordering

    def import_data(self, dataset, dry_run=False, **kwargs):
        """A confirmed import is one batch: each season and show its rows touch is
        derived once, and one change event follows the commit.

        A preview (dry run) writes nothing and opens no transaction: each row is read,
        cleaned and validated against the stored records, never saved and rolled back.
        Saving every row (its history, its derivation, the page cache's tags) was most
        of a large preview's time, and on SQLite its transaction held the write lock
        for all of it, so visitors' writes failed meanwhile. The confirmation checks
        every row again and writes nothing if one fails.
        """
        missing = self.missing_key_columns(dataset.headers)
        if missing:
            return self.missing_columns_result(dataset, missing)
        if dry_run:
            self.read_stored(dataset)
            result = self.import_data_inner(
                dataset,
                dry_run=True,
                raise_errors=kwargs.pop("raise_errors", False),
                using_transactions=False,
                collect_failed_rows=kwargs.pop("collect_failed_rows", False),
                **without(kwargs, "use_transactions", "rollback_on_validation_errors"),
            )
            result.preview = preview_of(self, dataset, result)
            return result
        with derive.changing():
            return super().import_data(dataset, dry_run=dry_run, **kwargs)

    def before_save_instance(self, instance, row, **kwargs):
        instance._change_reason = import_reason(kwargs.get("file_name"), kwargs.get("import_job"))
        if kwargs.get("user") is not None:
            # The worker has no request for the history middleware to name the editor.
            instance._history_user = kwargs["user"]

    def after_import_row(self, row, row_result, **kwargs):
        """Report each row done to `progress` (an import job's progress bar), if given."""
        super().after_import_row(row, row_result, **kwargs)
        if kwargs.get("progress") is not None:
            kwargs["progress"](kwargs["row_number"])


def same_title(title):
    """Titles that differ only in case or spacing name the same show to a reader."""
    return re.sub(r"\s+", " ", str(title or "")).strip().casefold()


class ShowResource(NaturalKeyResource):
    network = fields.Field(attribute="network", column_name="network", widget=NameWidget(Network))
    genres = fields.Field(attribute="genres", column_name="genres", widget=NamesWidget(Genre))
    is_published = fields.Field(
        attribute="is_published", column_name="is_published", widget=YesNoWidget()
    )

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.titles = {}
        if "title" in (dataset.headers or []):
            for slug, title in Show.objects.values_list("slug", "title"):
                self.titles.setdefault(same_title(title), (title, slug))

    def import_instance(self, instance, row, **kwargs):
        """A new show titled as an existing one (but for case and spaces) is refused: it
        is most often the same show under another slug, imported twice. The editor may
        allow it for a file (`same_titles`) when the namesake is a different show."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        checked = not kwargs.get("same_titles")
        if checked and instance.pk is None and "title" in row and "title" not in errors:
            existing = self.titles.get(same_title(instance.title))
            if existing and existing[1] != instance.slug:
                errors["title"] = [
                    f"Possible duplicate of {existing[0]} ({existing[1]}): to change that "
                    f"show, write its slug “{existing[1]}”; if this is another show, upload "
                    "the file again with “New shows may repeat an existing title” ticked."
                ]
        if errors:
            raise ValidationError(errors)

    class Meta:
        model = Show
        fields = [
            "slug",
            "title",
            "network",
            "synopsis",
            "genres",
            "country",
            "original_language",
            "imdb_id",
            "tmdb_id",
            "tvmaze_id",
            "is_published",
        ]
        import_id_fields = ["slug"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True


class SeasonResource(NaturalKeyResource):
    show = show_column()
    premiere = date_column("premiere")
    finale = date_column("finale")

    class Meta:
        model = Season
        fields = ["show", "number", "title", "premiere", "finale", "episode_count"]
        import_id_fields = ["show", "number"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True


class AnnouncementResource(NaturalKeyResource):
    show, season = season_columns()
    announced = date_column("announced")

    class Meta:
        model = Announcement
        fields = [
            "show",
            "season",
            "decision",
            "announced",
            "source_name",
            "source_url",
            "summary",
        ]
        import_id_fields = ["season", "decision", "source_name", "announced"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True


class CastCreditResource(NaturalKeyResource):
    show, season = season_columns()
    person = fields.Field(attribute="person", column_name="person", widget=NameWidget(Person))

    class Meta:
        model = CastCredit
        fields = ["show", "season", "person", "character_name", "billing_order", "role"]
        import_id_fields = ["season", "person", "character_name"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True


class CrewCreditResource(NaturalKeyResource):
    show = show_column()
    person = fields.Field(attribute="person", column_name="person", widget=NameWidget(Person))

    class Meta:
        model = CrewCredit
        fields = ["show", "person", "job"]
        import_id_fields = ["show", "person", "job"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True


class CriticScoreResource(NaturalKeyResource):
    show, season = season_columns()
    retrieved = date_column("retrieved")

    class Meta:
        model = CriticScore
        fields = [
            "show",
            "season",
            "aggregator",
            "score",
            "average_rating",
            "review_count",
            "retrieved",
            "url",
        ]
        import_id_fields = ["season", "aggregator", "retrieved"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True


RESOURCES = {
    Show: ShowResource,
    Season: SeasonResource,
    Announcement: AnnouncementResource,
    CastCredit: CastCreditResource,
    CrewCredit: CrewCreditResource,
    CriticScore: CriticScoreResource,
}
