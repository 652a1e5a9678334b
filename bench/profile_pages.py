"""Python calls and CPU time per uncached request of the public pages, in process.

    DATABASE_URL=sqlite:////tmp/shows-2000.sqlite3 .venv/bin/python bench/profile_pages.py
    ... bench/profile_pages.py season show --sort cumulative   # with the top of the profile

Django's test client with production settings (DEBUG off, the page cache off), three
warm-up requests, then cProfile over 20 requests: the call count is deterministic, so
it compares two versions of the code on a machine too busy for timings to agree. Also
prints wall and CPU ms per request (median of 40, unprofiled). Static files: `make bench`
collects them into bench/data/static.
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = {
    "healthz": "/healthz",
    "season": "/shows/spinning-out/season/2/",
    "show": "/shows/spinning-out/",
    "list": "/shows/",
    "home": "/",
}
SETTINGS = {
    "DJANGO_SETTINGS_MODULE": "showtracker.settings",
    "DEBUG": "false",
    "PAGE_CACHE": "false",
    "SECRET_KEY": "profile-only-" + "x" * 50,
    "ALLOWED_HOSTS": "testserver",
    "SECURE_SSL_REDIRECT": "false",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
    "LOG_LEVEL": "WARNING",
    "STATIC_ROOT": str(ROOT / "bench" / "data" / "static"),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", help=f"names ({', '.join(PAGES)}) or paths")
    parser.add_argument("--sort", help="print the top 40 of the profile in this pstats order")
    args = parser.parse_args()
    for name, value in SETTINGS.items():
        os.environ.setdefault(name, value)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test import Client

    client = Client()
    for name in args.pages or PAGES:
        url = PAGES.get(name, name)
        for _ in range(3):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(20):
            client.get(url)
        profile.disable()
        calls = pstats.Stats(profile).total_calls // 20
        wall, cpu = [], []
        for _ in range(40):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(url)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        print(
            f"{name:10} {calls:7,d} calls/request  wall p50 {statistics.median(wall):6.2f} ms"
            f"  cpu p50 {statistics.median(cpu):6.2f} ms  {len(response.content):,d} bytes"
        )
        if args.sort:
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats(args.sort).print_stats(40)
            print(out.getvalue())


if __name__ == "__main__":
    main()
