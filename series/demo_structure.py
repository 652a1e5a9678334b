"""How demo networks decide: renewal propensities and decision delays with structure.

A demo catalogue whose decisions were drawn at random, independent of network and
season, would make any outlook look as good as the base rate. Here each network
renews after a first, second and later season at its own rates, more often when
critics liked the season, and announces its decisions after its own typical delay,
so the demo means something and the backtest has something to find. `flat()` is
the same catalogue without any of that: the backtest must find nothing there.
"""

import math
from dataclasses import dataclass

SCORE_CENTRE = 60  # the critic score at which a network renews at its `renew` rates
SCORE_STEP = 20  # the slope is per this many points of critic score


@dataclass(frozen=True)
class Propensity:
    """One network's habits."""

    renew: tuple  # chance of renewal after season 1, 2, 3+ of a season scored SCORE_CENTRE
    score_slope: float  # log-odds added per SCORE_STEP points of critic score
    delay_days: int  # median days from a finale to the decision
    delay_spread: float  # the log-normal spread of those days

    def chance(self, number, quality):
        """The chance the season after season `number`, of critic quality `quality`, is made."""
        rate = self.renew[min(number, 3) - 1]
        logit = math.log(rate / (1 - rate)) + self.score_slope * (
            (quality - SCORE_CENTRE) / SCORE_STEP
        )
        return 1 / (1 + math.exp(-logit))

    def delay(self, rng):
        """Days from a finale to the decision, drawn."""
        return round(self.delay_days * rng.lognormvariate(0, self.delay_spread))


def drawn(rng):
    """A network's habits, drawn: first seasons are renewed least, second ones most."""
    first = rng.uniform(0.3, 0.65)
    return Propensity(
        renew=(first, min(0.9, first + rng.uniform(0.1, 0.3)), rng.uniform(0.45, 0.85)),
        score_slope=rng.uniform(0.5, 1.0),
        delay_days=rng.randint(15, 90),
        delay_spread=0.5,
    )


def flat(rate=0.6, delay_days=45):
    """Every network alike: one renewal rate, critics ignored, one delay."""
    return Propensity((rate, rate, rate), 0.0, delay_days, 0.5)
