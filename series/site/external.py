"""Links to the other databases a show or person is known by, from the ids editors store."""

from urllib.parse import quote

from series.models import Person, Show

PATTERNS = {
    Show: [
        ("IMDb", "imdb_id", "https://www.imdb.com/title/{}/"),
        ("TMDB", "tmdb_id", "https://www.themoviedb.org/tv/{}"),
        ("TVmaze", "tvmaze_id", "https://www.tvmaze.com/shows/{}"),
    ],
    Person: [
        ("IMDb", "imdb_id", "https://www.imdb.com/name/{}/"),
        ("TMDB", "tmdb_id", "https://www.themoviedb.org/person/{}"),
        ("TVmaze", "tvmaze_id", "https://www.tvmaze.com/people/{}"),
    ],
}


def external_links(record):
    """[(site name, URL)] for each id stored on `record`; the page and `sameAs` share them."""
    return [
        (label, pattern.format(quote(value, safe="")))
        for label, field, pattern in PATTERNS[type(record)]
        if (value := getattr(record, field).strip())
    ]
