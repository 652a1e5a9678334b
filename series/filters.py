"""The show list's search, filters and sort, shared by the pages and the API.

Every value comes from a query string, so the form validates it: an unknown
status, network, genre, year or sort is a clear error (the views answer 400),
never a 500 and never silently ignored.
"""

from django import forms
from django.db.models import Exists, OuterRef

from . import search, widgets
from .models import CrewCredit, Genre, Network, Person, Season, Show
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
        label="Search", max_length=100, required=False, help_text="Show titles and people's names."
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

    def filter(self, shows):
        """Apply the cleaned filters to a queryset of shows; call after is_valid()."""
        data = self.cleaned_data
        if query := data.get("q"):
            # Uncorrelated IN subqueries: the database finds the matching people once,
            # then their credits by index, instead of probing every show's credits
            # (841 ms -> 40 ms at 50,000 shows on SQLite; see BENCHMARKS.md).
            # Titles and names are read from the search index (series/search.py).
            people = Person.objects.filter(search.contains(Person, query, ["name"])).values_list(
                "pk", flat=True
            )
            # Scan people's names once, not once per credit kind and per query (count
            # and page); a term matching very many people stays a subquery.
            matched = list(people[: MAX_LISTED_PEOPLE + 1])
            if len(matched) <= MAX_LISTED_PEOPLE:
                people = matched
            # One set of show keys, a UNION of three index reads: as an OR of IN
            # subqueries PostgreSQL scanned every show (see BENCHMARKS.md, admin section).
            matches = (
                Show.objects.filter(search.contains(Show, query, ["title"]))
                .order_by()
                .values("pk")
                .union(
                    CrewCredit.objects.filter(person__in=people).order_by().values("show_id"),
                    Season.objects.filter(cast_credits__person__in=people)
                    .order_by()
                    .values("show_id"),
                )
            )
            shows = shows.filter(pk__in=matches)
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
