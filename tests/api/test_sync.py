"""A client that syncs announcements from the answer's `cursor` never misses a change,
even one a transaction kept open across its sync saved before a later, quicker one."""

import datetime
import json
import os
import subprocess
import sys
import threading

import pytest
from django.conf import settings
from django.db import connection, transaction

from series.api import sync as sync_module
from series.models import Announcement, Show
from tests.api.test_api import get_json, url
from tests.factories import AnnouncementFactory, SeasonFactory
from tests.subprocess_helpers import ROOT, environment, manage

WAIT = 30  # seconds: only reached if the other thread died or hangs


def sync(client, cursor=None, **params):
    if cursor is not None:
        params["since"] = cursor
    return get_json(client, url("announcement-list"), **params)


def ids(body):
    return [entry["id"] for entry in body["results"]]


def require_shared_database():
    """A second connection must see what the test commits: not SQLite in memory."""
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
        ("file:memorydb", ":memory:")
    ):
        reason = "a second connection needs a shared database (run on PostgreSQL)"
        if os.environ.get("RACE_TESTS_REQUIRED"):
            pytest.fail(f"RACE_TESTS_REQUIRED is set, but {reason}")
        pytest.skip(reason)


class OpenTransaction:
    """A writer on its own connection (a thread) that saves an announcement, then keeps
    its transaction open until `commit()`: as an import or a slow admin save does.
    A failure in the thread is printed by Python's thread hook and fails the test here."""

    def __init__(self, season):
        self.season = season
        self.saved = threading.Event()
        self.release = threading.Event()
        self.pk = None
        self.committed = False
        self.thread = threading.Thread(target=self._run)

    def __enter__(self):
        self.thread.start()
        assert self.saved.wait(WAIT) and self.pk is not None, "the writer could not save"
        return self

    def commit(self):
        self.release.set()
        self.thread.join(WAIT)
        assert self.committed, "the writer could not commit"

    def __exit__(self, *exc_info):
        self.release.set()
        self.thread.join(WAIT)

    def _run(self):
        try:
            with transaction.atomic():
                self.pk = AnnouncementFactory(season=self.season, summary="Slow").pk
                self.saved.set()
                if not self.release.wait(WAIT):
                    raise TimeoutError("the test never let the transaction commit")
            self.committed = True
        finally:
            self.saved.set()  # a writer that failed does not keep the test waiting
            connection.close()


@pytest.fixture
def no_margin(monkeypatch):
    """Without the margin, only the open transaction holds the cursor back: the change
    it saved is milliseconds old here, and a margin would send it again anyway."""
    monkeypatch.setattr(sync_module, "MARGIN", datetime.timedelta(0))


def test_a_change_committed_after_a_later_one_still_reaches_the_client(
    transactional_db, client, no_margin
):
    """Transaction A saves announcement 7 and stays open; B saves 8 and commits; the
    client syncs and sees 8. Once A commits, the client's next sync brings 7."""
    require_shared_database()
    # Two shows: a save locks its season and show rows while it derives their status.
    with OpenTransaction(SeasonFactory()) as slow:
        quick = AnnouncementFactory(season=SeasonFactory(), summary="Quick")
        first = sync(client)
        assert ids(first) == [quick.pk]  # the open transaction's row is not visible yet
        slow.commit()
    second = sync(client, first["cursor"])
    assert {e["id"]: e["summary"] for e in second["results"]}[slow.pk] == "Slow"


def follow(client, body):
    """Every page after `body` by its `next` links: ([ids in order], the last page)."""
    seen = []
    while body["next"] is not None:
        body = get_json(client, body["next"])
        seen.extend(ids(body))
    return seen, body


def test_a_change_committed_during_a_paged_sync_comes_with_the_next_one(
    transactional_db, client, no_margin
):
    """The open transaction commits while the client is between pages; the pages after
    go on past its change's stamp, so the last page's cursor must still come before it."""
    require_shared_database()
    with OpenTransaction(SeasonFactory()) as slow:
        quick = [AnnouncementFactory(season=SeasonFactory()).pk for _ in range(3)]
        first = sync(client, page_size=2)
        assert ids(first) == quick[:2]
        slow.commit()
    seen, last = follow(client, first)
    assert slow.pk not in seen and quick[2] in seen
    assert slow.pk in ids(sync(client, last["cursor"]))


def test_an_entry_changed_during_a_paged_sync_pushes_no_other_out(db, client):
    """Page numbers would shift every later entry back when one already read changes
    (it moves to the end); `next` goes on from the last change read instead."""
    entries = AnnouncementFactory.create_batch(5)
    for day, entry in enumerate(entries, start=1):
        Announcement.objects.filter(pk=entry.pk).update(
            updated_at=datetime.datetime(2024, 1, day, tzinfo=datetime.UTC)
        )
    first = sync(client, page_size=2)
    assert ids(first) == [entries[0].pk, entries[1].pk]
    changed = Announcement.objects.get(pk=entries[0].pk)
    changed.summary = "Corrected."
    changed.save()
    seen, last = follow(client, first)
    assert set(ids(first) + seen) == {entry.pk for entry in entries}
    assert seen[-1] == changed.pk and last["results"][-1]["summary"] == "Corrected."


def test_a_client_following_the_cursor_gets_each_change_and_the_deletions(db, client):
    kept, retracted = AnnouncementFactory.create_batch(2)
    first = sync(client)
    assert sorted(ids(first)) == sorted([kept.pk, retracted.pk])
    assert first["deleted"] == []
    retracted_id = retracted.pk
    retracted.delete()
    kept.summary = "Corrected."
    kept.save()
    second = sync(client, first["cursor"])
    assert [(e["id"], e["summary"]) for e in second["results"]] == [(kept.pk, "Corrected.")]
    assert [(t["id"], t["reason"]) for t in second["deleted"]] == [(retracted_id, "deleted")]


def test_on_sqlite_the_cursor_stops_before_the_newest_committed_change(db, client):
    """SQLite has one writer at a time, and each takes the lock before it stamps
    anything (IMMEDIATE transactions): a change not committed yet is stamped after the
    newest committed one, so the cursor may go no further, however long ago that was."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's rule is the open transactions (the tests above)")
    long_ago = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    announcement = AnnouncementFactory()
    Announcement.objects.filter(pk=announcement.pk).update(updated_at=long_ago)
    Announcement.history.update(history_date=long_ago)
    Show.history.update(history_date=long_ago)
    cursor = datetime.datetime.fromisoformat(sync(client)["cursor"])
    assert cursor <= long_ago - sync_module.MARGIN


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="SQLite's locking only; this run uses another database",
)
def test_on_sqlite_a_sync_during_an_open_write_resumes_before_it(tmp_path):
    """A writer holds SQLite's write lock with its change saved but not committed while
    a client syncs (another process, as gunicorn workers are); the client's next sync
    from its cursor brings the change."""
    database = tmp_path / "sync.sqlite3"
    manage(database, "migrate", "-v0")
    manage(database, "loaddata", "spinning_out", "-v0")

    def run_sync(*since):
        result = subprocess.run(
            [sys.executable, "-m", "tests.api.sqlite_sync_worker", "sync", *since],
            cwd=ROOT,
            env=environment(database),
            capture_output=True,
            text=True,
            timeout=WAIT * 4,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.api.sqlite_sync_worker", "writer"],
        cwd=ROOT,
        env=environment(database),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        slow = int(writer.stdout.readline())  # saved; the transaction is still open
        first = run_sync()
        assert slow not in ids(first)
    finally:
        _, stderr = writer.communicate("commit\n", timeout=WAIT * 4)
    assert writer.returncode == 0, stderr
    assert slow in ids(run_sync(first["cursor"]))


def test_polling_while_nothing_changes_answers_not_modified(transactional_db, client, settings):
    """The cursor moves with the changes, not the clock: the answer (and its ETag) stays
    the same until something changes, so a polling client gets a 304 even when the page
    cache does not answer (each request in a transaction of its own, as in production:
    PostgreSQL's now() is the transaction's)."""
    settings.PAGE_CACHE_ENABLED = False
    announcement = AnnouncementFactory()
    first = client.get(url("announcement-list"), {"since": "2000-01-01T00:00:00Z"})
    again = client.get(
        url("announcement-list"),
        {"since": "2000-01-01T00:00:00Z"},
        headers={"if-none-match": first["ETag"]},
    )
    assert again.status_code == 304
    announcement.summary = "Corrected."
    announcement.save()
    changed = client.get(
        url("announcement-list"),
        {"since": "2000-01-01T00:00:00Z"},
        headers={"if-none-match": first["ETag"]},
    )
    assert changed.status_code == 200
