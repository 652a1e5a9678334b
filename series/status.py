"""The domain's one judgement: decisions, dates and today in; states and the answer out.

Everything here is pure (no database, no clock) so it can be tested against a
table of every case. Models and views gather the facts and pass `today` in.
"""

from dataclasses import dataclass
from itertools import pairwise

from django.db import models

from .fuzzy import PRECISION_RANK, FuzzyDate


class Decision(models.TextChoices):
    """Will the season be made? From its announcements, and from what the facts imply.

    Only the announced values are stored (`STORED_DECISIONS`); `MADE` is derived: a
    season that has premiered, or that comes before a season with a decision or a
    premiere date, was made even when nobody announced it.
    """

    PENDING = "pending", "Awaiting decision"
    MADE = "made", "Made"
    RENEWED = "renewed", "Renewed"
    FINAL = "final", "Renewed as the final season"
    CANCELLED = "cancelled", "Cancelled"


class Release(models.TextChoices):
    """Can I watch it? Derived from the season's decision, dates and today."""

    UNSCHEDULED = "unscheduled", "Unscheduled"
    SCHEDULED = "scheduled", "Scheduled"
    AIRING = "airing", "Airing"
    RELEASED = "released", "Released"
    # A cancellation on a season that has not aired: there is nothing to schedule.
    NOT_MADE = "not_made", "Will not be made"


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
STORED_DECISIONS = [(Decision.PENDING.value, Decision.PENDING.label), *ANNOUNCED_DECISIONS]
WATCHABLE = (Release.AIRING, Release.RELEASED)


def decision_label(decision, number):
    """How every surface names a season's decision: a first season is "Ordered".

    A season the facts show was made (`Decision.MADE`) was ordered or renewed even
    though no source said so: it is named as that decision, never a bare "Made".
    """
    if decision in (Decision.RENEWED, Decision.MADE):
        return "Ordered" if number == 1 else Decision.RENEWED.label
    return Decision(decision).label


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


DISAGREE_DAYS = 30  # different decisions reported this close together disagree


def reports_disagree(reports, within_days=DISAGREE_DAYS):
    """Whether two reports of different decisions came out within `within_days` of each other.

    Reports are compared by the first day of their periods. Checking neighbours in date
    order is enough: between two such reports, some neighbouring pair differs too and
    lies no further apart.
    """
    timeline = sorted((report.announced.start, report.decision) for report in reports)
    return any(
        later_decision != decision and (later - day).days <= within_days
        for (day, decision), (later, later_decision) in pairwise(timeline)
    )


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
    return min(run, key=lambda d: (PRECISION_RANK[d.precision], d.start))


def release_state(decision, premiere, finale, today):
    """Will not be made, unscheduled, scheduled, airing or released, from the decision,
    the dates and today."""
    if season_will_not_be_made(decision, premiere, today):
        return Release.NOT_MADE
    if not has_aired(premiere, today):
        return Release.UNSCHEDULED if premiere is None else Release.SCHEDULED
    if finale is not None and finale.has_arrived(today):
        return Release.RELEASED
    return Release.AIRING


@dataclass(frozen=True)
class SeasonState:
    """One season's stored facts, as the rules over a whole show read them."""

    number: int
    decision: str  # the announced decision, as stored
    premiere: FuzzyDate | None = None
    finale: FuzzyDate | None = None

    def release(self, today):
        return release_state(self.decision, self.premiere, self.finale, today)

    def implies_earlier_seasons_made(self):
        """A decision or a premiere date for this season means every earlier one was made."""
        return self.decision != Decision.PENDING or self.premiere is not None


def has_aired(premiere, today):
    """Whether a season has premiered (it is airing or released) as of `today`: its
    premiere's whole period has passed, whatever its finale."""
    return premiere is not None and premiere.has_arrived(today)


def season_will_not_be_made(decision, premiere, today):
    """Whether a season was cancelled before it aired: it has no premiere, episodes or
    release to wait for, and a show's count of its seasons leaves it out.

    A premiere date recorded before the cancellation does not make it "scheduled".
    """
    return decision == Decision.CANCELLED and not has_aired(premiere, today)


NOT_MADE_FACT = "None (not made)"
NOT_ANNOUNCED_FACT = "Not announced"


def missing_fact(release):
    """What a page says for a season's premiere or episode count it has no value for:
    a season that will not be made has none; any other's is not announced yet."""
    return NOT_MADE_FACT if release == Release.NOT_MADE else NOT_ANNOUNCED_FACT


def cancellation_misplaced(decision, premiere, today):
    """Whether `decision` is a cancellation on a season that has aired.

    The convention: a cancellation lives on the season that will not be made (season
    N + 1), so "Season 2: Cancelled" reads the same on every page; the last season that
    was made keeps its own decision (a "final season" renewal stays on it).
    """
    return decision == Decision.CANCELLED and has_aired(premiere, today)


def implied_made(state, later):
    """Whether a season without an announcement was made, from the seasons after it."""
    return state.decision == Decision.PENDING and any(
        season.implies_earlier_seasons_made() for season in later
    )


def current_decision(state, later, today):
    """A season's decision as every surface shows it: announced, made, or pending.

    `later` are the show's seasons numbered after this one. An announcement always
    wins; without one, a season that premiered, or that a later season's decision
    or premiere date implies, is "made", never "Awaiting decision".
    """
    if state.decision != Decision.PENDING:
        return state.decision
    if state.release(today) in WATCHABLE or implied_made(state, later):
        return Decision.MADE
    return Decision.PENDING


def current_decisions(seasons, today):
    """{season number: current decision} for all of one show's seasons."""
    return {
        state.number: current_decision(
            state, [later for later in seasons if later.number > state.number], today
        )
        for state in seasons
    }


def show_status(seasons, today):
    """A show's status from all its seasons' facts, as of `today`.

    The latest season decides what comes next; the earlier ones say whether the
    show has ever been made (a first season ordered together with a second is
    still in development until one of them premieres).
    """
    if not seasons:
        return ShowStatus.IN_DEVELOPMENT
    latest = max(seasons, key=lambda s: s.number)
    release = latest.release(today)
    if latest.decision == Decision.CANCELLED:
        return ShowStatus.CANCELLED
    if latest.decision == Decision.FINAL:
        return ShowStatus.ENDED if release == Release.RELEASED else ShowStatus.ENDING
    if release == Release.RELEASED:
        return ShowStatus.AWAITING_DECISION
    if release == Release.AIRING:
        return ShowStatus.RETURNING
    decisions = current_decisions(seasons, today)
    made = any(
        decisions[s.number] == Decision.MADE or s.release(today) in WATCHABLE for s in seasons
    )
    if not made:
        return ShowStatus.IN_DEVELOPMENT
    if latest.decision == Decision.PENDING and release == Release.UNSCHEDULED:
        return ShowStatus.AWAITING_DECISION
    return ShowStatus.RETURNING


def made_seasons(seasons, today):
    """The seasons a show counts as its own: those made or being made.

    A season counts once it has aired, has a premiere date, or its decision (announced
    or implied by later seasons) says it is or was made. A season cancelled before it
    aired (`season_will_not_be_made`) and one still awaiting a decision do not.
    """
    decisions = current_decisions(seasons, today)
    return [
        season
        for season in seasons
        if not season_will_not_be_made(season.decision, season.premiere, today)
        and (decisions[season.number] != Decision.PENDING or season.premiere is not None)
    ]


def _seasons(count):
    return "1 season" if count == 1 else f"{count} seasons"


def seasons_phrase(count, status):
    """A show's seasons as a listing says them, from its stored count and status.

    "3 seasons"; for a cancelled show, whose cancellation sits on the season after its
    last made one, "1 season, cancelled before season 2" (or "No seasons, cancelled
    before season 1" for a show cancelled before it was ever made).
    """
    if status != ShowStatus.CANCELLED:
        return _seasons(count)
    made = _seasons(count) if count else "No seasons"
    return f"{made}, cancelled before season {count + 1}"


def status_changes_on(seasons, today):
    """The first day after `today` on which `show_status` may answer differently, or None.

    Only the calendar changes a status without an edit: the day a premiere or a
    finale period is wholly over. Stored statuses are re-derived from that day on.
    """
    days = [
        date.end
        for season in seasons
        for date in (season.premiere, season.finale)
        if date is not None and not date.has_arrived(today)
    ]
    return min(days, default=None)


def active_years(dates):
    """The years of `dates` (premieres and announcements) as " 2019 2024 ", or "".

    Stored on each show so the scorecard's "TV season" filter is a substring test
    (`year_token`) read from an index, instead of joining every season and announcement.
    """
    years = sorted({date.year for date in dates if date is not None})
    return f" {' '.join(str(year) for year in years)} " if years else ""


def year_token(year):
    """What `active_years` holds for `year`: " 2024 " (the spaces keep 2024 from 12024)."""
    return f" {year} "


@dataclass(frozen=True)
class SeasonFacts:
    """What the answer sentence needs to know about one season."""

    show_title: str
    network_name: str
    number: int
    decision: str  # the current decision (`current_decision`), so it may be "made"
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
        if release == Release.NOT_MADE:
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
            if facts.episode_count == 1:
                sentence += ", a single episode."  # not "all 1 episode at once"
            else:
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
    if facts.decision == Decision.MADE:
        sentence = (
            f"{facts.show_title} {season} was made (a later season has been announced); "
            "its premiere date is not recorded."
        )
        return Answer("made", decision_label(Decision.MADE, facts.number), sentence)
    sentence = f"{network} has not announced whether {facts.show_title} will return for {season}."
    return Answer("pending", "Awaiting decision", sentence)
