"""The domain's one judgement: decisions, dates and today in; states and the answer out.

Everything here is pure (no database, no clock) so it can be tested against a
table of every case. Models and views gather the facts and pass `today` in.
"""

from dataclasses import dataclass

from django.db import models

from .fuzzy import FuzzyDate, Precision


class Decision(models.TextChoices):
    """Will the season be made? Derived from the season's announcements."""

    PENDING = "pending", "Awaiting decision"
    RENEWED = "renewed", "Renewed"
    FINAL = "final", "Renewed as the final season"
    CANCELLED = "cancelled", "Cancelled"


class Release(models.TextChoices):
    """Can I watch it? Derived from the season's dates and today."""

    UNSCHEDULED = "unscheduled", "Unscheduled"
    SCHEDULED = "scheduled", "Scheduled"
    AIRING = "airing", "Airing"
    RELEASED = "released", "Released"


class ShowStatus(models.TextChoices):
    """Where the show stands, derived from its seasons, for listings and filters."""

    IN_DEVELOPMENT = "in_development", "In development"
    RETURNING = "returning", "Returning"
    AWAITING_DECISION = "awaiting_decision", "Awaiting decision"
    ENDING = "ending", "Final season ahead"
    ENDED = "ended", "Ended"
    CANCELLED = "cancelled", "Cancelled"


ANNOUNCED_DECISIONS = [
    (Decision.RENEWED.value, Decision.RENEWED.label),
    (Decision.FINAL.value, Decision.FINAL.label),
    (Decision.CANCELLED.value, Decision.CANCELLED.label),
]


@dataclass(frozen=True)
class Report:
    """One announcement as the logic needs it: what was decided, when, in entry order."""

    decision: str
    announced: FuzzyDate
    entry: int = 0


def latest_decision(reports):
    """The decision of the latest report (by date, then entry order); pending if none."""
    if not reports:
        return Decision.PENDING
    return max(reports, key=lambda r: (r.announced.sort_key(), r.entry)).decision


def decision_date(reports):
    """When the current decision was announced, as precisely as any source reported it.

    Among the latest run of reports of the current decision, the finest precision
    wins, then the earliest date: Variety's "3 February 2020" beats "February 2020".
    """
    ordered = sorted(reports, key=lambda r: (r.announced.sort_key(), r.entry))
    if not ordered:
        return None
    current = ordered[-1].decision
    run = []
    for report in reversed(ordered):
        if report.decision != current:
            break
        run.append(report.announced)
    return min(run, key=lambda d: (Precision.values.index(d.precision), d.start))


def release_state(decision, premiere, finale, today):
    """Unscheduled, scheduled, airing or released, from the dates and today."""
    if premiere is None or not premiere.has_arrived(today):
        if premiere is None or decision == Decision.CANCELLED:
            return Release.UNSCHEDULED
        return Release.SCHEDULED
    if finale is not None and finale.has_arrived(today):
        return Release.RELEASED
    return Release.AIRING


@dataclass(frozen=True)
class SeasonState:
    number: int
    decision: str
    release: str


def show_status(seasons):
    """A show's status from its seasons' numbers, decisions and release states."""
    if not seasons:
        return ShowStatus.IN_DEVELOPMENT
    latest = max(seasons, key=lambda s: s.number)
    if latest.decision == Decision.CANCELLED:
        return ShowStatus.CANCELLED
    if latest.decision == Decision.FINAL:
        return ShowStatus.ENDED if latest.release == Release.RELEASED else ShowStatus.ENDING
    if latest.release == Release.RELEASED:
        return ShowStatus.AWAITING_DECISION
    if latest.release == Release.AIRING:
        return ShowStatus.RETURNING
    has_aired = any(s.release in (Release.AIRING, Release.RELEASED) for s in seasons)
    if not has_aired:
        return ShowStatus.IN_DEVELOPMENT
    if latest.decision == Decision.PENDING and latest.release == Release.UNSCHEDULED:
        return ShowStatus.AWAITING_DECISION
    return ShowStatus.RETURNING


@dataclass(frozen=True)
class SeasonFacts:
    """What the answer sentence needs to know about one season."""

    show_title: str
    network_name: str
    number: int
    decision: str
    premiere: FuzzyDate | None = None
    finale: FuzzyDate | None = None
    episode_count: int | None = None
    decided_on: FuzzyDate | None = None


@dataclass(frozen=True)
class Answer:
    """The headline status (a key for styling and its label) and one sentence."""

    status: str
    label: str
    sentence: str

    def headline(self, show_title, number):
        return f"{show_title} Season {number}: {self.label}"


def _episodes(count):
    if count is None:
        return ""
    return f"{count} episode" if count == 1 else f"{count} episodes"


def answer(facts, today):
    """The one-sentence answer to "is season N coming or cancelled, and when?"."""
    release = release_state(facts.decision, facts.premiere, facts.finale, today)
    network = facts.network_name or "The network"
    when = f" {facts.decided_on.phrase()}" if facts.decided_on else ""
    season = f"season {facts.number}"

    if facts.decision == Decision.CANCELLED:
        if release == Release.UNSCHEDULED:
            sentence = f"{network} cancelled the series{when}; {season} will not be made."
        else:
            sentence = (
                f"{network} cancelled the series{when}; "
                f"{season} premiered {facts.premiere.phrase()}."
            )
        return Answer("cancelled", "Cancelled", sentence)

    if release == Release.RELEASED:
        episodes = _episodes(facts.episode_count)
        sentence = f"Season {facts.number} premiered {facts.premiere.phrase()} on {network}"
        if facts.finale == facts.premiere:
            sentence += f", all {episodes} at once." if episodes else ", all at once."
        else:
            sentence += f"; the finale aired {facts.finale.phrase()}"
            sentence += f" ({episodes})." if episodes else "."
        return Answer("released", "Released", sentence)

    if release == Release.AIRING:
        sentence = f"Season {facts.number} premiered {facts.premiere.phrase()} on {network}"
        if facts.finale:
            sentence += f" and runs until its finale {facts.finale.phrase()}."
        else:
            sentence += " and is airing now."
        return Answer("airing", "Airing now", sentence)

    premieres = (
        f"it premieres {facts.premiere.phrase()}"
        if release == Release.SCHEDULED
        else "no premiere date has been announced"
    )
    if facts.decision in (Decision.RENEWED, Decision.FINAL):
        verb = "ordered" if facts.number == 1 else "renewed"
        final = " as the final season" if facts.decision == Decision.FINAL else ""
        sentence = f"{network} {verb} {facts.show_title} for {season}{final}{when}; {premieres}."
        if facts.decision == Decision.FINAL:
            return Answer("final", "Final season", sentence)
        return Answer("renewed", verb.capitalize(), sentence)

    if release == Release.SCHEDULED:
        sentence = f"Season {facts.number} premieres {facts.premiere.phrase()} on {network}."
        return Answer("scheduled", "Scheduled", sentence)
    sentence = f"{network} has not announced whether {facts.show_title} will return for {season}."
    return Answer("pending", "Awaiting decision", sentence)
