"""The file formats of bulk data: cells a spreadsheet cannot run, files read with errors
an editor can act on.

Spreadsheets run a text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
return as a formula (CSV injection: `=HYPERLINK(...)`, `+cmd|' /C calc'!A0`). CSV and
XLSX exports therefore put an apostrophe before such text, as OWASP recommends, and
their imports take it off again, so an export imports back unchanged. JSON is never
opened by a spreadsheet and is never altered.
"""

import csv
import io
import json
import zipfile

import tablib
from import_export.formats import base_formats

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
APOSTROPHE = "'"


class UnreadableFile(ValueError):
    """The upload is not a file of the chosen format; the message tells the editor why."""


def is_escaped(value):
    return (
        isinstance(value, str)
        and value.startswith(APOSTROPHE)
        and value[1:2] in (*FORMULA_STARTS, APOSTROPHE)
    )


def escape_formula(value):
    """Text a spreadsheet would run gets a leading apostrophe. So does text that would
    read as escaped (`'=x` itself), which keeps the escape reversible for every value."""
    if isinstance(value, str) and (value.startswith(FORMULA_STARTS) or is_escaped(value)):
        return APOSTROPHE + value
    return value


def unescape_formula(value):
    return value[1:] if is_escaped(value) else value


def map_cells(dataset, function):
    return tablib.Dataset(
        *(tuple(function(cell) for cell in row) for row in dataset), headers=dataset.headers
    )


class FormulaSafe:
    """Escapes on export and unescapes on import (a mixin for spreadsheet formats)."""

    def export_data(self, dataset, **kwargs):
        return super().export_data(map_cells(dataset, escape_formula), **kwargs)

    def create_dataset(self, in_stream, **kwargs):
        return map_cells(super().create_dataset(in_stream, **kwargs), unescape_formula)

    def _escape_formulae(self, dataset):
        """The library's own escape drops the `=` (data lost, and `==1` still runs):
        never used, whatever IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT says."""


class CSV(FormulaSafe, base_formats.CSV):
    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            in_stream = decode_text(in_stream, self.encoding or "utf-8-sig", "CSV")
        try:
            dataset = super().create_dataset(in_stream, **kwargs)
        except csv.Error as error:
            raise UnreadableFile(f"The file is not readable CSV: {error}.") from None
        return require_header(dataset)


class XLSX(FormulaSafe, base_formats.XLSX):
    def create_dataset(self, in_stream, **kwargs):
        if not zipfile.is_zipfile(_as_file(in_stream)):
            raise UnreadableFile(
                "The file is not an Excel workbook (.xlsx). Choose the format that matches "
                "the file, or save it from the spreadsheet as “Excel Workbook”."
            )
        try:
            dataset = super().create_dataset(in_stream, **kwargs)
        except (zipfile.BadZipFile, KeyError, OSError, StopIteration) as error:
            raise UnreadableFile(
                "The workbook could not be read (it may be damaged, or from another "
                f"program): {type(error).__name__}. Save it again as “Excel Workbook”."
            ) from None
        return require_header(dataset)


class JSON(base_formats.JSON):
    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            in_stream = decode_text(in_stream, self.encoding or "utf-8-sig", "JSON")
        try:
            rows = json.loads(in_stream)
        except json.JSONDecodeError as error:
            raise UnreadableFile(
                f"The file is not valid JSON: {error.msg} (line {error.lineno}, "
                f"column {error.colno})."
            ) from None
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise UnreadableFile(
                "The JSON file must be a list of objects, one per row, as the export writes."
            )
        # Every key any row has is a column (tablib would take the first row's keys
        # and misplace values of rows whose keys differ).
        headers = list(dict.fromkeys(key for row in rows for key in row))
        dataset = tablib.Dataset(
            *(tuple(row.get(key) for key in headers) for row in rows), headers=headers
        )
        return require_header(dataset)

    def _escape_formulae(self, dataset):
        """JSON is data, not a spreadsheet: exported exactly as stored."""


def decode_text(data, encoding, format_name):
    if data.startswith(b"PK\x03\x04"):
        raise UnreadableFile(
            f"The file is an Excel workbook or another zip file, not {format_name}: "
            "choose the format “xlsx”."
        )
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise UnreadableFile(
            f"The file is not UTF-8 text (byte {error.start + 1} cannot be read). Save it "
            "as “CSV UTF-8” (or with UTF-8 encoding) and upload it again."
        ) from None


def require_header(dataset):
    if not dataset.headers or not any(dataset.headers):
        raise UnreadableFile("The file is empty: its first row must name the columns.")
    return dataset


def _as_file(data):
    return io.BytesIO(data if isinstance(data, bytes) else data.encode())


FORMATS = [CSV, XLSX, JSON]
