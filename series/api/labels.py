"""Every status the API answers is read here, once: a season's decision and a show's status.

The API's schemas call these and nothing else, so when the rules in `series/status.py`
change (a season that premiered was made, a status that is never stale), the API
follows by changing these two functions alone.
"""

from series.status import ShowStatus


def season_decision(season, today):
    """A season's current decision as (value, label), as of `today`: "made" included.

    `Season.current_decision` reads the show's other seasons: prefetch them
    (`Season.objects.with_siblings()`, or the show's seasons on the show).
    """
    return season.current_decision(today), season.decision_label(today)


def show_status(show, today=None):
    """A show's status as (value, label).

    With `today`, derived from the show's seasons (prefetch them); without it, the
    stored status that listings filter on.
    """
    status = ShowStatus(show.derive_status(today) if today else show.status)
    return status.value, status.label
