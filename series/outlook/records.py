"""The recorded decisions read from the database as the outlook's questions."""

from collections import defaultdict

from django.db import DEFAULT_DB_ALIAS

from series.fuzzy import FuzzyDate
from series.models import SEASON_STATE_FIELDS, Announcement, CriticScore, Season
from series.status import Report, SeasonState

from .questions import show_questions


def recorded_questions(today, shows=None, using=DEFAULT_DB_ALIAS):
    """Every question the published shows' seasons ask (`shows`: a QuerySet of shows to
    narrow to), in three reads whatever the number of shows."""
    seasons = Season.objects.using(using).published_by_join()
    if shows is not None:
        seasons = seasons.filter(show__in=shows)
    rows = seasons.order_by().values_list(
        "pk", "show_id", "show__network_id", *SEASON_STATE_FIELDS
    )
    states, numbers, networks = defaultdict(list), {}, {}
    for pk, show, network, number, decision, premiere, p_precision, finale, f_precision in rows:
        states[show].append(
            SeasonState(
                number,
                decision,
                FuzzyDate(premiere, p_precision) if premiere else None,
                FuzzyDate(finale, f_precision) if finale else None,
            )
        )
        numbers[pk] = (show, number)
        networks[show] = network
    reports = defaultdict(lambda: defaultdict(list))
    announcements = Announcement.objects.using(using).filter(season__in=seasons)
    for season, decision, day, precision, pk in announcements.order_by().values_list(
        "season_id", "decision", "announced_date", "announced_precision", "pk"
    ):
        show, number = numbers[season]
        reports[show][number].append(Report(decision, FuzzyDate(day, precision), pk))
    scores = defaultdict(lambda: defaultdict(list))
    snapshots = CriticScore.objects.using(using).filter(season__in=seasons)
    for season, aggregator, score, day in snapshots.order_by().values_list(
        "season_id", "aggregator", "score", "retrieved_date"
    ):
        show, number = numbers[season]
        scores[show][number].append((day, aggregator, score))
    questions = []
    for show, show_states in states.items():
        show_states.sort(key=lambda state: state.number)
        questions += show_questions(
            show, networks[show], show_states, reports[show], scores[show], today
        )
    return questions
