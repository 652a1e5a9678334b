"""The trade-press scorecard: one TV year, networks by renewed / cancelled / awaiting / final.

Built from each show's stored status (the same value every listing and count reads)
in a fixed number of queries, whatever the number of shows: one aggregate for the
counts, one window query for the few names listed per cell, one for those shows'
latest season numbers (each name links to the season the status is about), one for
the networks, and two index reads for the years there are.
"""

from collections import defaultdict

from django import forms
from django.db.models import F, Max, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from .models import Network, Season, StatusCounts
from .status import ShowStatus
from .views import scorecard_shows

# The trade press's columns, each exactly one show status so every count links to
# the show list filtered by it. Ended shows and those in development are on network pages.
COLUMNS = [
    (ShowStatus.RETURNING, "Renewed"),
    (ShowStatus.CANCELLED, "Cancelled"),
    (ShowStatus.AWAITING_DECISION, "Awaiting decision"),
    (ShowStatus.ENDING, "Final season"),
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


def grid(shows):
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
    listed = list(
        shows.filter(status__in=statuses)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("network_id"), F("status")],
                order_by=[F("title").asc(), F("pk").asc()],
            )
        )
        .filter(rank__lte=NAMES_PER_CELL)
        .order_by("title", "pk")
        .values("pk", "title", "slug", "network_id", "status")
    )
    latest = dict(
        Season.objects.filter(show_id__in=[show["pk"] for show in listed])
        .order_by()
        .values("show_id")
        .annotate(number=Max("number"))
        .values_list("show_id", "number")
    )
    cells = defaultdict(list)
    for show in listed:
        number = latest.get(show["pk"])
        if number:
            url = reverse("series:season-detail", kwargs={"slug": show["slug"], "number": number})
        else:
            url = reverse("series:show-detail", kwargs={"slug": show["slug"]})
        cells[show["network_id"], show["status"]].append(
            {"title": show["title"], "url": url, "season": number}
        )
    with_columns = [pk for pk, c in counts.items() if any(c.get(s) for s in statuses)]
    rows = []
    for network in Network.objects.filter(pk__in=with_columns).order_by("name", "pk"):
        row = {"network": network, "cells": []}
        for status, label in COLUMNS:
            count = counts[network.pk].get(status, 0)
            shown = cells[network.pk, status]
            row["cells"].append(
                {
                    "status": status,
                    "label": label,
                    "count": count,
                    "shows": shown,
                    "more": count - len(shown),
                    "list_url": f"{reverse('series:show-list')}?status={status}"
                    f"&network={network.slug}",
                }
            )
        rows.append(row)
    totals = [
        {"status": status, "label": label, "count": sum(c.get(status, 0) for c in counts.values())}
        for status, label in COLUMNS
    ]
    return rows, totals, all_counts


class ScorecardView(TemplateView):
    """Renewed, cancelled, awaiting decision and final season, network by network."""

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
            rows, totals, all_counts = grid(shows)
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
