"""A small world of shows for the public-site tests, built with the factories.

`build_world(prefix, scale)` makes `scale` published shows on one network, each
with seasons in every state (released, airing, coming at day and at coarse
precision, cancelled), cast, crew, scores and announcements, plus one draft show
whose every fact must stay out of public view. Dates are relative to today so
"upcoming" stays upcoming.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from series.derive import refresh_shows
from series.fuzzy import Precision
from series.models import Season
from tests.factories import (
    AnnouncementFactory,
    CastCreditFactory,
    CrewCreditFactory,
    CriticScoreFactory,
    GenreFactory,
    NetworkFactory,
    PersonFactory,
    SeasonFactory,
    ShowFactory,
)

DRAFT_TITLE = "Hushhush Draft"
DRAFT_PERSON = "Quinn Unseen"


@dataclass
class World:
    network: object
    show: object
    season: object
    person: object
    draft: object


def _season(show, number, kind, today):
    """A season in one of five states, relative to today."""
    past = today - datetime.timedelta(days=400 + number)
    if kind == "released":
        return SeasonFactory(show=show, number=number, premiere_date=past, finale_date=past)
    if kind == "airing":
        return SeasonFactory(
            show=show,
            number=number,
            premiere_date=today - datetime.timedelta(days=3),
            finale_date=today + datetime.timedelta(days=30),
        )
    if kind == "coming":
        return SeasonFactory(
            show=show,
            number=number,
            premiere_date=today + datetime.timedelta(days=20 + number),
            finale_date=None,
            episode_count=None,
        )
    if kind == "coarse":
        return SeasonFactory(
            show=show,
            number=number,
            premiere_date=datetime.date(today.year + 1, 9, 1),
            premiere_precision=Precision.SEASON,
            finale_date=None,
            episode_count=None,
        )
    return SeasonFactory(show=show, number=number, premiere_date=None, finale_date=None)


KINDS = ["released", "airing", "coming", "coarse", "unscheduled"]


def build_world(prefix, scale):
    """`scale` published shows (and one draft) on a network of their own."""
    today = timezone.localdate()
    network = NetworkFactory(name=f"{prefix} Network", slug=f"{prefix.lower()}-network")
    genre = GenreFactory(name=f"{prefix} Drama", slug=f"{prefix.lower()}-drama")
    star = PersonFactory(name=f"{prefix} Star", slug=f"{prefix.lower()}-star")
    shows = []
    for index in range(scale):
        show = ShowFactory(
            title=f"{prefix} Show {index:03d}",
            slug=f"{prefix.lower()}-show-{index:03d}",
            network=network,
            country="US",
            original_language="en",
        )
        show.genres.add(genre)
        CrewCreditFactory(show=show, person=star)
        seasons = [
            _season(show, number, KINDS[(index + number) % len(KINDS)], today)
            for number in range(1, scale // 2 + 2)
        ]
        for season in seasons:
            CastCreditFactory(season=season, person=star, character_name=f"Lead {index}")
            CastCreditFactory.create_batch(2, season=season)
            CriticScoreFactory(season=season)
            decision = [Season.Decision.RENEWED, Season.Decision.CANCELLED][index % 2]
            AnnouncementFactory(
                season=season,
                decision=decision,
                announced_date=today - datetime.timedelta(days=10 + index),
            )
        shows.append(show)
    draft = ShowFactory(title=DRAFT_TITLE, slug=f"{prefix.lower()}-draft", is_published=False)
    draft.genres.add(genre)
    draft_season = _season(draft, 1, "coming", today)
    hidden = PersonFactory(name=DRAFT_PERSON, slug=f"{prefix.lower()}-unseen")
    CastCreditFactory(season=draft_season, person=hidden, character_name="Nobody")
    CastCreditFactory(season=draft_season, person=star, character_name="Secret Role")
    CrewCreditFactory(show=draft, person=hidden)
    AnnouncementFactory(season=draft_season, summary="A secret renewal.")
    refresh_shows([show.pk for show in [*shows, draft]])
    busiest = shows[(scale - 1) // 2 * 2]  # the last renewed (even) show
    return World(
        network=network,
        show=busiest,
        season=busiest.seasons.order_by("-number").first(),
        person=star,
        draft=draft,
    )


AWAITING_SLUG = "vesper-lane"


def decided_show(network, outcome="renewed", number=1, delay=31):
    """A show on `network` whose season `number` aired from 10 January to 1 March 2022 and
    whose next season was `outcome`, announced `delay` days after that finale: one
    decision on the outlook's record. Returns (show, the aired season, the next)."""
    finale = datetime.date(2022, 3, 1)
    show = ShowFactory(network=network)
    aired = SeasonFactory(
        show=show, number=number, premiere_date=datetime.date(2022, 1, 10), finale_date=finale
    )
    following = SeasonFactory(show=show, number=number + 1, premiere_date=None, finale_date=None)
    AnnouncementFactory(
        season=following,
        decision=outcome,
        announced_date=finale + datetime.timedelta(days=delay),
    )
    return show, aired, following


def build_awaiting(network, today=None):
    """A show on `network` whose first season ended 100 days ago and whose second awaits
    a decision, so its page shows the outlook; returns that second season."""
    today = today or timezone.localdate()
    show = ShowFactory(title="Vesper Lane", slug=AWAITING_SLUG, network=network)
    SeasonFactory(
        show=show,
        number=1,
        premiere_date=today - datetime.timedelta(days=160),
        finale_date=today - datetime.timedelta(days=100),
    )
    return SeasonFactory(show=show, number=2, premiere_date=None, finale_date=None)
