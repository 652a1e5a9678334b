"""Load the seed facts into a database that has no shows yet (used by `make run`)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from series.models import Show

SEED_FIXTURES = ["spinning_out"]


class Command(BaseCommand):
    help = "Load the seed fixtures when the database holds no shows; otherwise do nothing."

    def handle(self, *args, **options):
        if Show.objects.exists():
            self.stdout.write("Shows already present; seed facts not loaded.")
            return
        call_command("loaddata", *SEED_FIXTURES, verbosity=options["verbosity"])
