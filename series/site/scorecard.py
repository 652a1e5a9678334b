"""The trade-press scorecard: one TV year, networks by returning / cancelled / awaiting / final.

Built from each show's stored status (the same value every listing and count reads)
and, for a TV season, its stored `active_years`, in a fixed number of queries whatever
the number of shows: one aggregate for the counts, one for the networks with each
cell's first names picked by index seeks, one for those shows' titles and latest
season numbers (each name links to the season the status is about), and two index
reads for the years there are. Every one reads `show_scorecard_idx`, not the shows.
"""

from django import forms
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from series.models import Network, Season, Show, StatusCounts
from series.status import ShowStatus

from .views import scorecard_shows

# The trade press's columns, each exactly one show status so every count links to
# the show list filtered by it. Ended shows and those in development are on network pages.
# Each is headed by its status's own label, the word the count cards above the table,
# the badges and the show list's filter use for it too.
COLUMNS = [
    (status, status.label)
    for status in (
        ShowStatus.RETURNING,
        ShowStatus.CANCELLED,
        ShowStatus.AWAITING_DECISION,
        ShowStatus.ENDING,
    )
]
NAMES_PER_CELL = 8


class ScorecardForm(forms.Form):
    """Which TV year and which network; every value is checked, a bad one is a 400."""

    year = forms.TypedChoiceField(
        label="TV season",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="Shows with a season premiere or a decision announced that year.",
    )
    network = forms.ModelChoiceField(
        label="Network",
        required=False,
        queryset=Network.objects.order_by("name"),
        to_field_name="slug",
        empty_label="All networks",
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "All years")] + [(y, str(y)) for y in years]


def scorecard_years(today):
    """Every year from the first premiere on record to this one (or the last), newest first.

    Read from the premiere index alone (no join to published shows: two index ends, not a
    scan of every season); a year with only drafts just shows an empty scorecard.
    """
    dates = Season.objects.filter(premiere_date__isnull=False).values_list(
        "premiere_date", flat=True
    )
    # Two reads of one index end each; MIN and MAX in one query scan it on SQLite.
    earliest = dates.order_by("premiere_date").first()
    latest = dates.order_by("-premiere_date").first()
    first = earliest.year if earliest else today.year
    last = max(latest.year if latest else today.year, today.year)
    return list(range(last, first - 1, -1))


def grid(shows, network=None):
    """Rows of networks, each with a cell per column (its count and first few shows), the
    columns' totals, and every status's total (`status_counts()`, the one way to count)."""
    statuses = [status for status, _ in COLUMNS]
    counts = {
        network_id: {entry["value"]: entry["count"] for entry in network_counts}
        for network_id, network_counts in shows.status_counts(by="network_id").items()
    }
    all_counts = StatusCounts(
        {value: sum(c.get(value, 0) for c in counts.values()) for value in ShowStatus.values}
    )
    # Each cell's first names, as the network's annotations: one short walk each along
    # show_scorecard_idx (network, status, title, id), stopping at the k-th match.
    # A window over every matching show read them all (40 ms at 50,000 shows).
    cell = {
        status: shows.filter(network=OuterRef("pk"), status=status).order_by("title", "pk")
        for status in statuses
    }
    picks = {
        f"{status}__{k}": Subquery(cell[status].values("pk")[k : k + 1])
        for status in statuses
        for k in range(NAMES_PER_CELL)
    }
    networks = Network.objects.order_by("name", "pk")
    if network is not None:
        networks = networks.filter(pk=network.pk)
    with_columns = {pk for pk, c in counts.items() if any(c.get(s) for s in statuses)}
    networks = [n for n in networks.annotate(**picks) if n.pk in with_columns]
    picked = {getattr(n, name) for n in networks for name in picks} - {None}
    listed = {
        show["pk"]: show
        for show in Show.objects.filter(pk__in=picked)
        .annotate(season=Subquery(latest_season_number))
        .values("pk", "title", "slug", "season")
    }
    links = ShowLinks()
    show_list = reverse("series:show-list")
    rows = []
    for row_network in networks:
        row = {"network": row_network, "cells": []}
        for status, label in COLUMNS:
            count = counts[row_network.pk].get(status, 0)
            shown = []
            for k in range(NAMES_PER_CELL):
                show = listed.get(getattr(row_network, f"{status}__{k}"))
                if show is not None:
                    shown.append(links.named(show))
            row["cells"].append(
                {
                    "status": status,
                    "label": label,
                    "count": count,
                    "shows": shown,
                    "more": count - len(shown),
                    "list_url": f"{show_list}?status={status}&network={row_network.slug}",
                }
            )
        rows.append(row)
    totals = [
        {"status": status, "label": label, "count": sum(c.get(status, 0) for c in counts.values())}
        for status, label in COLUMNS
    ]
    return rows, totals, all_counts


# The number of a show's latest season: each name links to the season its status is about.
latest_season_number = (
    Season.objects.filter(show=OuterRef("pk")).order_by("-number").values("number")[:1]
)


class ShowLinks:
    """Links for many listed shows at the cost of two `reverse()` calls, not one per name
    (400 names a page: `reverse()` was a third of the page's time)."""

    SLUG, NUMBER = "show-slug-placeholder", 999

    def __init__(self):
        season = reverse("series:season-detail", kwargs={"slug": self.SLUG, "number": self.NUMBER})
        self.season = season.replace(str(self.NUMBER), "{number}").replace(self.SLUG, "{slug}")
        show = reverse("series:show-detail", kwargs={"slug": self.SLUG})
        self.show = show.replace(self.SLUG, "{slug}")

    def named(self, show):
        """A listed show's name and link: its latest season's page, or the show's without one."""
        if show["season"]:
            url = self.season.format(slug=show["slug"], number=show["season"])
        else:
            url = self.show.format(slug=show["slug"])
        return {"title": show["title"], "url": url, "season": show["season"]}


class ScorecardView(TemplateView):
    """Returning, cancelled, awaiting decision and final season ahead, network by network."""

    template_name = "series/scorecard.html"

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        self.form = ScorecardForm(request.GET, years=scorecard_years(today))
        context = self.get_context_data(**kwargs)
        return self.render_to_response(context, status=200 if self.form.is_valid() else 400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows, totals, all_counts = [], [], StatusCounts({})
        year = network = None
        if self.form.is_valid():
            year = self.form.cleaned_data["year"]
            network = self.form.cleaned_data["network"]
            shows = scorecard_shows(year)
            if network:
                shows = shows.filter(network=network)
            rows, totals, all_counts = grid(shows, network)
        context.update(
            form=self.form,
            year=year,
            network=network,
            rows=rows,
            totals=totals,
            all_counts=all_counts,
            columns=COLUMNS,
            names_per_cell=NAMES_PER_CELL,
            breadcrumbs=[{"label": "Scorecard", "url": reverse("series:scorecard")}],
            canonical_url=self.request.build_absolute_uri(reverse("series:scorecard")),
        )
        return context
