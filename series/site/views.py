"""Public pages. Each view owns its queries, so a page's query count never grows with its data."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection
from django.db.models import Exists, F, OuterRef, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, TemplateView

from pagecache.decorators import cache_tags
from series import links, search
from series.filters import ShowFilterForm
from series.images import largest_rendition_url
from series.models import (
    Announcement,
    CastCredit,
    CrewCredit,
    CriticScore,
    Network,
    Person,
    Season,
    Show,
)
from series.pagination import BoundedPaginator, ListCount
from series.status import year_token

from . import search_results
from .charts import score_history
from .structured_data import season_data, series_data


@never_cache
def healthz(request):
    """Plain "ok" after one database round trip: the floor every page is measured against."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse("ok", content_type="text/plain")


def visible_shows(request):
    """Published shows, plus drafts for staff previewing them."""
    if request.user.is_staff:
        return Show.objects.all()
    return Show.objects.published()


def visible_seasons(request):
    """Seasons of published shows, for a lookup by the show's slug; all for staff."""
    if request.user.is_staff:
        return Season.objects.all()
    return Season.objects.published_by_join()


@method_decorator(cache_tags(records=True), name="dispatch")
class ShowDetailView(DetailView):
    template_name = "series/show_detail.html"
    context_object_name = "show"

    def get_queryset(self):
        return (
            visible_shows(self.request)
            .select_related("network")
            .prefetch_related(
                "genres",
                # Explicit orders: the models' default ones join the show again.
                Prefetch(
                    "seasons",
                    queryset=Season.objects.order_by("number").prefetch_related(
                        Prefetch("announcements", queryset=Announcement.objects.newest_first())
                    ),
                ),
                Prefetch(
                    "crew_credits",
                    queryset=CrewCredit.objects.select_related("person").order_by(
                        "job", "person__name", "id"
                    ),
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        show = self.object
        today = timezone.localdate()
        seasons = list(show.seasons.all())
        for season in seasons:
            season.show = show  # the rules over all seasons read the prefetched list
            season.verdict = season.answer(today)
        # Credits, scores and announcements point at these seasons: attached from the
        # list, not joined and loaded again for a number and a link.
        by_id = {season.pk: season for season in seasons}
        credits = (
            CastCredit.objects.filter(season__show=show)
            .select_related("person")
            .annotate(season_number=F("season__number"))
            .order_by("billing_order", "season__number", "id")
        )
        cast = {}
        for credit in credits:
            entry = cast.setdefault(credit.person_id, {"person": credit.person, "roles": {}})
            entry["roles"].setdefault(credit.character_name, []).append(credit.season_number)
        scores = list(
            CriticScore.objects.filter(season__show=show)
            .latest()
            .order_by("season__number", "aggregator")
        )
        announcements = list(Announcement.objects.filter(season__show=show).newest_first())
        for record in [*scores, *announcements]:
            record.season = by_id[record.season_id]
        creators = [c for c in show.crew_credits.all() if c.job == c.Job.CREATOR]
        cast = list(cast.values())
        absolute = self.request.build_absolute_uri
        poster = largest_rendition_url(show, "poster")
        context.update(
            breadcrumbs=[
                {"label": "Shows", "url": links.reverse("series:show-list")},
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
            scores=scores,
            announcements=announcements,
        )
        return context


@method_decorator(cache_tags(records=True), name="dispatch")
class SeasonDetailView(DetailView):
    template_name = "series/season_detail.html"
    context_object_name = "season"

    def get_object(self, queryset=None):
        seasons = (
            visible_seasons(self.request)
            .with_siblings()
            .select_related("show__network")
            .prefetch_related(
                Prefetch("announcements", queryset=Announcement.objects.newest_first())
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
        announcements = season.announcements.all()
        # One season's cast: a plain query, not a prefetch (the same SQL, a third of
        # the Python). An explicit order: the default one joins the season and show again.
        cast = list(
            CastCredit.objects.filter(season=season)
            .select_related("person")
            .order_by("billing_order", "id")
        )
        # Every snapshot, oldest first (undated ones first on every database), each ranked
        # by the one rule for "latest"; the page's latest scores are those ranked first.
        history = list(
            season.critic_scores.ranked().order_by(
                "aggregator",
                F("retrieved_date").asc(nulls_first=True),
                "retrieved_precision",
                "id",
            )
        )
        scores = [score for score in history if score.newest_rank == 1]
        verdict = season.answer(today)
        absolute = self.request.build_absolute_uri
        pictured = season if season.image else show
        poster = largest_rendition_url(pictured, "poster")
        context.update(
            breadcrumbs=[
                {"label": "Shows", "url": links.reverse("series:show-list")},
                {"label": show.title, "url": show.get_absolute_url()},
                {"label": f"Season {season.number}", "url": season.get_absolute_url()},
            ],
            canonical_url=absolute(season.get_absolute_url()),
            structured_data=(
                season_data(season, show, cast, scores, absolute, poster)
                if show.is_published
                else None
            ),
            show=show,
            today=today,
            verdict=verdict,
            headline=verdict.headline(show.title, season.number),
            release=season.release_state(today),
            decision_label=season.decision_label(today),
            announcements=announcements,
            sources=season.sources(),
            cast=cast,
            scores=scores,
            score_history=history,
            score_chart=score_history(history),
            pictured=pictured,
            og_image=poster and absolute(poster),
            other_seasons=show.seasons.all(),
            creators=show.crew_credits.filter(job="creator")
            .select_related("person")
            .order_by("person__name", "id"),
        )
        return context


HOME_ANNOUNCEMENT_FIELDS = [
    "decision",
    "announced_date",
    "announced_precision",
    "source_name",
    "source_url",
    "summary",
    "season__number",
    "season__show__slug",
    "season__show__title",
]
HOME_PREMIERE_FIELDS = [
    "number",
    "premiere_date",
    "premiere_precision",
    "show__slug",
    "show__title",
    "show__network__name",
]


class HomeView(TemplateView):
    template_name = "series/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        # Only the columns the page shows: a row of season, show and network is ~45
        # columns, and compiling and loading them was most of the page's query cost.
        context.update(
            announcements=(
                Announcement.objects.published()
                .select_related("season__show")
                .only(*HOME_ANNOUNCEMENT_FIELDS)
                .newest_first()[:8]
            ),
            premieres=(
                Season.objects.published()
                .select_related("show__network")
                .only(*HOME_PREMIERE_FIELDS)
                .next_premieres(today, 8)
            ),
            status_counts=Show.objects.published().status_counts(),
        )
        return context


# A common search's first pages are read by walking the list in order (`filters.walk`).
# Each page walks further: "ava" at 50,000 shows, page 1 / 10 took 23 / 48 ms on SQLite
# and 55 / 72 ms on PostgreSQL, against 190 / 440 ms for reading its set of matches (and
# counting it) as every page past the tenth does.
WALKED_PAGES = 10


class ShowListPaginator(BoundedPaginator):
    """Exact counts, except for a search walked in list order (`filters.walk`): that one
    says what its index read found ("More than 1,000 shows match") and counts nothing."""

    @cached_property
    def count(self):
        searched = search.plan(self.object_list)
        if searched is not None and searched.walked:
            return ListCount(searched.at_least - 1, ListCount.MORE_THAN)
        return ListCount(self.object_list.count())


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
        self.typed = self.form.cleaned_data.get("q") or ""
        self.searched = self.typed
        self.answer = None
        question = search.parse(self.typed)
        if self.typed and question.season is not None:
            # "Spinning Out season 2": lead with that season's answer (on the first page),
            # and list the shows the title part finds (the whole text is in no title),
            # or those of the title it was taken for ("spining out").
            self.searched = question.title
            if self.shown_page() == 1:
                self.answer = search_results.season_answer(question, Show.objects.published())
                if self.answer is not None and self.answer.near:
                    self.searched = self.answer.show.title
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if not self.form.is_valid():
            return Show.objects.none()
        page = self.shown_page()
        # A walked page must lie within what `filters.common` found, which the count
        # then states ("more than 1,000"): the page links reach past it.
        within = page * self.paginate_by < search.index.MAX_LISTED_KEYS
        return self.form.filter(
            Show.objects.published()
            .select_related("network")
            .only("title", "slug", "status", "season_count", "network__name", "network__slug")
            # A list, not a manager per row: includes/show_table.html reads genre_list.
            .prefetch_related(Prefetch("genres", to_attr="genre_list")),
            walk_common=page <= WALKED_PAGES and within,
            query=self.searched,
        )

    def shown_page(self):
        page = self.request.GET.get(self.page_kwarg, "")
        return int(page) if page.isdigit() else 1

    def get_paginator(self, queryset, per_page, **kwargs):
        return ShowListPaginator(queryset, per_page, page=self.shown_page(), **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            form=self.form,
            breadcrumbs=[{"label": "Shows", "url": links.reverse("series:show-list")}],
            canonical_url=self.canonical_url(context.get("page_obj")),
            filtered=any(self.request.GET.get(name) for name in self.form.fields),
            narrowed=any(self.request.GET.get(name) for name in self.form.fields if name != "q"),
        )
        if self.form.is_valid() and self.typed:
            context.update(self.search_context(context))
        return context

    def search_context(self, context):
        """The search's answer, reasons, people and suggestions: a fixed number of
        queries on top of the list's (tests/search/test_search_page.py counts them)."""
        shows = context["object_list"]
        page = context["page_obj"]
        first = page is None or page.number == 1
        alone = not context["narrowed"]
        reasons = search_results.reasons(shows, self.searched)
        for show in shows:
            show.why = reasons.get(show.pk, [])
        found = {"typed": self.typed, "searched": self.searched, "answer": self.answer}
        if first and alone:
            # People are not narrowed by a show's status, network or genre: listed only
            # for the search alone, on its first page.
            found["people"], found["more_people"] = search_results.people(self.searched)
        if first and not shows and self.answer is None:
            near = search_results.suggestions(Show.objects.published(), self.searched)
            for show in near:
                show.why = ["similar title"]
            found["suggestions"] = near
            if alone and not found.get("people"):
                found["people"] = search_results.near_people(self.searched)
                found["near_people"] = bool(found["people"])
            if near:
                found["did_you_mean"] = near[0].title
        # A name found only through people leads with them: "kaya" is a person.
        found["people_first"] = bool(found.get("people")) and not any(
            "title" in show.why for show in shows
        )
        return found

    def canonical_url(self, page):
        """The unfiltered list, keeping only the page number past the first page."""
        url = links.reverse("series:show-list")
        if page is not None and page.number > 1:
            url += f"?page={page.number}"
        return self.request.build_absolute_uri(url)


@method_decorator(cache_tags(records=True), name="dispatch")
class PersonDetailView(DetailView):
    """A person's credits across published shows; a person with none is not public."""

    model = Person
    template_name = "series/person_detail.html"
    context_object_name = "person"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        cast_credits = (
            CastCredit.objects.published()
            .filter(person=person)
            .select_related("season__show")
            .order_by("season__number", "id")
        )
        crew_credits = CrewCredit.objects.published().filter(person=person).order_by("job")
        shows = {
            show.pk: {"show": show, "seasons": [], "jobs": []}
            for show in Show.objects.published()
            .filter(
                Exists(cast_credits.filter(season__show=OuterRef("pk")))
                | Exists(crew_credits.filter(show=OuterRef("pk")))
            )
            .select_related("network")
            .order_by("title", "pk")
        }
        for credit in cast_credits:
            shows[credit.season.show_id]["seasons"].append(credit)
        for credit in crew_credits:
            shows[credit.show_id]["jobs"].append(credit.get_job_display())
        if not shows:
            raise Http404("No public credits.")
        absolute = self.request.build_absolute_uri
        context.update(
            credits=list(shows.values()),
            breadcrumbs=[{"label": person.name, "url": person.get_absolute_url()}],
            og_image=(photo := largest_rendition_url(person, "photo")) and absolute(photo),
            canonical_url=self.request.build_absolute_uri(person.get_absolute_url()),
        )
        return context


NETWORK_PAGE_SIZE = 50


def scorecard_shows(year=None):
    """Published shows with their stored status, optionally those with a season premiere
    or a decision announced in `year` (their stored `active_years`, read from an index)."""
    shows = Show.objects.published()
    if year:
        shows = shows.filter(active_years__contains=year_token(year))
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
            shows.select_related("network").order_by("title", "pk"),
            NETWORK_PAGE_SIZE,
        )
        try:
            page = paginator.page(self.request.GET.get("page") or 1)
        except (EmptyPage, PageNotAnInteger) as error:
            raise Http404("No such page.") from error
        context.update(
            shows=page.object_list,
            page_obj=page,
            counts=shows.status_counts(),
            breadcrumbs=[
                {"label": "Scorecard", "url": links.reverse("series:scorecard")},
                {"label": network.name, "url": network.get_absolute_url()},
            ],
            canonical_url=self.request.build_absolute_uri(network.get_absolute_url()),
        )
        return context


@cache_tags(static=True)
def robots_txt(request):
    """Everything public may be crawled; the admin may not; the sitemap is named in full."""
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
