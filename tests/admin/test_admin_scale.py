"""Every admin page an editor uses issues as many queries with a larger catalogue.

The pages are the ones `make bench` times at 50,000 shows (bench/admin.py), opened on
the seed facts plus a small and then a larger demo catalogue (`seed_demo`).
"""

import importlib.util
import io
import re
from pathlib import Path

import pytest
from django.contrib.admin.templatetags.admin_list import date_hierarchy
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from series import pagination, search
from series.admin import changelists
from series.models import Network
from tests.factories import SeasonFactory

pytestmark = pytest.mark.django_db

spec = importlib.util.spec_from_file_location(
    "bench_admin", Path(__file__).resolve().parents[2] / "bench" / "admin.py"
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


def test_searches_walked_in_list_order_issue_the_same_queries(admin_client, seed, monkeypatch):
    """Every term that finds something counts as common (series/search/ walks the list)."""
    monkeypatch.setattr(search.index, "DENSE", 0)
    monkeypatch.setattr(search.index, "MAX_LISTED_KEYS", 0)
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


@pytest.fixture
def five_seasons(db, monkeypatch):
    """Five seasons, two to a page, counted at most three rows past the page shown."""
    from series.admin.records import SeasonAdmin

    monkeypatch.setattr(pagination, "COUNT_AHEAD", 3)
    monkeypatch.setattr(SeasonAdmin, "list_per_page", 2)
    SeasonFactory.create_batch(5, show__title="Harbor Lights")


def paginator_text(response):
    return " ".join(re.search(r'<p class="paginator">(.*?)</p>', response.text, re.S)[1].split())


def test_a_long_list_says_more_than_what_it_counted(admin_client, five_seasons):
    """The count stops past the page shown; the list says so and offers the next pages."""
    response = admin_client.get("/admin/series/season/?q=harbor")
    changelist = response.context["cl"]
    assert changelist.result_count == 3 and not changelist.result_count.exact
    assert "more than 3 results" in " ".join(response.text.split())
    text = paginator_text(response)
    assert "more than 3 seasons" in text
    assert text.rstrip().startswith("<span") and "…" in text  # 1 2 …
    assert len(changelist.result_list) == 2


def test_a_page_past_the_count_is_listed_and_then_counted_exactly(admin_client, five_seasons):
    response = admin_client.get("/admin/series/season/?q=harbor&p=3")
    changelist = response.context["cl"]
    assert changelist.result_count == 5 and changelist.result_count.exact
    assert "5 seasons" in paginator_text(response)
    assert len(changelist.result_list) == 1
    # Past the last row: Django's answer to a page that does not exist.
    assert admin_client.get("/admin/series/season/?q=harbor&p=9").url.endswith("?e=1")


def test_a_short_list_is_counted_exactly(admin_client, five_seasons):
    response = admin_client.get("/admin/series/season/?q=nothing-like-it")
    assert response.context["cl"].result_count == 0
    assert response.context["cl"].result_count.exact


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statistics")
def test_an_unfiltered_big_table_is_estimated_on_postgresql(
    admin_client, five_seasons, monkeypatch
):
    monkeypatch.setattr(pagination, "ESTIMATE_ABOVE", 0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE series_season")
    response = admin_client.get("/admin/series/season/")
    count = response.context["cl"].result_count
    assert not count.exact and count.qualifier == "about"
    assert f"about {int(count):,} seasons" in paginator_text(response)


def test_row_checkbox_is_djangos(rf):
    """The admin's own row checkbox, written out for speed, renders the same HTML."""
    from django.contrib import admin as django_admin

    from series.admin.records import SeasonAdmin
    from series.models import Season

    season = SeasonFactory(show__title='Tom & "Jerry"')
    ours = SeasonAdmin(Season, django_admin.site).action_checkbox(season)
    djangos = django_admin.ModelAdmin.action_checkbox(
        SeasonAdmin(Season, django_admin.site), season
    )
    assert ours == djangos
