"""Renewal odds and decision timing from the recorded decisions: pure, `today` passed in.

The unit is a *question*: after season N of a show has aired, will season N + 1 be
made? Its answer is the decision recorded on season N + 1 (the project's convention:
a cancellation lives on the season that will not be made): renewed or renewed as the
final season, or made without an announcement (it premiered, or a later season has a
decision), is "renewed"; cancelled is "cancelled". A season announced as the final one
asks no question. Each answer carries the day it was on record at the latest (the
last day of its fuzzy date's period), so the same questions can be read as of any
past day for the backtest without seeing what came later.

Odds: the share of the network's questions after the same season number (1, 2, 3+)
answered "renewed", shrunk toward the same share over all networks with a Beta prior
worth `PRIOR_STRENGTH` decisions (`odds`). Timing: the network's days from finale to
decision (`timing`).
"""

import datetime
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field

from series.fuzzy import FuzzyDate
from series.status import Decision, has_aired

from .beta import beta_quantile

# How many decisions the wider rate counts as: a network's own record in a group weighs
# as much as all networks' once it holds this many decisions. It matters only for small
# networks: on 50,000 demo shows, 3, 10 and 30 all scored a Brier score of 0.2071
# (`manage.py outlook_backtest --prior-strength`, 7 December).
PRIOR_STRENGTH = 10
INTERVAL = 0.9  # the equal-tailed share of the posterior the interval covers
MIN_TIMING_SAMPLE = 5  # fewer of a network's dated decisions say nothing about its habits
RENEWED, CANCELLED = Decision.RENEWED.value, Decision.CANCELLED.value
MADE = (Decision.RENEWED, Decision.FINAL, Decision.MADE)

GROUP_NAMES = {1: "a first season", 2: "a second season", 3: "a third or later season"}
# Critic-score bands (the mean of each aggregator's latest score); "unscored" is a band.
SCORE_BANDS = ((80, "scored 80 or more"), (60, "scored 60 to 79"), (0, "scored under 60"))
UNSCORED = "not scored"


def outcome(decision):
    """A season's current decision as the answer to the question before it."""
    return RENEWED if decision in MADE else CANCELLED


def season_group(number):
    """The comparable seasons: first, second, third or later."""
    return min(number, 3)


def score_band(score):
    if score is None:
        return UNSCORED
    return next(name for floor, name in SCORE_BANDS if score >= floor)


def midpoint(date):
    """The middle day of a fuzzy date's period: unbiased for a day anywhere in it."""
    return date.start + (date.end - date.start) // 2


@dataclass(frozen=True)
class Answer:
    """One answer to a question, on record from `known` (None: undated, known today only)."""

    known: datetime.date | None
    outcome: str
    decided: FuzzyDate | None = None  # the announcement's date, when there was one


@dataclass(frozen=True)
class Question:
    """After season `number` of a show aired, is season `number` + 1 made?"""

    show: int
    network: int
    number: int
    premiere: FuzzyDate
    finale: FuzzyDate | None = None
    answers: tuple = ()  # Answer, in the order they came
    scores: tuple = ()  # (retrieved on or None, aggregator, score)

    def asked(self, day):
        """Whether the question stood on `day`: the season had premiered."""
        return has_aired(self.premiere, day)

    def answer(self, day=None):
        """The outcome on record by `day` (None: everything on record), or None."""
        known = [a.outcome for a in self.answers if day is None or (a.known and a.known <= day)]
        return known[-1] if known else None

    def answered_on(self):
        """The day the answer that stands now was on record (None: open, or undated)."""
        return self.answers[-1].known if self.answers else None

    def delay(self):
        """Days from the finale to the first announced answer, or None if either is unknown.

        Negative when the network decided before the finale (an early renewal). Each
        date counts from the middle of its period.
        """
        first = self.answers[0].decided if self.answers else None
        if self.finale is None or first is None:
            return None
        return (midpoint(first) - midpoint(self.finale)).days

    def score(self, day=None):
        """The mean of each aggregator's latest score retrieved by `day` (undated
        snapshots count once the season has aired), or None."""
        latest = {}
        for retrieved, aggregator, value in self.scores:
            known = retrieved if retrieved is not None else self.premiere.end
            newer = aggregator not in latest or known >= latest[aggregator][0]
            if (day is None or known <= day) and newer:
                latest[aggregator] = (known, value)
        if not latest:
            return None
        return sum(value for _, value in latest.values()) / len(latest)

    def counted(self, day=None, by_score=False):
        """What the question adds to a record as of `day`: (its group key, whether it was
        renewed, its delay or None), or None while it is unanswered. A delay counts once
        its first answer was on record."""
        answer = self.answer(day)
        if answer is None:
            return None
        delay = self.delay()
        if day is not None and delay is not None and self.answers[0].known > day:
            delay = None
        return group_key(self, day, by_score), answer == RENEWED, delay

    def since_finale(self, day):
        """Whole days from the finale's end to `day`, or None before it (or without one)."""
        if self.finale is None or not self.finale.has_arrived(day):
            return None
        return (day - self.finale.end).days


@dataclass
class Tally:
    renewed: int = 0
    decided: int = 0

    def add(self, renewed):
        self.renewed += renewed
        self.decided += 1

    @property
    def rate(self):
        return self.renewed / self.decided if self.decided else None


def group_key(question, day=None, by_score=False):
    key = (season_group(question.number),)
    return (*key, score_band(question.score(day))) if by_score else key


@dataclass
class Record:
    """What the recorded decisions say, as counts: the outlook's only input.

    `cells[(network, group...)]` and `groups[(group...)]` tally renewals; `delays[network]`
    holds the sorted days from finale to decision.
    """

    by_score: bool = False
    cells: dict = field(default_factory=lambda: defaultdict(Tally))
    groups: dict = field(default_factory=lambda: defaultdict(Tally))
    overall: Tally = field(default_factory=Tally)
    delays: dict = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def of(cls, questions, day=None, by_score=False):
        """The record as it stood on `day` (None: everything on record now)."""
        record = cls(by_score=by_score)
        for question in questions:
            counted = question.counted(day, by_score)
            if counted is None:
                continue
            key, renewed, delay = counted
            record.cells[(question.network, *key)].add(renewed)
            record.groups[key].add(renewed)
            record.overall.add(renewed)
            if delay is not None:
                record.delays[question.network].append(delay)
        for days in record.delays.values():
            days.sort()
        return record


@dataclass(frozen=True)
class Odds:
    """The chance the next season is made, with its interval and what it rests on."""

    probability: float
    interval: tuple
    renewed: int  # of `sample` comparable decisions on this network
    sample: int
    wider_rate: float  # the same group over all networks, which the estimate leans on
    wider_sample: int
    group: tuple


def wider_rate(record, key, strength=PRIOR_STRENGTH):
    """The group's share over all networks, itself leaning on the overall share (and
    on a flat prior when nothing is on record yet)."""
    overall = (record.overall.renewed + 1) / (record.overall.decided + 2)
    group = record.groups.get(key, Tally())
    return (group.renewed + strength * overall) / (group.decided + strength), group.decided


def odds(record, question, day=None, strength=PRIOR_STRENGTH, interval=True):
    """The posterior Beta(renewed + m·p, cancelled + m·(1 - p)) of the network's rate in
    the question's group, p the wider rate and m `strength`: its mean, and its
    equal-tailed `INTERVAL` (skipped with `interval=False`, as the backtest needs none)."""
    key = group_key(question, day, record.by_score)
    prior, wider_sample = wider_rate(record, key, strength)
    cell = record.cells.get((question.network, *key), Tally())
    a = cell.renewed + strength * prior
    b = cell.decided - cell.renewed + strength * (1 - prior)
    bounds = None
    if interval:
        tail = (1 - INTERVAL) / 2
        bounds = (beta_quantile(tail, a, b), beta_quantile(1 - tail, a, b))
    return Odds(a / (a + b), bounds, cell.renewed, cell.decided, prior, wider_sample, key)


@dataclass(frozen=True)
class Timing:
    """How long the network takes, and where this question stands."""

    sample: int
    median_days: int
    since_finale: int | None  # None before the finale, or without one
    later_than: float | None  # the share of the network's decisions that came sooner


def timing(record, question, day):
    """The network's days from finale to decision, or None with too few on record."""
    delays = record.delays.get(question.network, [])
    if len(delays) < MIN_TIMING_SAMPLE:
        return None
    median = delays[(len(delays) - 1) // 2]
    elapsed = question.since_finale(day)
    later = None if elapsed is None else bisect_left(delays, elapsed) / len(delays)
    return Timing(len(delays), median, elapsed, later)
