"""Large imports run in the real task worker: checked with progress, then imported as one
transaction and one batch, never in the editor's request."""

import pytest
from django.urls import reverse

from history.models import ImportJob
from series.admin.import_jobs import BACKGROUND_ROWS
from series.models import Season, Show
from tests.admin.test_imports import confirm, season_rows, to_csv, upload
from tests.factories import ShowFactory
from tests.follows.helpers import run_worker

pytestmark = pytest.mark.django_db


def rows_for(shows, per_show):
    return [row for show in shows for row in season_rows(show, per_show)]


def job_page(client, response):
    assert response.status_code == 302, response.status_code
    page = client.get(response["Location"])
    assert page.status_code == 200
    return page.content.decode()


def test_a_file_of_500_rows_is_checked_then_imported_by_the_worker(
    editor_client, editor, django_capture_on_commit_callbacks
):
    shows = ShowFactory.create_batch(50)
    content = to_csv(rows_for(shows, BACKGROUND_ROWS // 50))
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(editor_client, "season", content, name="big.csv")
    page = job_page(editor_client, response)
    assert "Waiting to be checked" in page
    assert "500 rows" in page
    assert 'http-equiv="refresh"' in page

    run_worker()
    page = editor_client.get(response["Location"]).content.decode()
    assert "Checked: ready to import" in page
    assert "The check found: 500 new, 0 updated, 0 unchanged, 0 with errors." in page
    assert ImportJob.objects.get().rows_done == 500
    assert not Season.objects.exists(), "the check must not write"

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = editor_client.post(response["Location"], {"confirm": "Confirm import"})
    assert "Waiting to be imported" in job_page(editor_client, confirmed)
    run_worker()
    page = editor_client.get(response["Location"]).content.decode()
    assert "Imported: 500 new, 0 updated, 0 unchanged, 0 with errors." in page
    assert 'http-equiv="refresh"' not in page
    assert Season.objects.count() == 500
    assert set(Show.objects.values_list("season_count", flat=True)) == {10}
    record = Season.objects.first().history.get()
    assert record.history_user == editor
    job = ImportJob.objects.get()
    assert record.history_change_reason == f"Imported from big.csv (import {job.pk})"
    assert bytes(ImportJob.objects.get().content) == b"", "the upload is not kept after use"
    import_page = editor_client.get(reverse("admin:series_season_import")).content.decode()
    assert f'<a href="{response["Location"]}">big.csv</a>: Imported, 500 rows' in import_page


def test_a_file_one_row_shorter_is_previewed_in_the_request(editor_client):
    shows = ShowFactory.create_batch(1)
    content = to_csv(season_rows(shows[0], BACKGROUND_ROWS - 1))
    preview = upload(editor_client, "season", content)
    assert preview.status_code == 200
    assert preview.context["result"].totals["new"] == BACKGROUND_ROWS - 1
    assert not ImportJob.objects.exists()


def test_rows_the_worker_finds_wrong_are_listed_and_cannot_be_confirmed(
    editor_client, django_capture_on_commit_callbacks
):
    shows = ShowFactory.create_batch(50)
    rows = rows_for(shows, 10)
    rows[6]["premiere"] = "03/04/2026"
    rows[499]["show"] = "no-such-show"
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(editor_client, "season", to_csv(rows))
    run_worker()
    page = editor_client.get(response["Location"]).content.decode()
    assert "Checked: has errors" in page
    assert "Row 7: premiere:" in page and "could be 2026-03-04 or 2026-04-03" in page
    assert "Row 500: show: No show has the slug “no-such-show”." in page
    assert "Confirm import" not in page
    editor_client.post(response["Location"], {"confirm": "Confirm import"})
    run_worker()
    assert ImportJob.objects.get().state == ImportJob.State.INVALID
    assert not Season.objects.exists()


def test_a_file_that_changed_since_its_check_writes_nothing(
    editor_client, django_capture_on_commit_callbacks
):
    shows = ShowFactory.create_batch(50)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(editor_client, "season", to_csv(rows_for(shows, 10)))
    run_worker()
    shows[-1].delete()  # someone deletes a show between the check and the confirmation
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(response["Location"], {"confirm": "Confirm import"})
    run_worker()
    page = editor_client.get(response["Location"]).content.decode()
    assert "Nothing was imported" in page
    assert f"Row 491: show: No show has the slug “{shows[-1].slug}”." in page
    assert not Season.objects.exists()


def test_only_editors_who_may_import_see_a_job(editor_client, client, django_user_model):
    ShowFactory(slug="the-show")
    response = upload(editor_client, "season", to_csv(season_rows(Show.objects.get(), 500)))
    visitor = django_user_model.objects.create_user("staff", password="x", is_staff=True)
    client.force_login(visitor)
    assert client.get(response["Location"]).status_code == 403
    assert client.post(response["Location"]).status_code == 403
    assert ImportJob.objects.get().state == ImportJob.State.PREVIEW_QUEUED


def test_a_job_belongs_to_its_model_list(editor_client):
    ShowFactory(slug="the-show")
    response = upload(editor_client, "season", to_csv(season_rows(Show.objects.get(), 500)))
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("admin:series_season_import_job", args=[job.pk])
    other = reverse("admin:series_show_import_job", args=[job.pk])
    assert editor_client.get(other).status_code == 404


def test_a_confirmed_small_import_is_still_one_request(editor_client):
    """Below the threshold nothing changes: preview, confirm, written at once."""
    show = ShowFactory(slug="the-show")
    preview = upload(editor_client, "season", to_csv(season_rows(show, 3)))
    assert confirm(editor_client, "season", preview).status_code == 302
    assert Season.objects.count() == 3


def test_a_large_file_naming_a_season_twice_is_refused_naming_both_rows(
    editor_client, django_capture_on_commit_callbacks
):
    shows = ShowFactory.create_batch(50)
    rows = rows_for(shows, BACKGROUND_ROWS // 50)
    rows.append(dict(rows[0], title="Again"))
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(editor_client, "season", to_csv(rows), name="big.csv")
    run_worker()
    page = job_page(editor_client, response)
    assert f"Row 501: Rows 1 and 501 both name show “{shows[0].slug}”, number “1”" in page
    assert "__all__" not in page
    assert not Season.objects.exists()
