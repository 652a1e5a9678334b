"""Public pages. Each view owns its queries, so a page's query count never grows with its data."""

from collections import defaultdict

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, TemplateView

from .charts import score_history
from .filters import ShowFilterForm
from .images import largest_rendition_url
from .models import (
    Announcement,
    CastCredit,
    CrewCredit,
    CriticScore,
    Network,
    Person,
    Season,
    Show,
)
from .status import ShowStatus
from .structured_data import season_data, series_data


@never_cache
def healthz(request):
    """Plain "ok" after one database round trip: the floor every page is measured against."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse("ok", content_type="text/plain")


def season_count_subquery():
    seasons = Season.objects.filter(show=OuterRef("pk")).order_by().values("show")
    return Coalesce(Subquery(seasons.annotate(total=Count("pk")).values("total")), 0)


def visible_shows(request):
    """Published shows, plus drafts for staff previewing them."""
    if request.user.is_staff:
        return Show.objects.all()
    return Show.objects.published()


def visible_seasons(request):
    """Seasons of published shows (a join, not an IN over all of them); all for staff."""
    if request.user.is_staff:
        return Season.objects.all()
    return Season.objects.published()


def latest_scores(scores):
    """The newest snapshot per aggregator, each with how many snapshots were kept."""
    latest = {}
    for score in scores:  # ordered by aggregator, then retrieval date
        score.snapshot_count = (
            latest[score.aggregator].snapshot_count + 1 if score.aggregator in latest else 1
        )
        latest[score.aggregator] = score
    return list(latest.values())


class ShowDetailView(DetailView):
    template_name = "series/show_detail.html"
    context_object_name = "show"

    def get_queryset(self):
        return (
            visible_shows(self.request)
            .select_related("network")
            .prefetch_related(
                "genres",
                Prefetch("seasons", queryset=Season.objects.prefetch_related("announcements")),
                "crew_credits__person",
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        show = self.object
        today = timezone.localdate()
        seasons = list(show.seasons.all())
        for season in seasons:
            season.state = season.release_state(today)
            season.verdict = season.answer(today)
        credits = (
            CastCredit.objects.filter(season__show=show)
            .select_related("person", "season")
            .order_by("billing_order", "season__number", "id")
        )
        cast = {}
        for credit in credits:
            entry = cast.setdefault(credit.person_id, {"person": credit.person, "roles": {}})
            entry["roles"].setdefault(credit.character_name, []).append(credit.season.number)
        scores = CriticScore.objects.filter(season__show=show).select_related("season")
        creators = [c for c in show.crew_credits.all() if c.job == c.Job.CREATOR]
        cast = list(cast.values())
        absolute = self.request.build_absolute_uri
        poster = largest_rendition_url(show, "poster")
        context.update(
            breadcrumbs=[
                {"label": "Shows", "url": reverse("series:show-list")},
                {"label": show.title, "url": show.get_absolute_url()},
            ],
            canonical_url=absolute(show.get_absolute_url()),
            structured_data=(
                series_data(show, seasons, creators, cast, absolute, poster)
                if show.is_published
                else None
            ),
            og_image=poster and absolute(poster),
            latest_season=seasons[-1] if seasons else None,
            today=today,
            status=show.derive_status(today),
            seasons=seasons,
            cast=cast,
            creators=creators,
            crew=show.crew_credits.all(),
            scores=latest_scores(
                scores.order_by("season__number", "aggregator", "retrieved_date", "id")
            ),
            announcements=sorted(
                (a for s in seasons for a in s.announcements.all()),
                key=lambda a: (a.announced.sort_key(), a.pk),
                reverse=True,
            ),
        )
        return context


class SeasonDetailView(DetailView):
    template_name = "series/season_detail.html"
    context_object_name = "season"

    def get_object(self, queryset=None):
        seasons = (
            visible_seasons(self.request)
            .select_related("show__network")
            .prefetch_related(
                "announcements",
                Prefetch("cast_credits", queryset=CastCredit.objects.select_related("person")),
                # Undated snapshots first on every database, so the newest dated one is last.
                Prefetch(
                    "critic_scores",
                    queryset=CriticScore.objects.order_by(
                        "aggregator", F("retrieved_date").asc(nulls_first=True), "id"
                    ),
                ),
            )
        )
        return get_object_or_404(
            seasons, show__slug=self.kwargs["slug"], number=self.kwargs["number"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        season = self.object
        show = season.show
        today = timezone.localdate()
        announcements = sorted(
            season.announcements.all(),
            key=lambda a: (a.announced.sort_key(), a.pk),
            reverse=True,
        )
        cast = season.cast_credits.all()
        verdict = season.answer(today)
        absolute = self.request.build_absolute_uri
        pictured = season if season.image else show
        poster = largest_rendition_url(pictured, "poster")
        context.update(
            breadcrumbs=[
                {"label": "Shows", "url": reverse("series:show-list")},
                {"label": show.title, "url": show.get_absolute_url()},
                {"label": f"Season {season.number}", "url": season.get_absolute_url()},
            ],
            canonical_url=absolute(season.get_absolute_url()),
            structured_data=(
                season_data(season, show, cast, list(season.critic_scores.all()), absolute, poster)
                if show.is_published
                else None
            ),
            show=show,
            today=today,
            verdict=verdict,
            headline=verdict.headline(show.title, season.number),
            release=season.release_state(today),
            announcements=announcements,
            sources=[a for a in announcements if a.decision == season.decision],
            cast=cast,
            scores=latest_scores(season.critic_scores.all()),
            score_history=season.critic_scores.all(),
            score_chart=score_history(season.critic_scores.all()),
            pictured=pictured,
            og_image=poster and absolute(poster),
            other_seasons=show.seasons.only("id", "show_id", "number", "title").order_by("number"),
            creators=show.crew_credits.filter(job="creator").select_related("person"),
        )
        return context


def status_counts(shows):
    """How many shows have each status, in the vocabulary's order, with zero counts kept."""
    return counts_list(dict(shows.order_by().values_list("status").annotate(total=Count("pk"))))


def counts_list(counts):
    """Every show status with its count from {status: count}, in the vocabulary's order."""
    return [
        {"value": value, "label": label, "count": counts.get(value, 0)}
        for value, label in ShowStatus.choices
    ]


class HomeView(TemplateView):
    template_name = "series/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context.update(
            announcements=(
                Announcement.objects.published()
                .select_related("season__show__network")
                .order_by("-announced_date", "-id")[:8]
            ),
            premieres=(
                Season.objects.published().select_related("show__network").next_premieres(today, 8)
            ),
            status_counts=status_counts(Show.objects.published()),
        )
        return context


class ShowListView(ListView):
    """Every published show, searched, filtered, sorted and paginated by `ShowFilterForm`."""

    template_name = "series/show_list.html"
    context_object_name = "shows"
    paginate_by = 20

    def get(self, request, *args, **kwargs):
        self.form = ShowFilterForm(request.GET)
        if not self.form.is_valid():
            # A bad filter value is the visitor's mistake: say so, never 500, never ignore it.
            self.object_list = Show.objects.none()
            context = self.get_context_data()
            return self.render_to_response(context, status=400)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if not self.form.is_valid():
            return Show.objects.none()
        return self.form.filter(
            Show.objects.published()
            .select_related("network")
            .prefetch_related("genres")
            # A correlated count per listed row: a GROUP BY over every show costs
            # seconds at 50,000 shows, this only touches the page being shown.
            .annotate(season_count=season_count_subquery())
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            form=self.form,
            breadcrumbs=[{"label": "Shows", "url": reverse("series:show-list")}],
            canonical_url=self.canonical_url(context.get("page_obj")),
            filtered=any(self.request.GET.get(name) for name in self.form.fields),
            narrowed=any(self.request.GET.get(name) for name in self.form.fields if name != "q"),
        )
        return context

    def canonical_url(self, page):
        """The unfiltered list, keeping only the page number past the first page."""
        url = reverse("series:show-list")
        if page is not None and page.number > 1:
            url += f"?page={page.number}"
        return self.request.build_absolute_uri(url)


class PersonDetailView(DetailView):
    """A person's credits across published shows; a person with none is not public."""

    model = Person
    template_name = "series/person_detail.html"
    context_object_name = "person"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        cast_credits = (
            CastCredit.objects.filter(person=person, season__show__is_published=True)
            .select_related("season__show__network")
            .order_by("season__show__title", "season__show_id", "season__number", "id")
        )
        crew_credits = (
            CrewCredit.objects.filter(person=person, show__is_published=True)
            .select_related("show__network")
            .order_by("show__title", "show_id", "job")
        )
        shows = {}
        for credit in cast_credits:
            show = credit.season.show
            entry = shows.setdefault(show.pk, {"show": show, "seasons": [], "jobs": []})
            entry["seasons"].append(credit)
        for credit in crew_credits:
            entry = shows.setdefault(
                credit.show_id, {"show": credit.show, "seasons": [], "jobs": []}
            )
            entry["jobs"].append(credit.get_job_display())
        if not shows:
            raise Http404("No public credits.")
        absolute = self.request.build_absolute_uri
        context.update(
            credits=sorted(shows.values(), key=lambda e: (e["show"].title, e["show"].pk)),
            breadcrumbs=[{"label": person.name, "url": person.get_absolute_url()}],
            og_image=(photo := largest_rendition_url(person, "photo")) and absolute(photo),
            canonical_url=self.request.build_absolute_uri(person.get_absolute_url()),
        )
        return context


NETWORK_PAGE_SIZE = 50


def counts_by_network(shows):
    """{network id: {status: count}} in one aggregate query, whatever the number of shows."""
    counts = defaultdict(dict)
    rows = shows.order_by().values_list("network_id", "status").annotate(total=Count("pk"))
    for network_id, status, total in rows:
        counts[network_id][status] = total
    return counts


def scorecard_shows(year=None):
    """Published shows with their stored status, optionally those active in `year`."""
    shows = Show.objects.published()
    if year:
        shows = shows.filter(
            Exists(Season.objects.filter(show=OuterRef("pk"), premiere_date__year=year))
            | Exists(
                Announcement.objects.filter(season__show=OuterRef("pk"), announced_date__year=year)
            )
        )
    return shows


class NetworkDetailView(DetailView):
    """One network's scorecard: its counts by status and its published shows, paginated."""

    model = Network
    template_name = "series/network_detail.html"
    context_object_name = "network"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        network = self.object
        shows = scorecard_shows().filter(network=network)
        paginator = Paginator(
            shows.select_related("network")
            .annotate(season_count=season_count_subquery())
            .order_by("title", "pk"),
            NETWORK_PAGE_SIZE,
        )
        try:
            page = paginator.page(self.request.GET.get("page") or 1)
        except (EmptyPage, PageNotAnInteger) as error:
            raise Http404("No such page.") from error
        context.update(
            shows=page.object_list,
            page_obj=page,
            counts=counts_list(counts_by_network(shows)[network.pk]),
            breadcrumbs=[
                {"label": "Scorecard", "url": reverse("series:scorecard")},
                {"label": network.name, "url": network.get_absolute_url()},
            ],
            canonical_url=self.request.build_absolute_uri(network.get_absolute_url()),
        )
        return context


def robots_txt(request):
    """Everything public may be crawled; the admin may not; the sitemap is named in full."""
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
