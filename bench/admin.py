"""The admin and the public search in process: time and queries per page, at each size.

`make bench` runs this after the gunicorn runs (bench/run.py); `make bench-admin` runs it
alone. For each catalogue size it uses the bench database bench/common.py prepares (SQLite
under bench/data/, or BENCH_DATABASE_URL), logs in a superuser with Django's test client,
and requests every admin list, search, filter, autocomplete and change page an editor
uses: one warm-up request, then the median of 5 timed requests, with the page cache off
(the admin is never cached anyway) and the query count of the last request. It also times
the public search (`ShowFilterForm`, the query alone and the /shows/?q= page) and the
public scorecard (all networks, a TV season, one network), anonymous and uncached.

The tables go into BENCHMARKS.md between the `admin-bench:<engine>` markers.

Run one size by hand (prints JSON): `DATABASE_URL=... python bench/admin.py --measure`.
"""

import argparse
import datetime
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET_MS = 100
SEARCH_BUDGET_MS = 50
RUNS = 5


def pages(ids):
    """(label, path) for every admin page an editor uses; `ids` names objects to open."""
    autocomplete = "/admin/autocomplete/?app_label=series&model_name={}&field_name={}&term={}"
    show_list = "/admin/series/show/"
    season_list = "/admin/series/season/"
    announcement_list = "/admin/series/announcement/"
    return [
        ("index", "/admin/"),
        # Shows
        ("show list", show_list),
        ("show list, search `harbor`", show_list + "?q=harbor"),
        ("show list, search an IMDb id", show_list + "?q=tt9000042"),
        ("show list, filter status", show_list + "?status__exact=returning"),
        ("show list, filter drafts", show_list + "?is_published__exact=0"),
        ("show list, filter network", show_list + f"?network__id__exact={ids['network']}"),
        ("show list, filter genre", show_list + f"?genres__id__exact={ids['genre']}"),
        ("show list, sort by seasons", show_list + "?o=-4"),
        ("show list, sort by updated", show_list + "?o=-6"),
        ("show change", f"/admin/series/show/{ids['show']}/change/"),
        ("show add", "/admin/series/show/add/"),
        ("show history", f"/admin/series/show/{ids['show']}/history/"),
        # Seasons
        ("season list", season_list),
        ("season list, search `spinning`", season_list + "?q=spinning"),
        ("season list, filter decision cancelled", season_list + "?decision=cancelled"),
        ("season list, filter awaiting decision", season_list + "?decision=pending"),
        ("season list, filter made", season_list + "?decision=made"),
        (
            "season list, filter network",
            season_list + f"?show__network__id__exact={ids['network']}",
        ),
        ("season list, filter drafts", season_list + "?show__is_published__exact=0"),
        ("season list, sort by premiere", season_list + "?o=-5"),
        ("season change", f"/admin/series/season/{ids['season']}/change/"),
        ("season add", "/admin/series/season/add/"),
        # Announcements
        ("announcement list", announcement_list),
        ("announcement list, search `spinning`", announcement_list + "?q=spinning"),
        ("announcement list, search `variety`", announcement_list + "?q=variety"),
        ("announcement list, filter decision", announcement_list + "?decision__exact=cancelled"),
        (
            "announcement list, filter network",
            announcement_list + f"?season__show__network__id__exact={ids['network']}",
        ),
        (
            "announcement list, date year",
            announcement_list + f"?announced_date__year={ids['year']}",
        ),
        ("announcement change", f"/admin/series/announcement/{ids['announcement']}/change/"),
        ("announcement add", "/admin/series/announcement/add/"),
        # People and credits
        ("person list", "/admin/series/person/"),
        ("person list, search `kaya`", "/admin/series/person/?q=kaya"),
        ("person list, search `ava adams`", "/admin/series/person/?q=ava+adams"),
        ("person change", f"/admin/series/person/{ids['person']}/change/"),
        ("cast credit list", "/admin/series/castcredit/"),
        ("cast credit list, search `kaya`", "/admin/series/castcredit/?q=kaya"),
        ("cast credit list, filter role", "/admin/series/castcredit/?role__exact=recurring"),
        ("cast credit change", f"/admin/series/castcredit/{ids['castcredit']}/change/"),
        ("crew credit list", "/admin/series/crewcredit/"),
        ("crew credit list, search `harbor`", "/admin/series/crewcredit/?q=harbor"),
        ("crew credit list, filter job", "/admin/series/crewcredit/?job__exact=director"),
        ("crew credit change", f"/admin/series/crewcredit/{ids['crewcredit']}/change/"),
        ("critic score list", "/admin/series/criticscore/"),
        ("critic score list, search `spinning`", "/admin/series/criticscore/?q=spinning"),
        (
            "critic score list, filter aggregator",
            "/admin/series/criticscore/?aggregator__exact=metacritic",
        ),
        ("critic score change", f"/admin/series/criticscore/{ids['criticscore']}/change/"),
        # Networks and genres
        ("network list", "/admin/series/network/"),
        ("network list, filter kind", "/admin/series/network/?kind__exact=streaming"),
        ("network change", f"/admin/series/network/{ids['network']}/change/"),
        ("genre list", "/admin/series/genre/"),
        ("genre change", f"/admin/series/genre/{ids['genre']}/change/"),
        # The workbench: what needs an editor, and who changed what
        ("worklist", "/admin/needs-attention/"),
        ("recent changes", "/admin/recent-changes/"),
        # Following: editors read the delivery logs
        ("subscription list", "/admin/follows/subscription/"),
        ("webhook endpoint list", "/admin/follows/webhookendpoint/"),
        ("digest list", "/admin/follows/digest/"),
        ("email delivery list", "/admin/follows/emaildelivery/"),
        ("webhook delivery list", "/admin/follows/webhookdelivery/"),
        ("webhook attempt list", "/admin/follows/webhookattempt/"),
        # Autocompletes (the pickers on the forms)
        ("autocomplete season `spin`", autocomplete.format("announcement", "season", "spin")),
        ("autocomplete season `harbor`", autocomplete.format("castcredit", "season", "harbor")),
        ("autocomplete show `spin`", autocomplete.format("season", "show", "spin")),
        ("autocomplete show `harbor`", autocomplete.format("crewcredit", "show", "harbor")),
        ("autocomplete person `kaya`", autocomplete.format("castcredit", "person", "kaya")),
        ("autocomplete person `ava`", autocomplete.format("castcredit", "person", "ava")),
        ("autocomplete network `stream`", autocomplete.format("show", "network", "stream")),
        ("autocomplete, no term (first page)", autocomplete.format("castcredit", "season", "")),
    ]


def scorecard_pages(ids):
    """(label, path) for the trade-press scorecard: last year is the busiest TV season."""
    import datetime

    year = datetime.date.today().year - 1
    return [
        ("all networks, all years", "/scorecard/"),
        (f"TV season {year}", f"/scorecard/?year={year}"),
        ("one network", f"/scorecard/?network={ids['network_slug']}"),
        (f"one network, {year}", f"/scorecard/?year={year}&network={ids['network_slug']}"),
    ]


def object_ids():
    """Objects to open: the seed fixture's (the same at every size) and a demo network."""
    from series.models import (
        Announcement,
        CastCredit,
        CrewCredit,
        CriticScore,
        Genre,
        Network,
        Season,
    )

    season = Season.objects.select_related("show").get(show__slug="spinning-out", number=2)
    network = Network.objects.filter(slug__startswith="demo-").order_by("pk").first()
    network = network or season.show.network
    genre = Genre.objects.order_by("pk").first()
    announcement = Announcement.objects.filter(season=season).order_by("pk").first()
    credits = CastCredit.objects.filter(season__show=season.show).order_by("pk")
    return {
        "show": season.show_id,
        "season": season.pk,
        "network": network.pk,
        "network_slug": network.slug,
        "genre": genre.pk if genre else 0,
        "announcement": announcement.pk,
        "year": announcement.announced_date.year,
        "person": credits.values_list("person", flat=True)[0],
        "castcredit": credits.values_list("pk", flat=True)[0],
        "crewcredit": CrewCredit.objects.filter(show=season.show).values_list("pk", flat=True)[0],
        "criticscore": CriticScore.objects.filter(season__show=season.show)
        .values_list("pk", flat=True)
        .first()
        or CriticScore.objects.values_list("pk", flat=True)[0],
    }


def timed(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(path)  # warm-up
    timings, cpu, sql = [], [], []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        sql.append(sum(float(query["time"]) for query in queries.captured_queries) * 1000)
    return {
        "status": response.status_code,
        "ms": statistics.median(timings),
        "cpu_ms": statistics.median(cpu),
        "sql_ms": statistics.median(sql),
        "queries": len(queries),
    }


def decision_save_time(client):
    """An editor's save of a season's change form that flips one announcement's decision
    (renewed <-> cancelled) on a demo show of the network with the most shows: the
    derivation, the outlook's recount and the change event all run in the request.
    One warm-up save, then the median of `RUNS`; an even number of saves in all, so the
    announcement ends as it began."""
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from series.models import Announcement, Network, Season
    from tests.admin_helpers import current_version, management_data, season_form

    network = Network.objects.annotate(shows_count=Count("shows")).order_by("-shows_count")[0]
    announcement = (
        Announcement.objects.filter(
            season__show__network=network,
            season__show__slug__startswith="demo-",
            season__premiere_date__isnull=True,  # a cancellation may sit on it
            decision__in=["renewed", "cancelled"],
        )
        .order_by("pk")
        .first()
    )
    if announcement is None:
        return None
    url = reverse("admin:series_season_change", args=[announcement.season_id])
    timings, cpu, sql = [], [], []
    for attempt in range(1 + RUNS + (1 + RUNS) % 2):
        stored = Announcement.objects.get(pk=announcement.pk)
        season = Season.objects.get(pk=announcement.season_id)
        row = {
            "id": stored.pk,
            "season": season.pk,
            "decision": "cancelled" if stored.decision == "renewed" else "renewed",
            "announced_date": stored.announced.as_input(),
            "source_name": stored.source_name,
            "source_url": stored.source_url,
            "summary": stored.summary,
            "version": stored.version,
        }
        data = {
            **season_form(season),
            "version": current_version(season),
            **management_data("season", {"announcements": [row]}),
        }
        with CaptureQueriesContext(connection) as queries:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.post(url, data)
            elapsed = (time.perf_counter() - started) * 1000
            used = (time.process_time() - started_cpu) * 1000
        if attempt and len(timings) < RUNS:
            timings.append(elapsed)
            cpu.append(used)
            sql.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
    return {
        "path": url,
        "network_shows": network.shows_count,
        "status": response.status_code,
        "ms": statistics.median(timings),
        "cpu_ms": statistics.median(cpu),
        "sql_ms": statistics.median(sql),
        "queries": len(queries),
    }


def search_query_time(term):
    """The public search alone, as the show list runs it: count the matches, fetch a page."""
    from series.filters import ShowFilterForm
    from series.models import Show
    from series.site.views import ShowListPaginator

    timings = []
    for _ in range(1 + 30):
        started = time.perf_counter()
        form = ShowFilterForm({"q": term})
        form.is_valid()
        # As the page reads it: a common term walked, its count then a bound.
        shows = form.filter(Show.objects.published().select_related("network"), walk_common=True)
        matches = ShowListPaginator(shows, 20).count
        list(shows[:20])
        timings.append((time.perf_counter() - started) * 1000)
    return {"ms": statistics.median(timings[1:]), "matches": str(matches)}


def measure():
    """Every page on the database in DATABASE_URL; returns a JSON-able dict."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "showtracker.settings")
    os.environ["PAGE_CACHE"] = "false"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from series.models import Show

    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    load_before = os.getloadavg()[0]
    results = {}
    ids = object_ids()
    for label, path in pages(ids):
        results[label] = {"path": path, **timed(client, path)}
    scorecard = {}
    for label, path in scorecard_pages(ids):
        scorecard[label] = {"path": path, **timed(Client(), path)}
    public = {}
    for term in ["harbor", "spinning", "ava"]:
        public[term] = {
            "query": search_query_time(term),
            "page": timed(Client(), f"/shows/?q={term}"),
        }
    return {
        "shows": Show.objects.count(),
        "pages": results,
        "save": decision_save_time(client),
        "search": public,
        "scorecard": scorecard,
        "load": [load_before, os.getloadavg()[0]],
    }


def measure_scorecard():
    """The scorecard pages alone on the database in DATABASE_URL (a quick check by hand)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "showtracker.settings")
    os.environ["PAGE_CACHE"] = "false"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test import Client

    load_before = os.getloadavg()[0]
    results = {
        label: {"path": path, **timed(Client(), path)}
        for label, path in scorecard_pages(object_ids())
    }
    return {"scorecard": results, "load": [load_before, os.getloadavg()[0]]}


def bench_common():
    """bench/common.py, imported when used: the tests load this file for its page list
    (`pages`, `object_ids`) without bench/ on the import path."""
    sys.path.insert(0, str(ROOT / "bench"))
    import common

    return common


def run_sizes(sizes):
    """Measure each size in its own process, on the database bench/run.py prepared for it."""
    common = bench_common()
    runs = []
    for shows in sizes:
        env = {**common.base_env(common.database_for(shows)), "PAGE_CACHE": "false"}
        if common.demo_count(env) != shows:  # one database for every size: seed this one
            common.prepare(env, shows, fresh=False)
        common.log(f"{shows} shows: admin pages in process")
        out = subprocess.run(
            [sys.executable, str(Path(__file__)), "--measure"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        runs.append({"size": shows, **json.loads(out.stdout)})
    return runs


def cost(result, engine):
    """The page's own cost: this process's CPU time, plus the SQL time on PostgreSQL
    (its server's work is not in our CPU time; SQLite's is)."""
    extra = result["sql_ms"] if engine == "PostgreSQL" else 0
    return result["cpu_ms"] + extra


def cells(result, engine):
    if result["status"] != 200:
        return [f"**{result['status']}**", "–", "–"]
    own = cost(result, engine)
    own = f"{own:.1f}" if own <= BUDGET_MS else f"**{own:.1f}**"
    return [own, f"{result['ms']:.1f}", str(result["queries"])]


def report(runs, engine):
    sizes = " and ".join(f"{run['size']:,}" for run in runs)
    own = "CPU + SQL" if engine == "PostgreSQL" else "CPU"
    lines = [
        f"<!-- admin-bench:{engine}:start -->",
        f"### Admin and search in process, {engine}",
        "",
        f"- Date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC; "
        f"{sizes} demo shows plus the seed facts; load average while it ran: "
        + ", ".join(f"{run['load'][0]:.1f}–{run['load'][1]:.1f}" for run in runs)
        + f" on {os.cpu_count()} CPUs.",
        "- Django's test client in one process, a superuser, page cache off; each page "
        f"requested once to warm up, then the median of {RUNS}; queries of the last request.",
        f"- **{own} ms** is the page's own cost: this process's CPU time"
        + (
            " plus the time its SQL queries took (the server's work)"
            if engine == "PostgreSQL"
            else " (SQLite runs in process)"
        )
        + f"; bold when over the {BUDGET_MS} ms budget. **Wall ms** is the elapsed time, "
        "which on this shared machine mostly measures waiting for a core.",
        "",
        "| page | "
        + " | ".join(f"{run['size']:,}: {own} ms | wall ms | queries" for run in runs)
        + " | URL |",
        "|---|" + "---:|---:|---:|" * len(runs) + "---|",
    ]
    for label, first in runs[0]["pages"].items():
        row = []
        for run in runs:
            row += cells(run["pages"][label], engine)
        lines.append(f"| {label} | " + " | ".join(row) + f" | `{first['path']}` |")
    lines += [
        "",
        f"Public search (`ShowFilterForm`: titles and people's names), budget {SEARCH_BUDGET_MS}"
        " ms p50 at the largest size. *Query*: count + first page of 20, wall p50 of 30 runs; "
        f"*page*: `/shows/?q=`, anonymous, {own} ms and wall ms, median of {RUNS}.",
        "",
        "| term | "
        + " | ".join(
            f"{run['size']:,}: query ms | page {own} ms | page wall ms | queries | matches"
            for run in runs
        )
        + " |",
        "|---|" + "---:|---:|---:|---:|---:|" * len(runs),
    ]
    for term in runs[0]["search"]:
        row = []
        for run in runs:
            found = run["search"][term]
            page = found["page"]
            row += [
                f"{found['query']['ms']:.1f}",
                f"{cost(page, engine):.1f}",
                f"{page['ms']:.1f}",
                str(page["queries"]),
                str(found["query"]["matches"]),
            ]
        lines.append(f"| `{term}` | " + " | ".join(row) + " |")
    lines += [
        "",
        f"Public scorecard, anonymous, page cache off, budget {BUDGET_MS} ms: "
        f"{own} ms and wall ms, median of {RUNS}, queries of the last request.",
        "",
        "| page | "
        + " | ".join(f"{run['size']:,}: {own} ms | wall ms | queries" for run in runs)
        + " | URL |",
        "|---|" + "---:|---:|---:|" * len(runs) + "---|",
    ]
    for label, first in runs[0].get("scorecard", {}).items():
        row = []
        for run in runs:
            row += cells(run["scorecard"][label], engine)
        lines.append(f"| {label} | " + " | ".join(row) + f" | `{first['path']}` |")
    saves = [run for run in runs if run.get("save")]
    if saves:
        lines += [
            "",
            "An editor's save that changes a decision: the season's change form posted with "
            "one announcement flipped between renewed and cancelled, on a demo show of the "
            f"network with the most shows; {own} ms and wall ms, median of {RUNS} after a "
            "warm-up save, queries of the last.",
            "",
            "| shows | network's shows | " + f"{own} ms | wall ms | queries |",
            "|---:|---:|---:|---:|---:|",
        ]
        for run in saves:
            save = run["save"]
            # A save that was taken answers 302 (back to the list); any other is shown bold.
            taken = {**save, "status": 200 if save["status"] == 302 else save["status"]}
            own_ms, wall, queries = cells(taken, engine)
            lines.append(
                f"| {run['size']:,} | {save['network_shows']:,} | {own_ms} | {wall} | {queries} |"
            )
    lines.append(f"<!-- admin-bench:{engine}:end -->")
    return "\n".join(lines)


def write(block, engine, output):
    path = ROOT / output
    text = path.read_text() if path.exists() else "# Benchmarks\n\n"
    marker = f"admin-bench:{engine}"
    pattern = re.compile(rf"<!-- {marker}:start -->.*?<!-- {marker}:end -->", re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text)


def main(sizes, output="BENCHMARKS.md"):
    # BENCH_DATABASE_URL may name SQLite files too ("sqlite:////tmp/shows-{shows}.sqlite3").
    url = os.environ.get("BENCH_DATABASE_URL", "")
    engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    block = report(run_sizes(sizes), engine)
    write(block, engine, output)
    print(block)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shows", type=int, nargs="+", default=[100, 50000])
    parser.add_argument("--output", default="BENCHMARKS.md")
    parser.add_argument("--prepare", action="store_true", help="migrate and seed each size first")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--scorecard",
        action="store_true",
        help="time only the public scorecard on DATABASE_URL and print JSON",
    )
    args = parser.parse_args()
    if args.scorecard:
        print(json.dumps(measure_scorecard(), indent=1))
    elif args.measure:
        print(json.dumps(measure()))
    else:
        if args.prepare:
            common = bench_common()
            common.DATA.mkdir(parents=True, exist_ok=True)
            for shows in args.shows:
                common.prepare(common.base_env(common.database_for(shows)), shows, fresh=False)
        main(args.shows, args.output)
