"""Find facts that disagree with each other, print them, and fail if there are any.

Run after imports and from cron; it exits 1 when it finds anything. The checks are
`series.consistency`'s; the findings are kept for the editors' worklist.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from series import consistency


class Command(BaseCommand):
    help = (
        "List every inconsistency in the facts (stale decisions and statuses, impossible "
        "dates, missing seasons, duplicate-looking people); exit 1 if there is any."
    )

    def handle(self, *args, **options):
        findings = consistency.find_inconsistencies(timezone.localdate())
        consistency.keep_findings(findings)
        if not findings:
            self.stdout.write("No inconsistencies found.")
            return
        for heading, lines in findings.items():
            self.stdout.write(f"{heading} ({len(lines)}):")
            for line in lines:
                self.stdout.write(f"  - {line}")
        total = consistency.total(findings)
        raise CommandError(f"{total} inconsistenc{'y' if total == 1 else 'ies'} found.")
