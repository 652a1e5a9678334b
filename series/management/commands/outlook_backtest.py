"""`outlook_backtest`: score past forecasts and keep the run (series.outlook.runs)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from series.outlook.model import PRIOR_STRENGTH
from series.outlook.runs import FOLLOW_UP_DAYS, NothingToScore, run_backtest


def _day(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"{text!r} is not a date; write it as 2026-06-30.") from error


class Command(BaseCommand):
    help = (
        "Forecast each past day's undecided seasons from what was on record that day, score "
        "them against the decisions that came later (Brier score against the base rate, "
        "calibration by tenths, hit rate at 50 %), and store the run for the track record."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--start", help="First day to forecast (default: a year before the last)."
        )
        parser.add_argument(
            "--end",
            help=f"Last day to forecast (default: {FOLLOW_UP_DAYS} days ago, so every "
            "forecast has had that long to be answered).",
        )
        parser.add_argument("--step", type=int, default=7, help="Days between forecast days.")
        parser.add_argument(
            "--prior-strength",
            type=float,
            default=PRIOR_STRENGTH,
            help="How many decisions the wider rate counts as.",
        )
        parser.add_argument(
            "--by-score", action="store_true", help="Also compare seasons by critic-score band."
        )

    def handle(self, *args, **options):
        today = timezone.localdate()
        settled = today - datetime.timedelta(days=FOLLOW_UP_DAYS)
        end = _day(options["end"]) if options["end"] else settled
        start = _day(options["start"]) if options["start"] else end - datetime.timedelta(days=365)
        if start > end or end > today:
            raise CommandError("The range must run forwards and end by today.")
        if end > settled:
            self.stderr.write(
                f"Forecasts after {settled} have had less than {FOLLOW_UP_DAYS} days to be "
                "answered: only the quick answers are scored, and those lean to cancellations."
            )
        if options["step"] < 1 or options["prior_strength"] <= 0:
            raise CommandError("--step and --prior-strength must be positive.")
        try:
            run = run_backtest(
                start, end, options["step"], options["prior_strength"], options["by_score"], today
            )
        except NothingToScore as error:
            raise CommandError(str(error)) from error
        self.report(run)

    def report(self, run):
        write = self.stdout.write
        model = "network x season group" + (" x critic-score band" if run.by_score else "")
        write(f"Outlook backtest {run.start} to {run.end}, every {run.step_days} days ({model})")
        write(f"  forecasts scored      {run.forecasts} ({run.questions} questions)")
        write(f"  Brier score           {run.brier:.4f}")
        write(f"  base-rate Brier       {run.base_brier:.4f}")
        write(
            f"  difference            {run.brier - run.base_brier:+.4f} (standard error "
            f"{run.difference_error:.4f}); skill {run.skill:.1%}"
        )
        verdict = "beats" if run.beats_base_rate else "does not beat"
        write(f"  the outlook {verdict} the base rate (by more than two standard errors)")
        shown = "with critic-score bands" if run.shows_by_score else "without critic-score bands"
        write(f"  the site now shows    the model {shown}")
        write(f"  hit rate at 50 %      {run.hit_rate:.1%} (base rate {run.base_hit_rate:.1%})")
        write("  calibration           forecast  observed  count")
        for row in run.calibration:
            write(
                f"    {row['low']:.0%}-{row['high']:.0%}{'':<10}{row['forecast']:>7.1%}"
                f"{row['observed']:>10.1%}{row['count']:>7}"
            )
