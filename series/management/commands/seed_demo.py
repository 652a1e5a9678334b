"""`seed_demo --shows 50000`: a demo catalogue for benchmarks and demos (series.demo)."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from series.demo import DemoCatalogue, DemoPresent


class Command(BaseCommand):
    help = "Create N demo shows (slugs 'demo-...') with seasons, credits, scores, announcements."

    def add_arguments(self, parser):
        parser.add_argument("--shows", type=int, default=1000, help="How many shows to create.")
        parser.add_argument(
            "--clear", action="store_true", help="Delete all demo data first (and only it)."
        )
        parser.add_argument("--seed", type=int, default=5, help="Random seed (repeatable runs).")
        parser.add_argument("--no-progress", action="store_true", help="No progress line.")

    def handle(self, *args, **options):
        count = options["shows"]
        if count < 0:
            raise CommandError("--shows must be 0 or more.")
        catalogue = DemoCatalogue(seed=options["seed"])
        if options["clear"]:
            catalogue.clear()
        if count == 0:
            return
        started = time.monotonic()
        progress = None if options["no_progress"] else self.progress(count, started)
        try:
            seasons = catalogue.create(count, progress)
        except DemoPresent as error:
            raise CommandError(str(error)) from error
        if progress:
            sys.stderr.write("\n")
        self.stdout.write(
            f"Created {count} demo shows in {time.monotonic() - started:.1f} s "
            f"({seasons} seasons)."
        )

    @staticmethod
    def progress(count, started):
        def report(done):
            elapsed = time.monotonic() - started
            rate = done / elapsed if elapsed else 0
            eta = (count - done) / rate if rate else 0
            sys.stderr.write(
                f"\rseed_demo: {done}/{count} shows ({100 * done // count}%) "
                f"{elapsed:.0f} s elapsed, ~{eta:.0f} s left   "
            )
            sys.stderr.flush()

        return report
