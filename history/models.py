"""The history models are created by django-simple-history; see series/models.py.

`ImportJob` is the record of a large bulk import an editor started: who imported which
file, and what came of it. It lives here, beside who-changed-what, rather than in the
domain: it is no fact (`dumpdata series` stays facts only), and the admin, the one wing
allowed to use `history`, runs it (series/admin/import_jobs.py).
"""

from django.conf import settings
from django.db import models


class ImportJob(models.Model):
    """An uploaded file the task worker checks and then, once confirmed, imports."""

    class State(models.TextChoices):
        PREVIEW_QUEUED = "preview_queued", "Waiting to be checked"
        PREVIEWING = "previewing", "Being checked"
        PREVIEWED = "previewed", "Checked: ready to import"
        INVALID = "invalid", "Checked: has errors"
        IMPORT_QUEUED = "import_queued", "Waiting to be imported"
        IMPORTING = "importing", "Being imported"
        IMPORTED = "imported", "Imported"
        FAILED = "failed", "Not imported"

    model = models.CharField(
        "records",
        max_length=100,
        help_text="The model the file's rows are, as app label and model name: series.season.",
    )
    file_name = models.CharField("file name", max_length=255)
    file_format = models.PositiveSmallIntegerField(
        "format", help_text="The import format's position in the admin's list of formats."
    )
    content = models.BinaryField("file", help_text="The uploaded file, as uploaded.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="editor",
    )
    state = models.CharField(
        "state", max_length=20, choices=State.choices, default=State.PREVIEW_QUEUED
    )
    rows_total = models.PositiveIntegerField("rows", default=0)
    rows_done = models.PositiveIntegerField(
        "rows checked", default=0, help_text="How far the check has come (its progress)."
    )
    report = models.JSONField(
        "report",
        default=dict,
        blank=True,
        help_text="What the check or the import found: totals per kind of row and errors.",
    )
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("updated", auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "import job"
        verbose_name_plural = "import jobs"

    def __str__(self):
        return f"{self.file_name} ({self.get_state_display()})"

    @property
    def is_waiting(self):
        """Whether the worker still has something to do (the page refreshes meanwhile)."""
        return self.state in {
            self.State.PREVIEW_QUEUED,
            self.State.PREVIEWING,
            self.State.IMPORT_QUEUED,
            self.State.IMPORTING,
        }
