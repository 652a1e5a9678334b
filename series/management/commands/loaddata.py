"""`loaddata` that names the record it could not load, and checks each record's fields.

Django's own messages name the model at best ("Could not load series.Season(pk=None)"),
which says nothing when fixtures carry natural keys instead of ids. This command adds
the file, the record's position in it (counting from 1) and its natural key, refuses
a record whose natural key repeats an earlier one in the same load (it would silently
overwrite it), skips the rows derived from the facts (the outlook's questions and tallies, counted
afresh by the load's own derivation), and validates every field (lengths, choices,
ranges) before saving, so SQLite refuses what PostgreSQL would. Any error rolls the
whole load back.

Django documents no hook for this, so the command overrides two undocumented methods
of Django's own `loaddata` (`load_label(fixture_label)`, called once per label, and
`save_obj(obj)`, called once per deserialized record) and reads `find_fixtures()` and
`self.using`. tests/series/test_loaddata_command.py pins those names, signatures and calls, so a
Django upgrade that changes them fails there, loudly, before any fixture is loaded wrong.
"""

import json

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.core.management.base import CommandError
from django.core.management.commands import loaddata
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError

from series import derive
from series.models import OutlookQuestion, OutlookTally

# Rows derived from the facts, as a dump of the app carries them: not loaded, since the
# load's own derivation counts them afresh from the facts it loads (under new keys, so a
# dumped row would clash with its recount on a second load).
DERIVED_MODELS = (OutlookQuestion, OutlookTally)

# What a bad fixture raises while it loads: unreadable or unknown records (the
# deserializer wraps those), values the database refuses, references that dangle.
# psycopg raises ValueError for NUL characters. Anything else is a bug: let it show.
LOAD_ERRORS = (
    DeserializationError,
    DatabaseError,
    ValueError,
    ValidationError,
    ObjectDoesNotExist,
)


def describe(instance):
    """`series.Season ('spinning-out', 2)`: the model and natural key, or the id."""
    label = instance._meta.label
    if hasattr(instance, "natural_key"):
        try:
            return f"{label} {instance.natural_key()!r}"
        except (ObjectDoesNotExist, AttributeError, TypeError):
            pass
    return f"{label} (pk={instance.pk})"


class Command(loaddata.Command):
    def handle(self, *fixture_labels, **options):
        self.seen = {}
        try:
            # One batch: each season and show the fixtures touch is derived once.
            with derive.changing(options["database"]):
                return super().handle(*fixture_labels, **options)
        except LOAD_ERRORS as error:
            # Raised after the transaction rolled back (say, by the final constraint
            # check); say what, without a traceback.
            raise CommandError(str(error)) from error

    def load_label(self, fixture_label):
        if fixture_label == loaddata.READ_STDIN:
            self.fixture_file, self.position = "stdin", 0
            return self.load_one(fixture_label)
        for fixture_file, _, _ in self.find_fixtures(fixture_label):
            self.fixture_file, self.position = fixture_file, 0
            self.load_one(fixture_file)
        return None

    def load_one(self, fixture_label):
        try:
            super().load_label(fixture_label)
        except LOAD_ERRORS as error:
            cause = error.__cause__
            if isinstance(cause, json.JSONDecodeError):
                raise CommandError(
                    f"Could not load fixture '{self.fixture_file}': not valid JSON ({cause})."
                ) from error
            detail = str(cause or error).removeprefix("Error deserializing object: ")
            record = f"record {self.position + 1}{self.explain(self.position)}"
            raise CommandError(
                f"Could not load fixture '{self.fixture_file}', {record}: {detail}"
            ) from error

    def explain(self, index):
        """The failing record as written in a JSON fixture, and which references dangle."""
        try:
            with open(self.fixture_file, encoding="utf-8") as fixture:
                record = json.load(fixture)[index]
            model = apps.get_model(record["model"])
        except (OSError, ValueError, LookupError, TypeError, KeyError):
            return ""
        shown, missing = [], []
        for name, value in record.get("fields", {}).items():
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.many_to_one and isinstance(value, list):
                shown.append(f"{name}={value!r}")
                manager = field.related_model._default_manager.db_manager(self.using)
                try:
                    manager.get_by_natural_key(*value)
                except ObjectDoesNotExist:
                    missing.append(f"{name} {value!r} does not exist")
                except (DatabaseError, TypeError, AttributeError):
                    pass
            elif name in ("slug", "number", "name", "title"):
                shown.append(f"{name}={value!r}")
        text = f" ({model._meta.label} {', '.join(shown)})"
        return text + (f"; {', '.join(missing)}" if missing else "")

    def save_obj(self, obj):
        self.position += 1
        instance = obj.object
        if isinstance(instance, DERIVED_MODELS):
            return False
        record = f"record {self.position} ({describe(instance)})"
        where = f"Could not load fixture '{self.fixture_file}', {record}"
        missing = {
            field.name: value for field, value in obj.deferred_fields.items() if value is not None
        }
        if missing and not self.resolves_later(obj):
            details = ", ".join(
                f"{name} {value!r} does not exist" for name, value in missing.items()
            )
            raise CommandError(f"{where}: {details}.")
        key = self.identity(instance)
        if key is not None:
            if key in self.seen:
                raise CommandError(
                    f"{where}: same natural key as record {self.seen[key]} of the load."
                )
            self.seen[key] = self.position
        relations = [f.name for f in instance._meta.fields if f.is_relation]
        try:
            instance.clean_fields(exclude=relations)
        except ValidationError as error:
            raise CommandError(f"{where}: {'; '.join(self.messages(error))}") from error
        # Raw saves write no history; neither should the many-to-many rows they set.
        instance.skip_history_when_saving = True
        try:
            return super().save_obj(obj)
        except LOAD_ERRORS as error:
            raise CommandError(f"{where}: {error}") from error

    def resolves_later(self, obj):
        """Forward references are fine when the field may be null until the end of the load."""
        return all(field.null for field in obj.deferred_fields)

    @staticmethod
    def identity(instance):
        if not hasattr(instance, "natural_key"):
            return None
        try:
            return (instance._meta.label, instance.natural_key())
        except (ObjectDoesNotExist, AttributeError, TypeError):
            return None

    @staticmethod
    def messages(error):
        return [
            f"{field}: {message}"
            for field, messages in error.message_dict.items()
            for message in messages
        ]
