"""SQLite under several writers and readers at once: no "database is locked", no lost write.

Runs real processes (as gunicorn workers would be) against a database file of its
own, with the production settings for SQLite: WAL, IMMEDIATE transactions, a 20 s
busy timeout. Skipped on PostgreSQL runs, which do not use these settings.
"""

import sqlite3
import subprocess
import sys

import pytest
from django.conf import settings

from tests.subprocess_helpers import ROOT, environment, manage

WRITERS, READERS, WRITES, READS = 4, 2, 25, 60

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="SQLite's locking only; this run uses another database",
)


def test_concurrent_writers_and_readers_never_hit_database_is_locked(tmp_path):
    database = tmp_path / "busy.sqlite3"
    manage(database, "migrate", "-v0")
    manage(database, "loaddata", "spinning_out", "-v0")
    go = tmp_path / "go"
    roles = [f"writer{n}" for n in range(WRITERS)] + ["reader"] * READERS
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.sqlite_worker",
                role,
                str(READS if role == "reader" else WRITES),
                str(go),
            ],
            cwd=ROOT,
            env=environment(database),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for role in roles
    ]
    go.touch()
    results = [process.communicate(timeout=120) for process in processes]
    for process, (stdout, stderr) in zip(processes, results, strict=True):
        assert "database is locked" not in stderr
        assert process.returncode == 0, stderr
        assert stdout.strip() == "done"

    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        announcements = db.execute("SELECT COUNT(*) FROM series_announcement").fetchone()[0]
        episodes, version = db.execute(
            "SELECT episode_count, version FROM series_season WHERE number = 2"
        ).fetchone()
    assert announcements == 2 + WRITERS * WRITES
    assert episodes == WRITERS * WRITES  # every increment kept: no lost update
    assert version == 1 + WRITERS * WRITES
