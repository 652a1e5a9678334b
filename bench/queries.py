"""Queries per page (Django test client + CaptureQueriesContext) and the search query's time.

Run by bench/run.py against the bench database: `queries.py SEARCH PATH...`; prints JSON.
"""

import json
import os
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "showtracker.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from series.filters import ShowFilterForm  # noqa: E402
from series.models import Show  # noqa: E402
from series.site.views import ShowListPaginator  # noqa: E402

RUNS = 30


def page_queries(paths):
    client = Client()
    pages = {}
    for path in paths:
        client.get(path)  # first request warms Django's own caches (ContentTypes, templates)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        pages[path] = {"status": response.status_code, "queries": len(queries)}
    return pages


def search_time(term):
    """What the show list does for a search: count the matches and fetch the first page."""
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        form = ShowFilterForm({"q": term})
        form.is_valid()
        # As the page reads it: a common term walked, its count then a bound.
        shows = form.filter(Show.objects.published().select_related("network"), walk_common=True)
        matches = ShowListPaginator(shows, 20).count
        list(shows[:20])
        timings.append((time.perf_counter() - started) * 1000)
    return {
        "runs": RUNS,
        "p50": statistics.median(timings),
        "max": max(timings),
        "matches": str(matches),
    }


if __name__ == "__main__":
    term, *paths = sys.argv[1:]
    print(json.dumps({"pages": page_queries(paths), "search": search_time(term)}))
