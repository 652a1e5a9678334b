"""Large imports run in the task worker, never in the editor's request.

A file of `BACKGROUND_ROWS` rows or more becomes an `ImportJob`: the worker checks it
(the preview: nothing is written, and progress is saved as it goes, so the editor's page
shows how far it is), and after the editor confirms, imports it as one transaction and
one batch of changes, exactly as a small import is. A request never waits for either,
so no worker timeout cuts an import short.

Each step is claimed with one conditional UPDATE from the state it starts in, so a task
run twice (a second worker, a retried task) does the step once.
"""

import logging

from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django_tasks import task

from history.models import ImportJob

from .import_formats import FORMATS, UnreadableFile
from .import_resources import RESOURCES

logger = logging.getLogger(__name__)

# From this many rows a file is checked and imported by the worker: the preview of
# 2,000 rows in the request took 30.6 s and the app server answered 500.
BACKGROUND_ROWS = 500
PROGRESS_EVERY = 100
ERRORS_KEPT = 200


def start(admin, request, upload, format_index, dataset):
    """Record the upload as a job and have the worker check it (after this commit)."""
    job = ImportJob.objects.create(
        model=admin.model._meta.label_lower,
        file_name=upload.name,
        file_format=format_index,
        content=b"".join(upload.chunks()),
        user=request.user,
        rows_total=len(dataset),
    )
    transaction.on_commit(lambda: preview_import.enqueue(job.pk))
    return job


def record(admin, request, form, dataset):
    """The job of a small import, confirmed and run in the editor's request."""
    return ImportJob.objects.create(
        model=admin.model._meta.label_lower,
        file_name=form.cleaned_data.get("original_file_name") or "",
        file_format=int(form.cleaned_data["format"]),
        content=b"",
        user=request.user,
        state=ImportJob.State.IMPORTING,
        rows_total=len(dataset),
    )


def record_result(job, result):
    failed = result.has_errors() or result.has_validation_errors()
    finish(job, ImportJob.State.FAILED if failed else ImportJob.State.IMPORTED, result)


def confirm(job):
    """The editor confirmed the checked file: have the worker import it."""
    claimed = claim(job.pk, ImportJob.State.PREVIEWED, ImportJob.State.IMPORT_QUEUED)
    if claimed:
        transaction.on_commit(lambda: run_import.enqueue(job.pk))
    return claimed


def claim(job_id, from_state, to_state):
    return bool(ImportJob.objects.filter(pk=job_id, state=from_state).update(state=to_state))


@task()
def preview_import(job_id):
    """Check every row as the preview does, saving progress; write nothing else."""
    if not claim(job_id, ImportJob.State.PREVIEW_QUEUED, ImportJob.State.PREVIEWING):
        return "not waiting to be checked"
    job = ImportJob.objects.get(pk=job_id)

    def progress(row_number):
        if row_number % PROGRESS_EVERY == 0 or row_number == job.rows_total:
            ImportJob.objects.filter(pk=job_id).update(rows_done=row_number)

    result = run(job, dry_run=True, progress=progress)
    if result is None:
        return "failed"
    failed = result.has_errors() or result.has_validation_errors()
    finish(job, ImportJob.State.INVALID if failed else ImportJob.State.PREVIEWED, result)
    return job.state


@task()
def run_import(job_id):
    """Import the confirmed file in one transaction; any failing row undoes every row."""
    if not claim(job_id, ImportJob.State.IMPORT_QUEUED, ImportJob.State.IMPORTING):
        return "not waiting to be imported"
    job = ImportJob.objects.get(pk=job_id)
    result = run(job, dry_run=False, rollback_on_validation_errors=True)
    if result is None:
        return "failed"
    record_result(job, result)
    return job.state


def run(job, **kwargs):
    """The job's file through its model's resource; None (and the job failed) if the
    file or the code failed in a way no row explains."""
    model = apps.get_model(job.model)
    try:
        dataset = FORMATS[job.file_format](encoding="utf-8-sig").create_dataset(bytes(job.content))
        return RESOURCES[model]().import_data(
            dataset,
            raise_errors=False,
            file_name=job.file_name,
            user=job.user,
            import_job=job.pk,
            **kwargs,
        )
    except UnreadableFile as error:
        fail(job, str(error))
    except Exception:
        logger.exception("Import job %s stopped", job.pk)
        fail(job, "The import stopped on an unexpected error; nothing was written.")
    return None


def fail(job, message):
    job.report = {**job.report, "errors": [{"row": None, "message": message}], "error_count": 1}
    end(job, ImportJob.State.FAILED)


def finish(job, state, result):
    job.rows_done = job.rows_total
    job.report = report_of(result)
    end(job, state)


def end(job, state):
    """Save the step's outcome. A file that will not be imported (any more) is dropped:
    the database keeps no copy of what an editor uploaded beyond its use."""
    job.state = state
    if state != ImportJob.State.PREVIEWED:
        job.content = b""
    job.save(update_fields=["state", "rows_done", "report", "content", "updated_at"])


def report_of(result):
    """Totals per kind of row, and the errors an editor can read (never a traceback)."""
    errors = [{"row": None, "message": str(error.error)} for error in result.base_errors]
    errors += [
        {"row": row.number, "message": row_message(row.error_dict)} for row in result.invalid_rows
    ]
    errors += [
        {"row": number, "message": str(error.error)}
        for number, row_errors in result.row_errors()
        for error in row_errors
    ]
    return {
        "totals": dict(result.totals),
        "errors": errors[:ERRORS_KEPT],
        "error_count": len(errors),
    }


def row_message(error_dict):
    """A row's errors, each after its column; an error about the whole row (a record
    named twice, the finale before the premiere) as it is."""
    return "; ".join(
        " ".join(errors) if field == NON_FIELD_ERRORS else f"{field}: {' '.join(errors)}"
        for field, errors in error_dict.items()
    )
