"""What bench/run.py and bench/admin.py share: the bench databases and how they are prepared.

Both measure on the same database per catalogue size: SQLite files under bench/data/, or
BENCH_DATABASE_URL=postgres://... ("{shows}" in it becomes the size). Neither script
imports the other; both import this.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
PYTHON = sys.executable


def log(message):
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def base_env(database_url):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-" + "x" * 50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "STATIC_ROOT": str(DATA / "static"),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    if os.environ.get("BENCH_CACHE_URL"):
        env["CACHE_URL"] = os.environ["BENCH_CACHE_URL"]
    return env


def manage(env, *args, quiet=True):
    subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def database_for(shows):
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        # "{shows}" in the URL keeps one database per size (no reseeding between runs).
        return url.replace("{shows}", str(shows))
    return f"sqlite:///{DATA / f'shows-{shows}.sqlite3'}"


def demo_count(env):
    out = subprocess.run(
        [
            PYTHON,
            "manage.py",
            "shell",
            "-c",
            "from series.models import Show; "
            "print(Show.objects.filter(slug__startswith='demo-').count())",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return int(out.stdout.strip().splitlines()[-1])


# Fresh planner statistics after migrating: a migration that rewrites rows (0017 backfills
# every show's season count) left PostgreSQL reading dead rows until autovacuum ran, and
# the SQL of some admin pages 2-3x slower.
ANALYZE = (
    "from django.db import connection; "
    "connection.cursor().execute("
    "'VACUUM ANALYZE' if connection.vendor == 'postgresql' else 'ANALYZE')"
)


def prepare(env, shows, fresh):
    log(f"migrating {env['DATABASE_URL']}")
    manage(env, "migrate", "--noinput")
    manage(env, "shell", "-c", ANALYZE)
    if fresh or demo_count(env) != shows:
        log(f"seeding {shows} demo shows")
        started = time.monotonic()
        subprocess.run(
            [PYTHON, "manage.py", "seed_demo", "--clear", "--shows", str(shows)],
            cwd=ROOT,
            env=env,
            check=True,
        )
        log(f"seeded in {time.monotonic() - started:.0f} s")
    else:
        log(f"reusing the {shows} demo shows already in the database")
    manage(env, "loaddata", "spinning_out")
    manage(env, "collectstatic", "--noinput")
