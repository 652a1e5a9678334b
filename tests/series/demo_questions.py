"""The demo catalogue's shows as the outlook's questions, drawn in memory (no database):
the backtest's tests need thousands of shows in a second or two."""

import datetime

from series.demo import NETWORKS, DemoCatalogue
from series.models import Genre, Network, Person
from series.outlook.questions import show_questions
from series.status import Report

TODAY = datetime.date(2026, 6, 30)


def demo_questions(shows, seed=5, propensities=None):
    """(questions, {network pk: Propensity}) of `shows` demo shows as of TODAY."""
    catalogue = DemoCatalogue(seed=seed, today=TODAY, propensities=propensities)
    catalogue.networks = [
        Network(pk=k, name=name, kind=kind) for k, (name, kind) in enumerate(NETWORKS, 1)
    ]
    catalogue.genres = [Genre(pk=k, name=f"Genre {k}") for k in range(1, 4)]
    catalogue.people = [Person(pk=k, name=f"Person {k}") for k in range(1, 61)]
    catalogue.propensities = {
        network.pk: catalogue.propensity_of(catalogue.rng) for network in catalogue.networks
    }
    questions = []
    for index in range(shows):
        plan = catalogue.plan(index)
        states, reports, scores = [], {}, {}
        for season, announcements, _cast, snapshots in plan.seasons:
            states.append(season.state())
            reports[season.number] = [
                Report(a.decision, a.announced, k) for k, a in enumerate(announcements)
            ]
            scores[season.number] = [(s.retrieved_date, s.aggregator, s.score) for s in snapshots]
        questions += show_questions(index, plan.show.network.pk, states, reports, scores, TODAY)
    return questions, catalogue.propensities
