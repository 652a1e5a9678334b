"""The preview of an import as an editor reads it: every row in the file's order, the
ready ones with what they change, the others with each error beside the value it is
about, so a file with a few bad rows still shows what the good rows would do.
"""

import contextlib
from dataclasses import dataclass, field

from diff_match_patch import diff_match_patch
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import models
from django.utils.html import format_html
from import_export import widgets
from import_export.resources import Diff
from import_export.results import RowResult

LABELS = {
    RowResult.IMPORT_TYPE_NEW: "New",
    RowResult.IMPORT_TYPE_UPDATE: "Update",
    RowResult.IMPORT_TYPE_SKIP: "Unchanged",
    RowResult.IMPORT_TYPE_DELETE: "Delete",
}


class WholeValueDiff(Diff):
    """A changed value as "old → new", whole: a date that moves reads
    "2027-03-05 → 2027-04-01", never letter by letter. Only long free text (a synopsis,
    a summary) is diffed word by word, where the whole would hide a small edit."""

    def __init__(self, resource, instance, new):
        super().__init__(resource, instance, new)
        self.long_text = [is_long_text(resource, f) for f in resource.get_import_fields()]

    def compare_with(self, resource, instance):
        """Many-to-many values (genres) as the row sets them: a preview saves nothing, so
        the record itself still has the old ones."""
        super().compare_with(resource, instance)
        row = getattr(resource, "current_row", None) or {}
        for index, f in enumerate(resource.get_import_fields()):
            if isinstance(f.widget, widgets.ManyToManyWidget) and f.column_name in row:
                with contextlib.suppress(ValueError):  # the row's error says why
                    self.right[index] = f.widget.render(f.clean(row))

    def as_html(self):
        cells = []
        for old, new, long_text in zip(self.left, self.right, self.long_text, strict=False):
            old, new = str(old if old is not None else ""), str(new if new is not None else "")
            if self.new or old == new:
                cells.append(format_html("{}", new))
            elif long_text:
                cells.append(word_diff(old, new))
            else:
                cells.append(format_html("<del>{}</del> → <ins>{}</ins>", old, new))
        return cells


def is_long_text(resource, import_field):
    try:
        model_field = resource._meta.model._meta.get_field(import_field.attribute or "")
    except Exception:  # noqa: BLE001 - a column that is no model field (a season's show)
        return False
    return isinstance(model_field, models.TextField)


def word_diff(old, new):
    dmp = diff_match_patch()
    changes = dmp.diff_main(old, new)
    dmp.diff_cleanupSemantic(changes)
    return dmp.diff_prettyHtml(changes)  # escapes the text; the library's own use, too


@dataclass
class Cell:
    value: str
    errors: list = field(default_factory=list)


@dataclass
class PreviewRow:
    number: int
    kind: str
    label: str
    cells: list
    errors: list  # (column, message): every error, for the list above the table
    row_errors: list = field(default_factory=list)  # those about no one column

    @property
    def needs_fixing(self):
        return bool(self.errors)


@dataclass
class Preview:
    headers: list
    rows: list

    @property
    def ready(self):
        return [row for row in self.rows if not row.needs_fixing]

    @property
    def failing(self):
        return [row for row in self.rows if row.needs_fixing]


def preview_of(resource, dataset, result):
    """Every row of a checked file, in order (the rows' results are in file order: the
    resources report skipped rows too), in the file's columns."""
    # Only the file's columns: the others are left as they are, and a page with every
    # column of a show would not fit.
    all_fields = resource.get_import_fields()
    shown = [i for i, f in enumerate(all_fields) if f.column_name in (dataset.headers or [])]
    fields = [all_fields[i] for i in shown]
    headers = [f.column_name for f in fields]
    invalid = {row.number: row for row in result.invalid_rows}
    failed = dict(result.row_errors())
    rows = []
    for number, (data, row_result) in enumerate(zip(dataset.dict, result.rows, strict=False), 1):
        if number in invalid:
            rows.append(invalid_row(number, fields, data, invalid[number].error_dict))
        elif number in failed:
            messages = [(None, str(error.error)) for error in failed[number]]
            rows.append(invalid_row(number, fields, data, {NON_FIELD_ERRORS: []}, messages))
        else:
            kind = row_result.import_type
            new = kind == RowResult.IMPORT_TYPE_NEW
            if new:
                values = [data.get(f.column_name, "") for f in fields]
            else:
                values = [row_result.diff[i] for i in shown] if row_result.diff else []
            cells = [Cell(text(value)) for value in values]
            rows.append(PreviewRow(number, kind, LABELS.get(kind, kind), cells, []))
    return Preview(headers, rows)


def invalid_row(number, fields, data, error_dict, messages=()):
    cells, errors = [], list(messages)
    placed = set()
    for f in fields:
        own = error_dict.get(f.attribute, []) + (
            error_dict.get(f.column_name, []) if f.column_name != f.attribute else []
        )
        placed.update({f.attribute, f.column_name})
        cells.append(Cell(text(data.get(f.column_name, "")), own))
        errors += [(f.column_name, message) for message in own]
    row_errors = [message for _column, message in messages]
    for key, message_list in error_dict.items():
        if key not in placed:
            column = None if key == NON_FIELD_ERRORS else key
            errors += [(column, message) for message in message_list]
            row_errors += message_list
    return PreviewRow(number, "invalid", "Needs fixing", cells, errors, row_errors)


def text(value):
    return value if value is not None else ""
