"""schema.org JSON-LD for the show and season pages, built from what the views already fetched.

Dates keep their precision ("2027" for a premiere known to the year), and only
published facts reach here: the views pass nothing else.
"""

from .external import external_links

SCHEMA = "https://schema.org"


def _person(person, absolute):
    return {"@type": "Person", "name": person.name, "url": absolute(person.get_absolute_url())}


def _performance(credit, absolute):
    return {
        "@type": "PerformanceRole",
        "characterName": credit.character_name,
        "actor": _person(credit.person, absolute),
    }


def aggregate_rating(latest_scores):
    """The page's first latest snapshot (`CriticScoreQuerySet.latest()`) as an AggregateRating.

    It names the aggregator as its author, so it is the same figure the page shows first.
    """
    latest = next(iter(latest_scores), None)
    if latest is None:
        return None
    rating = {
        "@type": "AggregateRating",
        "ratingValue": latest.score,
        "bestRating": 100,
        "worstRating": 0,
        "ratingCount": latest.review_count,
        "author": {"@type": "Organization", "name": latest.get_aggregator_display()},
    }
    if latest.url:
        rating["author"]["url"] = latest.url
    return rating


def series_data(show, seasons, creators, cast, absolute, image=None):
    """TVSeries: the show, its seasons, creators and actors."""
    data = {
        "@context": SCHEMA,
        "@type": "TVSeries",
        "name": show.title,
        "url": absolute(show.get_absolute_url()),
        # Made seasons, as every listing counts them: not one cancelled before it aired.
        "numberOfSeasons": show.made_season_count(),
        "containsSeason": [
            {
                "@type": "TVSeason",
                "name": f"Season {season.number}",
                "seasonNumber": season.number,
                "url": absolute(season.get_absolute_url()),
                **({"startDate": season.premiere.isoformat()} if season.premiere else {}),
            }
            for season in seasons
        ],
    }
    if show.synopsis:
        data["description"] = show.synopsis
    genres = [genre.name for genre in show.genres.all()]
    if genres:
        data["genre"] = genres
    if show.original_language:
        data["inLanguage"] = show.original_language
    if show.country:
        data["countryOfOrigin"] = {"@type": "Country", "name": show.country}
    premieres = [s.premiere for s in seasons if s.premiere]
    if premieres:
        data["startDate"] = min(premieres, key=lambda d: d.sort_key()).isoformat()
    if creators:
        data["creator"] = [_person(credit.person, absolute) for credit in creators]
    if cast:
        data["actor"] = [
            {
                "@type": "PerformanceRole",
                "characterName": character,
                "actor": _person(entry["person"], absolute),
            }
            for entry in cast
            for character in entry["roles"]
        ]
    if same_as := [url for _, url in external_links(show)]:
        data["sameAs"] = same_as
    if image:
        data["image"] = absolute(image)
    return data


def season_data(season, show, cast, scores, absolute, image=None):
    """TVSeason: part of its series, with dates at their precision, actors and a rating."""
    data = {
        "@context": SCHEMA,
        "@type": "TVSeason",
        "name": f"{show.title} Season {season.number}",
        "url": absolute(season.get_absolute_url()),
        "seasonNumber": season.number,
        "partOfSeries": {
            "@type": "TVSeries",
            "name": show.title,
            "url": absolute(show.get_absolute_url()),
        },
    }
    if season.episode_count is not None:
        data["numberOfEpisodes"] = season.episode_count
    if season.premiere:
        data["startDate"] = season.premiere.isoformat()
    if season.finale:
        data["endDate"] = season.finale.isoformat()
    if cast:
        data["actor"] = [_performance(credit, absolute) for credit in cast]
    if rating := aggregate_rating(scores):
        data["aggregateRating"] = rating
    if image:
        data["image"] = absolute(image)
    return data
