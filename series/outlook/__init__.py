"""The outlook while nobody has decided: renewal odds and decision timing, estimated
from the recorded decisions only, and the backtest that scores them.

`model` holds the arithmetic (pure), `questions` turns a show's seasons into the
questions they ask (pure), `records` reads them from the database, `tallies` keeps
their counts (one row per answered question, summed by network) as the facts change,
`backtest` scores past forecasts (pure), `runs` stores a backtest run and the model
the site shows, `pending` gives a waiting season its outlook, and `sentences` says an
outlook in words that never state it as a fact.
"""

import datetime
from dataclasses import dataclass

from .model import PRIOR_STRENGTH, Question, Record, odds, timing
from .sentences import basis, timing_sentence


@dataclass(frozen=True)
class Outlook:
    """What a visitor is shown about a question nobody has answered yet."""

    probability: float
    interval: tuple
    sample: int
    renewed: int
    basis: str
    timing: str
    as_of: datetime.date
    later_than: float | None  # the share of the network's decisions that came sooner
    overdue: bool  # later than half of the network's decisions

    @property
    def percent(self):
        return round(self.probability * 100)

    @property
    def interval_percent(self):
        return tuple(round(bound * 100) for bound in self.interval)


def outlook(record, question, network_name, today, strength=PRIOR_STRENGTH):
    """The outlook for `question` from `record` (the counts of the decisions on record)."""
    chance = odds(record, question, today, strength)
    habit = timing(record, question, today)
    later = habit.later_than if habit else None
    return Outlook(
        probability=chance.probability,
        interval=chance.interval,
        sample=chance.sample,
        renewed=chance.renewed,
        basis=basis(chance, network_name),
        timing=timing_sentence(habit, network_name, question.number),
        as_of=today,
        later_than=later,
        overdue=later is not None and later > 0.5,
    )


__all__ = ["Outlook", "Question", "Record", "outlook"]
