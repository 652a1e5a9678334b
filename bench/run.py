"""`make bench`: throughput, latency and queries per page through gunicorn, at several sizes.

For each catalogue size it migrates a separate bench database, seeds N demo shows
(`seed_demo`) plus the Spinning Out fixture, starts gunicorn with production
settings on a free loopback port, drives every page with `wrk`, counts each page's
queries with Django's test client, and writes the tables into BENCHMARKS.md.

Uncached pages are measured on a server started with PAGE_CACHE=false (the page
cache off, nothing else changed); cached pages on a second server with the cache
on, after a warm-up. Each ratio is to /healthz measured on the same server.

Only `wrk` is needed (Debian's package; installed with apt-get when missing and
running as root). SQLite by default (files under bench/data/); PostgreSQL with
BENCH_DATABASE_URL=postgres://... (its demo data is replaced for each size).
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import workbench  # bench/workbench.py: the editors' admin pages
from common import DATA, PYTHON, ROOT, base_env, database_for, log, prepare

SEARCH = "harbor"

# (label, path, cached?) — the URLs pages other branches add may 404 here; they are reported.
PAGES = [
    ("home", "/", False),
    ("show list", "/shows/", False),
    ("search", f"/shows/?q={SEARCH}", False),
    ("show", "/shows/spinning-out/", False),
    ("season", "/shows/spinning-out/season/2/", False),
    ("Atom feed", "/feeds/announcements/", False),
    ("API list", "/api/v1/shows", False),
    ("API season", "/api/v1/shows/spinning-out/seasons/2", False),
    ("season, cached", "/shows/spinning-out/season/2/", True),
    ("show list, cached", "/shows/", True),
]
HEALTHZ = "/healthz"
# For scale, on the uncached server: the lightest answers this stack gives, each with the
# status it should answer. A page's budget reads against these as well as the floor.
REFERENCES = [
    ("robots.txt: no query, no template", "/robots.txt", 200),
    ("not found: one query, the site's layout", "/shows/no-such-show/", 404),
]


def ensure_wrk():
    if shutil.which("wrk"):
        return
    if os.geteuid() != 0:
        sys.exit("wrk is missing: sudo apt-get install -y wrk")
    log("installing wrk with apt-get")
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)


def free_port():
    """A free loopback port: from BENCH_PORTS ("9100-9199") when set, else any."""
    first, _, last = os.environ.get("BENCH_PORTS", "0-0").partition("-")
    for port in range(int(first), int(last) + 1):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    sys.exit(f"no free port in BENCH_PORTS={os.environ['BENCH_PORTS']}")


def get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


class Server:
    """gunicorn with production settings on a free loopback port."""

    def __init__(self, env, cache):
        self.port = free_port()
        self.env = {
            **env,
            "PORT": str(self.port),
            "HOST": "127.0.0.1",
            "ACCESS_LOG": "",
            # Errors only: Django logs each 404 (a reference row) as a warning.
            "LOG_LEVEL": "ERROR",
            "PAGE_CACHE": "true" if cache else "false",
            "GUNICORN_LOG_LEVEL": "warning",
        }
        self.base = f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        self.process = subprocess.Popen(
            # Workers are not recycled while measured: gunicorn.conf.py restarts each one
            # after 2,000 requests, which the /healthz floor (1,000-2,500 requests/s)
            # crossed several times a run and a page rarely did. With recycling the floor
            # on PostgreSQL read 904-2,098 requests/s in 8 runs of 5 s, without it
            # 1,957-2,756.
            [PYTHON, "-m", "gunicorn", "--config", "gunicorn.conf.py", "--max-requests", "0"],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
        )
        for _ in range(100):
            try:
                if get(self.base + HEALTHZ)[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.__exit__()
        sys.exit("gunicorn did not answer /healthz")

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def wrk(url, args):
    """Requests/s and p50/p99 latency in milliseconds."""
    out = subprocess.run(
        [
            "wrk",
            f"--threads={args.threads}",
            f"--connections={args.connections}",
            f"--duration={args.duration}s",
            "--latency",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = {
        pct: float(value) * UNITS[unit]
        for pct, value, unit in re.findall(
            r"^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", out, re.M
        )
    }
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        "p50": latency.get("50"),
        "p99": latency.get("99"),
        "errors": int(errors.group(1)) if errors else 0,
    }


def measure(server, rows, args):
    """Each page between two /healthz floors, its share taken of their mean.

    One floor just before each page let a dip in the machine's load flatter a page: once
    the floor before the season page read 354 and 377 requests/s, against 677-969 for its
    neighbours, and the page read 45 % of it; alternated with the floor in three rounds
    the same page was 20 %. The floor after a page is the next page's floor before, so
    this costs one more floor per server.
    """
    before = floor = wrk(server.base + HEALTHZ, args)
    results = {"/healthz": floor}
    for label, path, expected in rows:
        status, _headers = get(server.base + path)
        if status != expected:
            results[label] = {"status": status}
            log(f"{label} {path}: {status}, not measured")
            continue
        for _ in range(20):  # warm every worker (and its cache)
            get(server.base + path)
        result = wrk(server.base + path, args)
        after = wrk(server.base + HEALTHZ, args)
        result["status"] = status
        result["floor"] = (before["rps"] + after["rps"]) / 2
        result["floors"] = (before["rps"], after["rps"])
        result["ratio"] = result["rps"] / result["floor"]
        results[label] = result
        log(f"{label}: {result['rps']:.0f} req/s, p50 {result['p50']:.1f} ms")
        before = after
    return floor, results


def conditional_get(server):
    path = "/shows/spinning-out/season/2/"
    status, headers = get(server.base + path)
    etag = headers.get("ETag")
    if status != 200 or not etag:
        return f"no ETag (status {status})"
    again, _ = get(server.base + path, {"If-None-Match": etag})
    return f"{again} ({'304 Not Modified as expected' if again == 304 else 'expected 304'})"


def count_queries(env, paths):
    out = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "queries.py"), SEARCH, *paths],
        cwd=ROOT,
        env={**env, "PAGE_CACHE": "false"},
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def run_size(shows, args):
    env = base_env(database_for(shows))
    prepare(env, shows, args.fresh)
    uncached = [(label, path, 200) for label, path, cached in PAGES if not cached]
    cached = [(label, path, 200) for label, path, cached in PAGES if cached]
    log(f"{shows} shows: counting queries")
    queries = count_queries(env, [path for _, path, _ in uncached + REFERENCES])
    log(f"{shows} shows: the editors' workbench pages")
    workbench_pages = workbench.run(env, PYTHON, ROOT)
    log(f"{shows} shows: uncached pages (PAGE_CACHE=false)")
    with Server(env, cache=False) as server:
        floor, results = measure(server, uncached + REFERENCES, args)
    log(f"{shows} shows: cached pages")
    with Server(env, cache=True) as server:
        cached_floor, cached_results = measure(server, cached, args)
        conditional = conditional_get(server)
    return {
        "shows": shows,
        "floor": floor,
        "cached_floor": cached_floor,
        "results": {**results, **cached_results},
        "queries": queries,
        "conditional": conditional,
        "workbench": workbench_pages,
    }


def machine():
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = re.search(r"MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text())
    ram = f"{int(mem.group(1)) / 1024 / 1024:.1f} GiB" if mem else "unknown RAM"
    system = f"{platform.platform()}, Python {platform.python_version()}"
    return f"{os.cpu_count()} CPUs ({cpu}), {ram}, {system}"


def fmt(value, pattern):
    return "–" if value is None else pattern.format(value)


def page_row(label, path, expected, result, queries, missing=""):
    """One measured URL's row; one that answered another status than `expected` is named."""
    if result.get("status") != expected:
        status = f"**{result.get('status')}**{missing}"
        return f"| {label} | `{path}` | {status} | – | – | – | – | – | – |"
    return (
        f"| {label} | `{path}` | {expected} | {result['rps']:.0f} | {result['p50']:.2f} | "
        f"{result['p99']:.2f} | {result['floors'][0]:.0f}, {result['floors'][1]:.0f} | "
        f"{result['ratio']:.2f} | {queries} |"
    )


def table(run):
    lines = [
        f"#### {run['shows']:,} shows",
        "",
        "| page | URL | status | requests/s | p50 ms | p99 ms "
        "| /healthz req/s before, after | × /healthz (of their mean) | queries |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    floor = run["floor"]
    lines.append(
        f"| /healthz (floor, uncached server) | `/healthz` | 200 | {floor['rps']:.0f} | "
        f"{fmt(floor['p50'], '{:.2f}')} | {fmt(floor['p99'], '{:.2f}')} | – | 1.00 | 1 |"
    )
    cached_floor = run["cached_floor"]
    for label, path, is_cached in PAGES:
        if is_cached and label == PAGES[[r[2] for r in PAGES].index(True)][0]:
            lines.append(
                f"| /healthz (floor, cached server) | `/healthz` | 200 | "
                f"{cached_floor['rps']:.0f} | {fmt(cached_floor['p50'], '{:.2f}')} | "
                f"{fmt(cached_floor['p99'], '{:.2f}')} | – | 1.00 | 1 |"
            )
        query = run["queries"]["pages"].get(path, {})
        queries = "0 (cache)" if is_cached else str(query.get("queries", "–"))
        result = run["results"][label]
        lines.append(page_row(label, path, 200, result, queries, " (not on this branch)"))
    for label, path, expected in REFERENCES:
        queries = run["queries"]["pages"].get(path, {}).get("queries", "–")
        lines.append(page_row(label, path, expected, run["results"].get(label, {}), queries))
    search = run["queries"]["search"]
    lines += [
        "",
        f"Search query alone (ShowFilterForm q={SEARCH!r}, count + first page, in process, "
        f"{search['runs']} runs): p50 {search['p50']:.1f} ms, max {search['max']:.1f} ms, "
        f"{search['matches']} matches.",
        f"Conditional GET of the season page with its ETag: {run['conditional']}.",
        "",
    ]
    return lines


def budgets(runs):
    small, large = runs[0], runs[-1]
    lines = ["#### Budgets", "", "| budget | measured | holds? |", "|---|---|---|"]

    def row(name, measured, holds):
        lines.append(f"| {name} | {measured} | {'yes' if holds else '**no**'} |")

    for run in runs:
        season = run["queries"]["pages"].get("/shows/spinning-out/season/2/", {})
        q = season.get("queries")
        row(f"season page queries ≤ 6 ({run['shows']:,} shows)", q, q is not None and q <= 6)
    for run in runs:
        uncached = run["results"]["season"]
        cached = run["results"]["season, cached"]
        if uncached.get("status") == 200:
            row(
                f"uncached season ≥ 35 % of /healthz ({run['shows']:,})",
                f"{uncached['ratio']:.0%}",
                uncached["ratio"] >= 0.35,
            )
        if cached.get("status") == 200:
            row(
                f"cached season ≥ 80 % of /healthz ({run['shows']:,})",
                f"{cached['ratio']:.0%}",
                cached["ratio"] >= 0.80,
            )
    if small is not large:
        for label, _path, _ in PAGES:
            a, b = small["results"][label], large["results"][label]
            if a.get("status") == 200 and b.get("status") == 200:
                # p50 latency, and the share of the /healthz floors measured around it
                # (which cancels load from other processes on a shared machine).
                by_latency = b["p50"] / a["p50"]
                by_share = a["ratio"] / b["ratio"]
                row(
                    f"{label}: {large['shows']:,} vs {small['shows']:,} shows ≤ 1.3× slower",
                    f"p50 {a['p50']:.1f} → {b['p50']:.1f} ms ({by_latency:.2f}×); "
                    f"share of floor {a['ratio']:.2f} → {b['ratio']:.2f} ({by_share:.2f}×)",
                    min(by_latency, by_share) <= 1.3,
                )
    search = large["queries"]["search"]
    row(
        f"search ≤ 50 ms p50 at {large['shows']:,} shows (query, in process)",
        f"{search['p50']:.1f} ms",
        search["p50"] <= 50,
    )
    page = large["results"]["search"]
    if page.get("status") == 200:
        row(
            f"search page ≤ 50 ms p50 at {large['shows']:,} shows (through gunicorn)",
            f"{page['p50']:.1f} ms",
            page["p50"] <= 50,
        )
    return [*lines, ""]


def write_report(runs, args, engine, edits=None):
    marker = f"bench:{engine}"
    command = "make bench " + " ".join(
        f"{k}={v}" for k, v in (("BENCH_SHOWS", " ".join(map(str, args.shows))),)
    )
    if os.environ.get("BENCH_DATABASE_URL"):
        command = "BENCH_DATABASE_URL=postgres://... " + command
    body = [
        f"<!-- {marker}:start -->",
        f"### {engine}",
        "",
        f"- Command: `{command}` (wrk {args.duration} s, {args.connections} connections, "
        f"{args.threads} threads, per URL; gunicorn from gunicorn.conf.py without worker "
        "recycling, "
        f"{os.cpu_count() * 2 + 1} sync workers)",
        f"- Date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {machine()}; shared with other jobs while it ran",
        "- Page cache: "
        + (
            os.environ.get("BENCH_CACHE_URL")
            or "file cache in .cache/ (production's default without CACHE_URL)"
        ),
        "",
    ]
    for run in runs:
        body += table(run)
    body += budgets(runs)
    body += page_budgets(runs)
    body += workbench.report(runs)
    if edits:
        body += edits_report(edits, args)
    body.append(f"<!-- {marker}:end -->")
    path = ROOT / args.output
    text = path.read_text() if path.exists() else "# Benchmarks\n\n"
    pattern = re.compile(rf"<!-- {marker}:start -->.*?<!-- {marker}:end -->", re.S)
    block = "\n".join(body)
    text = (
        pattern.sub(lambda _: block, text) if pattern.search(text) else text + "\n" + block + "\n"
    )
    path.write_text(text)
    print(block)


# --- Under edits, and through Varnish ------------------------------------------------
# A read load over READ_PAGES season pages of an EDIT_SHOWS-show catalogue, idle and
# while bench/editor.py renames a random show every EDIT_INTERVAL seconds and checks
# that the page it just changed shows the change (stale reads); then the same through
# Varnish (deploy/varnish/default.vcl) purged by the editor's saves.
EDIT_SHOWS = 2000
READ_PAGES = 400
EDIT_INTERVAL = 0.5
VCL = ROOT / "deploy" / "varnish" / "default.vcl"


def read_set(env):
    """READ_PAGES season pages of published demo shows, the same ones every run."""
    script = (
        "import json, random; from series.models import Season; "
        "seasons = list(Season.objects.published().filter(show__slug__startswith='demo-')"
        ".select_related('show').order_by('pk')); "
        f"print(json.dumps([s.get_absolute_url() for s in "
        f"random.Random(400).sample(seasons, {READ_PAGES})]))"
    )
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def wrk_paths(base, paths_file, args):
    """wrk over every path in `paths_file` in turn (bench/paths.lua)."""
    out = subprocess.run(
        [
            "wrk",
            f"--threads={args.threads}",
            f"--connections={args.connections}",
            f"--duration={args.edit_duration // EDIT_ROUNDS}s",
            "--latency",
            "--script",
            str(ROOT / "bench" / "paths.lua"),
            base,
        ],
        env={**os.environ, "WRK_PATHS": str(paths_file)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"^\s+50%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        "p50": float(p50.group(1)) * UNITS[p50.group(2)] if p50 else None,
        "errors": int(errors.group(1)) if errors else 0,
    }


def cached_count(base, paths, header, value):
    """How many of `paths` the cache answers (the header says so); also warms the rest."""
    return sum(get(base + path)[1].get(header) == value for path in paths)


class Editor:
    """bench/editor.py in the background for the length of a `with` block."""

    def __init__(self, env, base, paths_file):
        self.env, self.base, self.paths_file = env, base, paths_file

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                PYTHON,
                str(ROOT / "bench" / "editor.py"),
                self.base,
                str(EDIT_INTERVAL),
                str(self.paths_file),
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.process.stdout.readline()  # "ready": set up, so its start-up is not measured
        return self

    def __exit__(self, *exc):
        # CPU seconds the editor used (user + system, from /proc), to set against the
        # read load's: it shares the same cores.
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        self.process.send_signal(signal.SIGTERM)
        out, _ = self.process.communicate(timeout=60)
        self.stats = {**json.loads(out.strip().splitlines()[-1]), "cpu_s": round(cpu, 1)}


class Varnish:
    """varnishd in the foreground, its files in bench/data, in front of `backend_port`."""

    def __init__(self, port, backend_port):
        self.port, self.backend_port = port, backend_port
        self.base = f"http://127.0.0.1:{port}"

    def __enter__(self):
        varnishd = shutil.which("varnishd") or "/usr/sbin/varnishd"
        if not Path(varnishd).exists():
            sys.exit("varnishd is missing: apt-get install -y varnish varnish-modules")
        vcl = DATA / "bench.vcl"
        vcl.write_text(
            VCL.read_text().replace('.port = "8000";', f'.port = "{self.backend_port}";')
        )
        self.process = subprocess.Popen(
            [
                varnishd,
                "-F",
                "-j",
                "none",
                "-n",
                str(DATA / "varnish"),
                "-a",
                f"127.0.0.1:{self.port}",
                "-f",
                str(vcl),
                "-s",
                "malloc,256m",
            ],
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(100):
            if self.process.poll() is not None:
                sys.exit(f"varnishd exited with {self.process.returncode}")
            try:
                if get(self.base + HEALTHZ)[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.__exit__()
        sys.exit("varnishd did not answer")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


EDIT_ROUNDS = 3


def combined(runs):
    """Several wrk runs of equal length as one: mean req/s, median p50, summed errors."""
    p50s = sorted(run["p50"] for run in runs if run["p50"] is not None)
    return {
        "rps": sum(run["rps"] for run in runs) / len(runs),
        "p50": p50s[len(p50s) // 2] if p50s else None,
        "errors": sum(run["errors"] for run in runs),
    }


def edit_phase(label, base, floor_base, paths, paths_file, env, header, hit, args):
    """Idle and under-edits throughput over `paths` through `base`.

    Idle and editing alternate in EDIT_ROUNDS rounds, so a change in the load other
    jobs put on the shared machine weighs on both alike.
    """
    log(f"under edits ({label}): warming {len(paths)} pages")
    cached_count(base, paths, header, hit)
    floor = wrk(floor_base + HEALTHZ, args)
    idle, editing, stats = [], [], {}
    for _ in range(EDIT_ROUNDS):
        idle.append(wrk_paths(base, paths_file, args))
        with Editor(env, base, paths_file) as editor:
            editing.append(wrk_paths(base, paths_file, args))
        for name, value in editor.stats.items():
            stats[name] = stats.get(name, 0) + value
    still = cached_count(base, paths, header, hit)
    idle, editing = combined(idle), combined(editing)
    log(f"under edits ({label}): idle {idle['rps']:.0f}, edits {editing['rps']:.0f}, {stats}")
    return {
        "floor": floor,
        "idle": idle,
        "editing": editing,
        "editor": stats,
        "still_cached": still,
    }


def under_edits(args):
    env = base_env(database_for(EDIT_SHOWS))
    prepare(env, EDIT_SHOWS, args.fresh)
    paths = read_set(env)
    paths_file = DATA / "read-set.txt"
    paths_file.write_text("\n".join(paths) + "\n")
    result = {"pages": len(paths), "shows": EDIT_SHOWS}
    # Varnish may keep pages as long as it would when purged (the server never saves).
    with Server({**env, "PAGE_CACHE_SHARED_MAX_AGE": "600"}, cache=True) as server:
        result["app"] = edit_phase(
            "page cache", server.base, server.base, paths, paths_file, env,
            "X-Page-Cache", "hit", args,
        )  # fmt: skip
        with Varnish(free_port(), server.port) as varnish:
            purged = {**env, "CACHE_PURGE_URLS": varnish.base + "/"}
            result["varnish"] = edit_phase(
                "Varnish", varnish.base, server.base, paths, paths_file, purged,
                "X-Cache", "HIT", args,
            )  # fmt: skip
    return result


def edits_report(result, args):
    lines = [
        f"#### Under edits: {result['pages']} season pages of {result['shows']:,} shows",
        "",
        f"wrk over the {result['pages']} pages in turn, {args.edit_duration} s idle and "
        f"{args.edit_duration} s under edits, alternating in {EDIT_ROUNDS} rounds; "
        f"the editor renames a random published show every {EDIT_INTERVAL} s and, once "
        "each save has committed (and its purges are out), reads one of that show's season "
        "pages through the same front, counting those that do not show the new title as "
        "stale. Editor CPU: the editor process's own CPU time in the phase (it runs on the "
        f"same {os.cpu_count()} cores as wrk, gunicorn and Varnish).",
        "",
        "| front | /healthz req/s (gunicorn) | idle req/s | × /healthz | under edits req/s "
        "| under edits ÷ idle | p50 ms idle → edits | edits | stale reads / checks "
        "| errors | pages still cached after | editor CPU |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for key, label in (("app", "gunicorn + page cache"), ("varnish", "Varnish → gunicorn")):
        phase = result[key]
        idle, editing, editor = phase["idle"], phase["editing"], phase["editor"]
        lines.append(
            f"| {label} | {phase['floor']['rps']:.0f} | {idle['rps']:.0f} | "
            f"{idle['rps'] / phase['floor']['rps']:.2f} | {editing['rps']:.0f} | "
            f"**{editing['rps'] / idle['rps']:.2f}** | {fmt(idle['p50'], '{:.2f}')} → "
            f"{fmt(editing['p50'], '{:.2f}')} | {editor['edits']} | "
            f"**{editor['stale']}** / {editor['checks']} | "
            f"{idle['errors'] + editing['errors'] + editor['errors']} | "
            f"{phase['still_cached']} of {result['pages']} | "
            f"{editor.get('cpu_s', 0):.1f} s of {args.edit_duration} s |"
        )
    return [*lines, ""]


def page_budgets(runs):
    """Each uncached page's share of /healthz against its budget (35 % season, 25 % others)."""
    lines = [
        "#### Uncached pages against their budgets",
        "",
        "| page | budget | " + " | ".join(f"{run['shows']:,} shows" for run in runs) + " |",
        "|---|---:|" + "---:|" * len(runs),
    ]
    for label, budget in (
        ("season", 0.35),
        ("show", 0.25),
        ("show list", 0.25),
        ("home", 0.25),
        ("API season", 0.25),
    ):
        cells = []
        for run in runs:
            result = run["results"].get(label, {})
            if result.get("status") != 200:
                cells.append("–")
                continue
            ratio = result["ratio"]
            cells.append(f"{ratio:.0%}" + ("" if ratio >= budget else " (**no**)"))
        lines.append(f"| {label} | ≥ {budget:.0%} | " + " | ".join(cells) + " |")
    for label, _path, expected in REFERENCES:
        cells = []
        for run in runs:
            result = run["results"].get(label, {})
            cells.append(f"{result['ratio']:.0%}" if result.get("status") == expected else "–")
        lines.append(f"| *for scale:* {label} | – | " + " | ".join(cells) + " |")
    return [*lines, ""]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shows", type=int, nargs="+", default=[100, 50000])
    parser.add_argument("--duration", type=int, default=5, help="wrk seconds per URL")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--fresh", action="store_true", help="reseed even if the size matches")
    parser.add_argument("--output", default="BENCHMARKS.md")
    parser.add_argument(
        "--edit-duration", type=int, default=15, help="wrk seconds per under-edits phase"
    )
    parser.add_argument("--no-edits", action="store_true", help="skip the under-edits phases")
    args = parser.parse_args()
    ensure_wrk()
    DATA.mkdir(parents=True, exist_ok=True)
    engine = "PostgreSQL" if os.environ.get("BENCH_DATABASE_URL") else "SQLite"
    runs = [run_size(shows, args) for shows in args.shows]
    edits = None if args.no_edits else under_edits(args)
    write_report(runs, args, engine, edits)
    # Then the admin pages and the search, in process, on the same databases.
    admin = [PYTHON, str(ROOT / "bench" / "admin.py"), "--output", args.output, "--shows"]
    subprocess.run([*admin, *map(str, args.shows)], cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
