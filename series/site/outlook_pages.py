"""The outlook's method in plain words, and its published track record (the last
backtest run): the pages every outlook on the site links to."""

from django.views.generic import TemplateView

from series.outlook.model import (
    INTERVAL,
    MIN_TIMING_SAMPLE,
    PRIOR_STRENGTH,
    SCORE_BANDS,
)
from series.outlook.runs import latest_run, shown_by_score, shown_run


class OutlookMethodView(TemplateView):
    """How an outlook is counted, and the backtest evidence for the model the site uses:
    the latest run of the model shown and of the one with critic-score bands."""

    template_name = "series/outlook_method.html"

    def get_context_data(self, **kwargs):
        plain, banded = latest_run(False), latest_run(True)
        return super().get_context_data(
            prior_strength=f"{PRIOR_STRENGTH:g}",
            interval=round(INTERVAL * 100),
            min_timing_sample=MIN_TIMING_SAMPLE,
            bands=[name for _, name in SCORE_BANDS],
            by_score=shown_by_score(plain, banded),
            plain_run=plain,
            banded_run=banded,
            **kwargs,
        )


class OutlookRecordView(TemplateView):
    """The published track record: the latest backtest run of the model the site shows."""

    template_name = "series/outlook_record.html"

    def get_context_data(self, **kwargs):
        run = shown_run()
        calibration = [
            {
                **row,
                "low": round(row["low"] * 100),
                "high": round(row["high"] * 100),
                "forecast": round(row["forecast"] * 100),
                "observed": round(row["observed"] * 100),
            }
            for row in (run.calibration if run else [])
        ]
        return super().get_context_data(run=run, calibration=calibration, **kwargs)
