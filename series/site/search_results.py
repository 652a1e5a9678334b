"""What the show list adds to a search: the season's answer, people, reasons, suggestions.

Each function is one or a few queries whatever the data, called once per page by
`ShowListView`; nothing here is read per row of the results.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Value
from django.utils import timezone

from series import filters, search
from series.models import Announcement, CastCredit, CrewCredit, Person, Season, Show

# People listed in a search's People section, and shows named under each person.
PEOPLE_LISTED = 5
SHOWS_PER_PERSON = 3
# The People section orders at most this many of the people a search's text finds (those
# `filters.Searched.people` reads).
DENSE_PEOPLE = filters.MAX_LISTED_PEOPLE
# Close titles offered when a search finds no show.
SUGGESTED = 5
# A search finding fewer shows than this may still be a typo: "Did you mean …?"
FEW_FOUND = 3
# Names joined into one reason ("cast: A, B") before the rest go unnamed.
NAMES_PER_REASON = 2


@dataclass
class SeasonAnswer:
    """The answer a "<title> season N" search leads with, or why it has none.

    `season` is None when the show has no such season: the page says so and links to
    the show's seasons. `typed` is the title part as typed, shown when `near` (the show
    was found by similarity, not as written).
    """

    show: Show
    number: int
    typed: str
    near: bool
    season: Season | None = None
    verdict: object = None
    numbers: list = field(default_factory=list)


@dataclass
class PersonResult:
    person: Person
    shows: list
    more: int


def season_answer(question, titled):
    """The answer for `question` (a `search.Question` with a season) among the published
    shows, or None if its title part names no one show. `titled` is that title part as a
    `filters.Searched`, whose title matches the list shares. Up to 6 queries: the title's
    matches (and, for a typo, its nearest titles), then the show with its seasons and
    their announcements, as the show page reads them for the same answer."""
    shows = Show.objects.published()
    match = search.best_match(shows, "title", question.title, holding=titled.titles)
    if match is None:
        return None
    show = (
        shows.select_related("network")
        .prefetch_related(
            Prefetch(
                "seasons",
                queryset=Season.objects.order_by("number").prefetch_related(
                    Prefetch("announcements", queryset=Announcement.objects.newest_first())
                ),
            )
        )
        .get(pk=match.pk)
    )
    seasons = list(show.seasons.all())
    answer = SeasonAnswer(
        show=show,
        number=question.season,
        typed=question.title,
        near=match.near,
        numbers=[season.number for season in seasons],
    )
    for season in seasons:
        season.show = show  # the rules over all seasons read the prefetched list
        if season.number == question.season:
            answer.season = season
            answer.verdict = season.answer(timezone.localdate())
    return answer


def people(searched):
    """Public people whose name holds the text of `searched` (a `filters.Searched`), by
    name, each with the published shows they are credited on: ([PersonResult], whether
    more people match). Up to three queries (the names' read is shared with the list):
    one when no name holds the text.

    The names are read from the index as at most DENSE_PEOPLE keys, and the first few
    public ones by name are listed: for a name in many people ("ava": 3,300 of 100,000)
    that is a few of them, with "more match", where testing and sorting every match
    cost 70 ms at 50,000 shows.
    """
    keys = searched.people
    if not keys:
        return [], False
    found = list(
        Person.objects.public(among=keys[:DENSE_PEOPLE])
        .only("name", "slug")
        .order_by("name", "pk")[: PEOPLE_LISTED + 1]
    )
    more = len(found) > PEOPLE_LISTED or len(keys) > DENSE_PEOPLE
    return _with_shows(found[:PEOPLE_LISTED]), more


def near_people(text):
    """Public people whose name is nearest to `text` (a typo), best first. Up to four
    queries (the similarity read, then the people and their shows)."""
    near = search.nearest(Person.objects.public(), "name", text, limit=PEOPLE_LISTED)
    if not near:
        return []
    by_pk = Person.objects.only("name", "slug").in_bulk([row.pk for row in near])
    return _with_shows([by_pk[row.pk] for row in near if row.pk in by_pk])


def _with_shows(found):
    if not found:
        return []
    keys = [person.pk for person in found]
    cast = (
        CastCredit.objects.published()
        .filter(person__in=keys)
        .order_by()
        .values_list("person_id", "season__show__title", "season__show__slug")
    )
    crew = (
        CrewCredit.objects.published()
        .filter(person__in=keys)
        .order_by()
        .values_list("person_id", "show__title", "show__slug")
    )
    shows = {}
    for person_id, title, slug in cast.union(crew):
        shows.setdefault(person_id, set()).add((title, slug))
    results = []
    for person in found:
        credited = sorted(shows.get(person.pk, ()))
        listed = [
            {"title": title, "url": Show(slug=slug).get_absolute_url()}
            for title, slug in credited[:SHOWS_PER_PERSON]
        ]
        results.append(PersonResult(person, listed, len(credited) - len(listed)))
    return results


def reasons(shows, text):
    """Why each of `shows` matched `text`: {show key: ["title", "cast: Kaya Scodelario",
    "creator: …", "season title: …"]}. The title is read from the show; the rest in one
    query over these shows' credits and seasons."""
    keys = [show.pk for show in shows]
    if not keys:
        return {}
    folded = text.casefold()
    why = {show.pk: ["title"] for show in shows if folded in show.title.casefold()}
    # The names are tested on these shows' credits, row by row: a few hundred rows, where
    # the index's matches for "ava" are 3,300 people and their 29,000 credits (150 ms).
    cast = (
        CastCredit.objects.filter(season__show__in=keys, person__name__icontains=text)
        .order_by()
        .annotate(kind=Value("cast"))
        .values_list("season__show_id", "kind", "person__name")
    )
    crew = (
        CrewCredit.objects.filter(show__in=keys, person__name__icontains=text)
        .order_by()
        .values_list("show_id", "job", "person__name")
    )
    titled = (
        Season.objects.filter(show__in=keys)
        .filter(search.contains(Season, text, ["title"]))
        .order_by()
        .annotate(kind=Value("season title"))
        .values_list("show_id", "kind", "title")
    )
    found = {}
    for show_id, kind, name in cast.union(crew, titled):
        found.setdefault(show_id, {}).setdefault(kind, set()).add(name)
    jobs = dict(CrewCredit.Job.choices)
    for show_id, kinds in found.items():
        for kind in sorted(kinds, key=_reason_order):
            names = sorted(kinds[kind])
            listed = ", ".join(names[:NAMES_PER_REASON])
            if len(names) > NAMES_PER_REASON:
                listed += f" and {len(names) - NAMES_PER_REASON} more"
            label = jobs.get(kind, kind).lower()
            why.setdefault(show_id, []).append(f"{label}: {listed}")
    return why


def _reason_order(kind):
    order = ["cast", *CrewCredit.Job.values, "season title"]
    return order.index(kind) if kind in order else len(order)


def suggestions(shows, text):
    """The published shows whose titles are nearest to `text`, best first, each with
    its score; for a search that found no show. Up to 5 queries (the similarity read,
    then the shows with their network and genres)."""
    near = search.nearest(shows, "title", text, limit=SUGGESTED)
    if not near:
        return []
    listed = (
        Show.objects.filter(pk__in=[row.pk for row in near])
        .select_related("network")
        .only("title", "slug", "status", "season_count", "network__name", "network__slug")
        .prefetch_related(Prefetch("genres", to_attr="genre_list"))
    )
    by_pk = {show.pk: show for show in listed}
    return [by_pk[row.pk] for row in near if row.pk in by_pk]


def did_you_mean(shows, found, text):
    """The published title nearest to `text` when it is nearer than every title `found`
    (a search's few results, matched by a season's title or a name) and not among them:
    "severence" finds one show by its season "Severence Pay", and means "Severance".
    None otherwise. One similarity read (three on SQLite)."""
    listed = {show.pk for show in found}
    best_listed = max((search.similarity(text, show.title) for show in found), default=0.0)
    for row in search.nearest(shows, "title", text, limit=len(listed) + 1):
        if row.pk not in listed:
            return row.text if row.score > best_listed else None
    return None
