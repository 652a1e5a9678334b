"""The editors' workbench pages in process: queries and time per page, at each catalogue size.

Run by bench/run.py against each bench database (`workbench.py` prints JSON); the
admin pages need a signed-in user, so they are measured through Django's test
client with a throwaway superuser instead of through gunicorn and wrk.
"""

import json
import os
import statistics
import sys
import time

RUNS = 15
PAGES = [
    ("admin index (Needs attention counts)", "admin:index", ""),
    ("worklist", "admin:worklist", ""),
    ("worklist, one kind", "admin:worklist", "?kind=quiet"),
    ("recent changes", "admin:recent-changes", ""),
]


def measure():
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    user, _ = get_user_model().objects.get_or_create(
        username="bench-workbench", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    pages = []
    for label, name, query in PAGES:
        path = reverse(name) + query
        client.get(path)  # warm Django's own caches
        with CaptureQueriesContext(connection) as queries:
            status = client.get(path).status_code
        query_count = len(queries)  # now: later requests reset the connection's query log
        if status != 200:
            raise SystemExit(f"{path} answered {status}, not 200")
        timings = []
        for _ in range(RUNS):
            started = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
        pages.append(
            {
                "page": label,
                "path": path,
                "status": status,
                "queries": query_count,
                "p50_ms": statistics.median(timings),
            }
        )
    user.delete()
    return pages


def run(env, python, root):
    """Measure against the database in `env` (a subprocess, so settings come from env)."""
    import subprocess

    out = subprocess.run(
        [python, str(root / "bench" / "workbench.py")],
        cwd=root,
        env={**env, "PAGE_CACHE": "false"},
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def report(runs):
    """Markdown lines: each page's queries and in-process p50 at every size, and the ratio."""
    sizes = [run["shows"] for run in runs]
    lines = [
        "#### Editors' workbench (in process, signed in; bench/workbench.py)",
        "",
        "| page | "
        + " | ".join(f"queries at {n}" for n in sizes)
        + " | "
        + " | ".join(f"p50 ms at {n}" for n in sizes)
        + " | largest / smallest |",
        "|---|" + "---|" * (2 * len(sizes) + 1),
    ]
    for index, (label, _, _) in enumerate(PAGES):
        rows = [run["workbench"][index] for run in runs]
        ratio = rows[-1]["p50_ms"] / rows[0]["p50_ms"] if rows[0]["p50_ms"] else 0
        lines.append(
            f"| {label} | "
            + " | ".join(str(row["queries"]) for row in rows)
            + " | "
            + " | ".join(f"{row['p50_ms']:.1f}" for row in rows)
            + f" | {ratio:.2f}× |"
        )
    return [*lines, ""]


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "showtracker.settings")
    import django

    django.setup()
    print(json.dumps(measure()))
