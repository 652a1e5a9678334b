"""Bulk import and export of the facts in the admin, with django-import-export.

Rows name records by natural keys only (series/admin/import_resources.py). An import is
previewed first, runs in one transaction, and writes nothing if any row is wrong; each
change is saved through the model, so history records who imported it and the derived
decisions, statuses and page caches follow. Large files are checked and imported by the
task worker (series/admin/import_jobs.py), never in the editor's request.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from import_export.admin import ImportExportMixin
from import_export.forms import ConfirmImportForm, ImportForm, SelectableFieldsExportForm

from history.models import ImportJob
from series.models import Show

from . import import_jobs
from .import_formats import FORMATS, UnreadableFile
from .import_resources import RESOURCES

__all__ = ["RESOURCES", "BulkDataAdmin"]


class ExportForm(SelectableFieldsExportForm):
    """The export form with the script of its "Select all" box (the page runs no inline
    script under the Content-Security-Policy)."""

    @property
    def media(self):
        return super().media + forms.Media(js=["js/export-select-all.js"])


SAME_TITLES_HELP = (
    "Tick only when the preview flagged a possible duplicate that is in fact a different "
    "show: new shows may then have the title of an existing one."
)


class ShowImportForm(ImportForm):
    same_titles = forms.BooleanField(
        label="New shows may repeat an existing title", required=False, help_text=SAME_TITLES_HELP
    )


class ShowConfirmImportForm(ConfirmImportForm):
    """The previewed choice travels to the confirmation, which checks every row again."""

    same_titles = forms.BooleanField(required=False, widget=forms.HiddenInput())


class BulkDataAdmin(ImportExportMixin):
    """Import and export buttons on a model's list, with the model's resource.

    Importing may add and change records, so it needs both permissions; exporting
    needs only view. Export writes what the list shows, with its filters and search.
    """

    formats = FORMATS
    import_template_name = "admin/series/import.html"
    export_template_name = "admin/series/export.html"
    export_form_class = ExportForm

    def get_resource_classes(self, request):
        return [RESOURCES[self.model]]

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        job_url = path(
            "import/jobs/<int:job_id>/",
            self.admin_site.admin_view(self.import_job_view),
            name="{}_{}_import_job".format(*info),
        )
        return [job_url, *super().get_urls()]

    def import_action(self, request, **kwargs):
        """A file of `import_jobs.BACKGROUND_ROWS` rows or more goes to the worker, and
        the editor to its job's page; smaller files are previewed here and now."""
        if request.method == "POST" and self.has_import_permission(request):
            job = self.start_background_import(request)
            if job is not None:
                return HttpResponseRedirect(self.import_job_url(job))
        return super().import_action(request, **kwargs)

    def start_background_import(self, request):
        """The job for a large, readable file with its key columns; else None (and the
        usual preview explains whatever is wrong)."""
        form = self.create_import_form(request)
        if not form.is_valid():
            return None
        format_index = int(form.cleaned_data["format"])
        upload = form.cleaned_data["import_file"]
        input_format = self.get_import_formats()[format_index](encoding=self.from_encoding)
        try:
            dataset = input_format.create_dataset(b"".join(upload.chunks()))
        except Exception:  # noqa: BLE001 - the library's preview reads it again and explains
            return None
        resource = RESOURCES[self.model]()
        if len(dataset) < import_jobs.BACKGROUND_ROWS or resource.missing_key_columns(
            dataset.headers
        ):
            return None
        return import_jobs.start(self, request, upload, format_index, dataset)

    def get_import_context_data(self, **kwargs):
        """The import page lists the latest large imports, so an editor who left a job's
        page finds it again."""
        recent = ImportJob.objects.filter(model=self.opts.label_lower).select_related("user")
        return {
            **super().get_import_context_data(**kwargs),
            "recent_jobs": [(job, self.import_job_url(job)) for job in recent[:5]],
        }

    def import_job_url(self, job):
        info = self.opts.app_label, self.opts.model_name
        return reverse("admin:{}_{}_import_job".format(*info), args=[job.pk])

    def import_job_view(self, request, job_id):
        """The job's state and progress (the page refreshes itself while the worker
        works), its errors, and the button that confirms a checked file."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        job = get_object_or_404(ImportJob, pk=job_id, model=self.opts.label_lower)
        if request.method == "POST":
            if import_jobs.confirm(job):
                self.message_user(request, "The import is waiting for the worker.")
            return HttpResponseRedirect(self.import_job_url(job))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Import of {job.file_name}",
            "opts": self.opts,
            "job": job,
            "states": ImportJob.State,
        }
        return TemplateResponse(request, "admin/series/import_job.html", context)

    def get_import_form_class(self, request):
        return ShowImportForm if self.model is Show else super().get_import_form_class(request)

    def get_confirm_form_class(self, request):
        if self.model is Show:
            return ShowConfirmImportForm
        return super().get_confirm_form_class(request)

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None and "same_titles" in import_form.cleaned_data:
            initial["same_titles"] = import_form.cleaned_data["same_titles"]
        return initial

    def get_import_data_kwargs(self, **kwargs):
        # The library rolls back a confirmed import only on exceptions; any invalid
        # row must undo the whole file too (the data may have changed since the preview).
        # `same_titles`: the editor's choice on the show import form (ShowResource).
        form = kwargs.get("form")
        same_titles = bool(form is not None and form.cleaned_data.get("same_titles"))
        return {
            **super().get_import_data_kwargs(**kwargs),
            "rollback_on_validation_errors": True,
            "same_titles": same_titles,
        }

    def process_import(self, request, **kwargs):
        """The confirmation; the previewed file waits in the shared cache until then, and
        a cache that lost it (expired, evicted, restarted) is said so, not a 500."""
        form = self.create_confirm_form(request)
        if self.has_import_permission(request) and form.is_valid():
            storage = self.get_tmp_storage_class()(
                name=form.cleaned_data["import_file_name"],
                read_mode="rb",
                **self.get_tmp_storage_class_kwargs(),
            )
            if storage.read() is None:
                self.message_user(
                    request,
                    "Nothing was imported: the previewed file is no longer kept (previews "
                    "wait a day at most). Upload it again.",
                    messages.ERROR,
                )
                return HttpResponseRedirect(self.import_url())
        return super().process_import(request, **kwargs)

    def import_url(self):
        info = self.opts.app_label, self.opts.model_name
        return reverse("admin:{}_{}_import".format(*info))

    def process_dataset(self, dataset, form, request, **kwargs):
        """A confirmed import in the request is recorded as a job too, so its rows'
        history names the import (recent changes show it as one entry) and its summary
        has a page, as a worker's import has."""
        job = import_jobs.record(self, request, form, dataset)
        result = super().process_dataset(dataset, form, request, import_job=job.pk, **kwargs)
        import_jobs.record_result(job, result)
        return result

    def process_result(self, result, request):
        """A confirmed import that failed wrote nothing: say so, with each row's error."""
        if not (result.has_errors() or result.has_validation_errors()):
            return super().process_result(result, request)
        problems = [
            f"row {row.number}: {import_jobs.row_message(row.error_dict)}"
            for row in result.invalid_rows
        ] + [
            f"row {number}: {error.error}"
            for number, errors in result.row_errors()
            for error in errors
        ]
        self.message_user(
            request,
            "Nothing was imported: the data changed since the preview. " + " | ".join(problems),
            messages.ERROR,
        )
        return HttpResponseRedirect(self.import_url())

    def add_data_read_fail_error_to_form(self, form, e):
        """Why the file could not be read, in words an editor can act on."""
        if isinstance(e, UnreadableFile):
            message = str(e)
        else:
            message = (
                "The file could not be read in the chosen format. Choose the format that "
                "matches the file (CSV, XLSX or JSON, as the export writes them)."
            )
        form.add_error("import_file", message)

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)
