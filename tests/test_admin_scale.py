"""Every admin page an editor uses issues as many queries with a larger catalogue.

The pages are the ones `make bench` times at 50,000 shows (bench/admin.py), opened on
the seed facts plus a small and then a larger demo catalogue (`seed_demo`).
"""

import importlib.util
import io
from pathlib import Path

import pytest
from django.contrib.admin.templatetags.admin_list import date_hierarchy
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from series import changelists
from series.models import Network
from tests.factories import SeasonFactory

pytestmark = pytest.mark.django_db

spec = importlib.util.spec_from_file_location(
    "bench_admin", Path(__file__).resolve().parent.parent / "bench" / "admin.py"
)
bench_admin = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench_admin)


def query_counts(client, only=""):
    counts = {}
    for label, path in bench_admin.pages(bench_admin.object_ids()):
        if not label.startswith(only):
            continue
        client.get(path)  # the first request fills Django's own caches (content types)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (label, path, response.status_code)
        counts[label] = len(queries)
    return counts


def catalogue(shows):
    """`shows` demo shows, plus a draft on the first demo network that "harbor" finds, so
    every search and filter lists something at every size (an empty list skips queries)."""
    call_command("seed_demo", clear=True, shows=shows, no_progress=True, stdout=io.StringIO())
    SeasonFactory(
        show__title="Harbor Lights",
        show__slug="demo-harbor-lights",
        show__network=Network.objects.filter(slug__startswith="demo-").order_by("pk").first(),
        show__is_published=False,
        number=1,
    )


def test_admin_pages_issue_the_same_queries_at_two_sizes(admin_client, seed):
    catalogue(3)
    small = query_counts(admin_client)
    catalogue(30)
    large = query_counts(admin_client)
    assert large == small


@pytest.mark.parametrize("few", [0, 10**9], ids=["long lists", "short lists"])
def test_announcement_lists_issue_the_same_queries(admin_client, seed, monkeypatch, few):
    """FEW = 0: every list is "long", its date links read by index probes; 10**9: by a scan."""
    monkeypatch.setattr(changelists, "FEW", few)
    catalogue(3)
    small = query_counts(admin_client, only="announcement list")
    catalogue(30)
    large = query_counts(admin_client, only="announcement list")
    assert large == small


def test_date_links_are_the_same_read_by_probes(admin_client, seed, monkeypatch):
    """The announcement list's year, month and day links, short-list way and probe way."""
    catalogue(30)
    paths = [
        "",
        "?announced_date__year=2020",
        "?announced_date__year=2020&announced_date__month=2",
    ]
    url = "/admin/series/announcement/"

    def links():
        return [date_links(admin_client.get(url + query).context["cl"]) for query in paths]

    by_scan = links()
    monkeypatch.setattr(changelists, "FEW", 0)
    assert links() == by_scan
    assert by_scan[0]  # some years are offered


def date_links(changelist):
    return [choice["title"] for choice in date_hierarchy(changelist)["choices"]]
