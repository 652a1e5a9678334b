"""The show list's search, filters and sort, shared by the pages and the API.

Every value comes from a query string, so the form validates it: an unknown
status, network, genre, year or sort is a clear error (the views answer 400),
never a 500 and never silently ignored.
"""

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.functional import cached_property

from . import search, widgets
from .models import CastCredit, CrewCredit, Genre, Network, Person, Season, Show
from .status import ShowStatus

MAX_LISTED_PEOPLE = 500
# A search's matching shows are read once, as keys, when there are at most this many: the
# list's count and page then look up keys, where each ran the search again ("spinning out"
# at 50,000 shows on PostgreSQL: two reads of 20 ms each). More matches stay a subquery.
MAX_MATCHED_SHOWS = 5000


class Searched:
    """One search's text, and the reads of it that several parts of a page share.

    The people whose names hold the text decide whether the list is walked (`common`),
    which shows match (`matches`) and who the page's People section lists: read once
    here, not once by each.
    """

    def __init__(self, text):
        self.text = text

    def __str__(self):
        return self.text

    @cached_property
    def titles(self):
        """(key, title) of at most MAX_MATCHED_SHOWS + 1 published shows whose titles hold
        the text: the list's title matches, and what a season question's title part is
        compared with (`search.best_match`)."""
        found = Show.objects.published().filter(search.contains(Show, self.text, ["title"]))
        return list(found.order_by().values_list("pk", "title")[: MAX_MATCHED_SHOWS + 1])

    @cached_property
    def people(self):
        """Keys of at most MAX_LISTED_PEOPLE + 1 people whose names hold the text, in the
        index's order: more than MAX_LISTED_PEOPLE means "many"."""
        return search.first_matches(Person, self.text, ["name"], limit=MAX_LISTED_PEOPLE + 1)


SORTS = {
    "title": ("Title A–Z", ["title", "pk"]),
    "-title": ("Title Z–A", ["-title", "-pk"]),
    "-updated": ("Recently updated", ["-updated_at", "-pk"]),
    "network": ("Network", ["network__name", "title", "pk"]),
}


class ShowFilterForm(forms.Form):
    q = forms.CharField(
        label="Search",
        max_length=100,
        required=False,
        help_text="Show and season titles, and people's names.",
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *ShowStatus.choices],
        widget=widgets.Select,
    )
    network = forms.ModelChoiceField(
        label="Network",
        required=False,
        queryset=Network.objects.only("name", "slug").order_by("name"),
        to_field_name="slug",
        empty_label="Any network",
        widget=widgets.Select,
    )
    genre = forms.ModelChoiceField(
        label="Genre",
        required=False,
        queryset=Genre.objects.only("name", "slug").order_by("name"),
        to_field_name="slug",
        empty_label="Any genre",
        widget=widgets.Select,
    )
    year = forms.IntegerField(
        label="Premiere year",
        required=False,
        min_value=1900,
        max_value=2100,
        # Text, not type=number: a rejected value like "abc" is shown back as typed.
        widget=widgets.TextInput(attrs={"inputmode": "numeric"}),
    )
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[(key, label) for key, (label, _) in SORTS.items()],
        widget=widgets.Select,
    )

    def filter(self, shows, walk_common=False, searched=None):
        """Apply the cleaned filters to a queryset of shows; call after is_valid().

        `searched`: a `Searched` to search instead of the box's text, such as the title
        part of "spinning out season 2" (`search.parse`), whose reads the page shares.

        `walk_common`: a search alone in the box for a term `common` finds in many titles
        and names is tested row by row as the list is read in order (`walk`), planned so
        the show list's paginator states a bound instead of counting. `walk` tests the
        same rule as `matches` (title or a credited person's name); tests/search/test_search.py
        holds the two to the same shows.
        """
        data = self.cleaned_data
        if searched is None and data.get("q"):
            searched = Searched(data["q"])
        if searched is not None and searched.text:
            alone = not any(data.get(name) for name in self.fields if name not in ("q", "sort"))
            at_least = common(shows, searched) if walk_common and alone else 0
            if at_least:
                shows = walk(shows, searched.text, at_least)
            else:
                shows = shows.filter(pk__in=matches(searched))
        if status := data.get("status"):
            shows = shows.filter(status=status)
        if network := data.get("network"):
            shows = shows.filter(network=network)
        if genre := data.get("genre"):
            shows = shows.filter(genres=genre)
        if year := data.get("year"):
            shows = shows.filter(
                Exists(Season.objects.filter(show=OuterRef("pk"), premiere_date__year=year))
            )
        return shows.order_by(*SORTS[data.get("sort") or "title"][1])


def matches(searched):
    """The keys of the shows whose title, whose seasons' titles or whose people's names
    hold the text of `searched` (a `Searched`): a list of keys when at most
    MAX_MATCHED_SHOWS match each way (unpublished ones included, which the list leaves
    out), else a subquery."""
    query = searched.text
    # Uncorrelated IN subqueries: the database finds the matching people once,
    # then their credits by index, instead of probing every show's credits
    # (841 ms -> 40 ms at 50,000 shows on SQLite; see BENCHMARKS.md).
    # Titles and names are read from the search index (series/search/); a term
    # matching very many people stays a subquery.
    people = searched.people
    if len(people) > MAX_LISTED_PEOPLE:
        people = Person.objects.filter(search.contains(Person, query, ["name"])).values("pk")
    # One set of show keys, a UNION of index reads: as an OR of IN subqueries
    # PostgreSQL scanned every show.
    others = (
        CrewCredit.objects.filter(person__in=people)
        .order_by()
        .values_list("show_id", flat=True)
        .union(
            Season.objects.filter(cast_credits__person__in=people)
            .order_by()
            .values_list("show_id"),
            Season.objects.filter(search.contains(Season, query, ["title"]))
            .order_by()
            .values_list("show_id"),
        )
    )
    if len(searched.titles) <= MAX_MATCHED_SHOWS:
        found = list(others[: MAX_MATCHED_SHOWS + 1])
        if len(found) <= MAX_MATCHED_SHOWS:
            return sorted({pk for pk, _ in searched.titles}.union(found))
    titled = Show.objects.filter(search.contains(Show, query, ["title"]))
    return titled.order_by().values_list("pk").union(others)


def common(shows, searched):
    """How many of `shows` have the text of `searched` in their title, when the term is
    common enough to walk: in more titles than `search.index.MAX_LISTED_KEYS` and in more
    names than `MAX_LISTED_PEOPLE`; else 0. Two index reads, each stopping at its bound.

    Only both together make the set of matches dear: "harbor" (1,601 titles, no names)
    reads its set in 20 ms and would walk 30 rows for each match; "ava" (1,676 titles,
    3,275 names and their 29,000 credits) takes 100 ms to read, twice.
    Names first: their read stops at the lower bound, and most terms are in few names,
    so the titles are seldom counted (for "harbor" on PostgreSQL at 50,000 shows the
    title count was 21 ms of a 54 ms search, names 1 ms).
    """
    if len(searched.people) <= MAX_LISTED_PEOPLE:
        return 0
    found = shows.filter(search.contains(Show, searched.text, ["title"])).order_by()
    many = search.index.MAX_LISTED_KEYS
    titles = found.values_list("pk", flat=True)[: many + 1].count()
    return titles if titles > many else 0


def walk(shows, query, at_least):
    """`shows` with `query` in the title, a season's title or a credited person's name,
    tested row by row.

    For a term in more than a thousand titles ("ava": 9,956 of 50,000 shows): the set of
    matches costs 100 ms to build, twice (count and page), while one row in five matches,
    so a page read in list order stops after about a hundred rows (3 ms on SQLite). Its
    search plan tells the paginator: at least `at_least` shows match (from `common`).
    """
    walked = shows.filter(
        Q(title__icontains=query)
        | search.RowByRowExists(Season.objects.filter(show=OuterRef("pk"), title__icontains=query))
        | search.RowByRowExists(
            CrewCredit.objects.filter(show=OuterRef("pk"), person__name__icontains=query)
        )
        | search.RowByRowExists(
            CastCredit.objects.filter(season__show=OuterRef("pk"), person__name__icontains=query)
        )
    )
    return search.with_plan(walked, search.SearchPlan(walked=True, at_least=at_least))
