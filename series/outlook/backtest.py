"""The outlook's track record: forecasts as they would have been made on past days,
scored against the decisions that came later (pure).

On each day of a range, every question then standing and unanswered gets the odds
computed from the record as it was that day (`Record.of(questions, day)`: only
answers whose date had wholly passed). Those that have been answered since are
scored: Brier score against the base rate's (the share of all decisions on record
that day renewed), a calibration table by tenths, and the hit rate at 50 %.

A question open on many days is forecast on each, so forecasts are not independent:
the standard error of the Brier difference is computed by question (a cluster-robust
estimate), and the model is said to beat the base rate only when its Brier score is
lower by more than two such errors.
"""

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass

from .model import PRIOR_STRENGTH, RENEWED, Record, odds

MARGIN = 2  # standard errors by which the model must beat the base rate to say it does


@dataclass(frozen=True)
class Forecast:
    question: tuple  # (show, season number)
    day: datetime.date
    probability: float
    base_rate: float
    renewed: bool


def forecasts(questions, start, end, step=7, strength=PRIOR_STRENGTH, by_score=False):
    """Every forecast from `start` to `end`, each `step` days, of the questions answered
    since (the answer standing now, dated); questions still open are not scored."""
    scored = [q for q in questions if q.answered_on() is not None]
    result = []
    day = start
    while day <= end:
        record = Record.of(questions, day, by_score)
        base = (record.overall.renewed + 1) / (record.overall.decided + 2)
        for question in scored:
            if question.answered_on() <= day or not question.asked(day):
                continue
            if question.answer(day) is not None:  # answered then, reversed since
                continue
            chance = odds(record, question, day, strength, interval=False)
            result.append(
                Forecast(
                    (question.show, question.number),
                    day,
                    chance.probability,
                    base,
                    question.answer() == RENEWED,
                )
            )
        day += datetime.timedelta(days=step)
    return result


@dataclass(frozen=True)
class Score:
    """How the forecasts did."""

    count: int
    questions: int
    brier: float
    base_brier: float
    difference_error: float  # the standard error of brier - base_brier
    hit_rate: float  # forecasts on the right side of 50 %
    base_hit_rate: float
    calibration: list  # [{"low", "high", "count", "forecast", "observed"}], by tenths

    @property
    def beats_base_rate(self):
        return self.base_brier - self.brier > MARGIN * self.difference_error

    @property
    def skill(self):
        """1 - brier / base_brier: the share of the base rate's error the model removes."""
        return 1 - self.brier / self.base_brier if self.base_brier else 0.0


def _squared(p, renewed):
    return (p - renewed) ** 2


def score(forecast_list):
    """The Brier scores, their difference's error, hit rates and calibration table."""
    count = len(forecast_list)
    if not count:
        return None
    brier = sum(_squared(f.probability, f.renewed) for f in forecast_list) / count
    base = sum(_squared(f.base_rate, f.renewed) for f in forecast_list) / count
    mean = brier - base
    by_question = defaultdict(lambda: [0.0, 0])
    for f in forecast_list:
        cluster = by_question[f.question]
        cluster[0] += _squared(f.probability, f.renewed) - _squared(f.base_rate, f.renewed)
        cluster[1] += 1
    spread = sum((total - n * mean) ** 2 for total, n in by_question.values())
    error = math.sqrt(spread) / count
    bins = defaultdict(list)
    for f in forecast_list:
        bins[min(int(f.probability * 10), 9)].append(f)
    calibration = [
        {
            "low": k / 10,
            "high": (k + 1) / 10,
            "count": len(bins[k]),
            "forecast": sum(f.probability for f in bins[k]) / len(bins[k]),
            "observed": sum(f.renewed for f in bins[k]) / len(bins[k]),
        }
        for k in range(10)
        if bins[k]
    ]
    return Score(
        count=count,
        questions=len(by_question),
        brier=brier,
        base_brier=base,
        difference_error=error,
        hit_rate=sum((f.probability >= 0.5) == f.renewed for f in forecast_list) / count,
        base_hit_rate=sum((f.base_rate >= 0.5) == f.renewed for f in forecast_list) / count,
        calibration=calibration,
    )
