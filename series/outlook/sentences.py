"""The outlook in words a visitor reads: never stated as a fact, always with its basis."""

from .model import GROUP_NAMES, UNSCORED


def percent(share):
    return f"{share * 100:.0f} %"


def in_ten(share):
    """ "8 in 10": a share as a visitor counts it."""
    return f"{round(share * 10)} in 10"


def _group(odds):
    name = f"after {GROUP_NAMES[odds.group[0]]}"
    if len(odds.group) > 1:
        band = odds.group[1]
        name += " that was not scored by critics" if band == UNSCORED else f" that critics {band}"
    return name


def basis(odds, network):
    """What the estimate rests on, in one sentence."""
    group = _group(odds)
    wider = (
        f"all networks' record {group} ({percent(odds.wider_rate)} renewed, "
        f"{odds.wider_sample} decisions)"
    )
    if odds.sample == 0:
        return f"{network} has no decision on record {group}; the estimate is {wider}."
    return (
        f"{odds.renewed} of {odds.sample} seasons {network} decided on {group} were renewed; "
        f"the estimate weighs that with {wider}."
    )


def timing_sentence(timing, network, number):
    """How long the network usually takes, and where the season after `number` stands."""
    if timing is None:
        return f"Too few of {network}'s decisions are dated to say how long it usually takes."
    if timing.median_days <= 0:
        habit = f"{network} announced half of its decisions before the finale"
    else:
        habit = (
            f"{network} announced half of its decisions within "
            f"{_days(timing.median_days)} of the finale"
        )
    if timing.since_finale is None:
        return f"{habit}; season {number}'s finale has not passed yet."
    ago = _days(timing.since_finale)
    return f"{habit}; season {number}'s finale was {ago} ago, {_standing(timing)}."


def _days(count):
    return "1 day" if count == 1 else f"{count} days"


def _standing(timing):
    share = timing.later_than
    if share == 1:
        return "later than every one of those decisions"
    if round(share * 10) == 10:
        return "later than nearly all of those decisions"
    if round(share * 10) == 0:
        return "sooner than nearly all of those decisions came"
    return f"later than {in_ten(share)} of those decisions"
