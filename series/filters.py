"""The show list's search, filters and sort, shared by the pages and the API.

Every value comes from a query string, so the form validates it: an unknown
status, network, genre, year or sort is a clear error (the views answer 400),
never a 500 and never silently ignored.
"""

from django import forms
from django.db.models import Exists, OuterRef, Q

from . import search, widgets
from .models import CastCredit, CrewCredit, Genre, Network, Person, Season, Show
from .status import ShowStatus

MAX_LISTED_PEOPLE = 500

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

    def filter(self, shows, walk_common=False, query=None):
        """Apply the cleaned filters to a queryset of shows; call after is_valid().

        `query`: the text to search instead of the box's, such as the title part of
        "spinning out season 2" (`search.parse`).

        `walk_common`: a search alone in the box for a term `common` finds in many titles
        and names is tested row by row as the list is read in order (`walk`), planned so
        the show list's paginator states a bound instead of counting. `walk` tests the
        same rule as `matches` (title or a credited person's name); tests/search/test_search.py
        holds the two to the same shows.
        """
        data = self.cleaned_data
        if query := (query if query is not None else data.get("q")):
            alone = not any(data.get(name) for name in self.fields if name not in ("q", "sort"))
            at_least = common(shows, query) if walk_common and alone else 0
            if at_least:
                shows = walk(shows, query, at_least)
            else:
                shows = shows.filter(pk__in=matches(query))
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


def matches(query):
    """The keys of the shows whose title, whose seasons' titles or whose people's names
    hold `query`."""
    # Uncorrelated IN subqueries: the database finds the matching people once,
    # then their credits by index, instead of probing every show's credits
    # (841 ms -> 40 ms at 50,000 shows on SQLite; see BENCHMARKS.md).
    # Titles and names are read from the search index (series/search/).
    people = Person.objects.filter(search.contains(Person, query, ["name"])).values_list(
        "pk", flat=True
    )
    # Scan people's names once, not once per credit kind and per query (count
    # and page); a term matching very many people stays a subquery.
    matched = list(people[: MAX_LISTED_PEOPLE + 1])
    if len(matched) <= MAX_LISTED_PEOPLE:
        people = matched
    # One set of show keys, a UNION of four index reads: as an OR of IN
    # subqueries PostgreSQL scanned every show.
    return (
        Show.objects.filter(search.contains(Show, query, ["title"]))
        .order_by()
        .values("pk")
        .union(
            CrewCredit.objects.filter(person__in=people).order_by().values("show_id"),
            Season.objects.filter(cast_credits__person__in=people).order_by().values("show_id"),
            Season.objects.filter(search.contains(Season, query, ["title"]))
            .order_by()
            .values("show_id"),
        )
    )


def common(shows, query):
    """How many of `shows` have `query` in their title, when the term is common enough
    to walk: in more titles than `search.index.MAX_LISTED_KEYS` and in more names than
    `MAX_LISTED_PEOPLE`; else 0. Two index reads, each stopping at its bound.

    Only both together make the set of matches dear: "harbor" (1,601 titles, no names)
    reads its set in 20 ms and would walk 30 rows for each match; "ava" (1,676 titles,
    3,275 names and their 29,000 credits) takes 100 ms to read, twice.
    Names first: their read stops at the lower bound, and most terms are in few names,
    so the titles are seldom counted (for "harbor" on PostgreSQL at 50,000 shows the
    title count was 21 ms of a 54 ms search, names 1 ms).
    """
    names = search.first_matches(Person, query, ["name"], limit=MAX_LISTED_PEOPLE + 1)
    if len(names) <= MAX_LISTED_PEOPLE:
        return 0
    found = shows.filter(search.contains(Show, query, ["title"])).order_by()
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
