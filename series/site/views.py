"""Public pages. Each view owns its queries, so a page's query count never grows with its data."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, TemplateView

from pagecache.decorators import add_tags, cache_tags
from pagecache.kept import kept
from pagecache.tags import LISTINGS, PEOPLE
from series import links, search
from series.filters import Searched, ShowFilterForm
from series.freshness import ensure_current_statuses
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
    carry_namesakes,
    has_namesake,
    show_is_published,
)
from series.outlook.pending import season_outlook
from series.pagination import BoundedPaginator, ListCount
from series.status import Release, missing_fact, year_token

from . import news, search_results
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
            .with_namesakes()
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
            # The Seasons rows say what a season that will not be made lacks, as its page does.
            season.not_made = season.release_state(today) == Release.NOT_MADE
            season.missing = missing_fact(season.release_state(today))
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
                {"label": show.dated_title, "url": show.get_absolute_url()},
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
            seasons_phrase=show.derive_seasons_phrase(today),
            seasons=seasons,
            cast=cast,
            creators=creators,
            crew=show.crew_credits.all(),
            scores=scores,
            # An "As of" column only when some score has a date: otherwise it says
            # nothing on every row.
            scores_dated=any(score.retrieved_date for score in scores),
            announcements=announcements,
        )
        return context


class MissingSeason(Http404):
    """A season number the show does not have, on a show the visitor may see."""

    def __init__(self, show, seasons, number):
        super().__init__(f"{show.title} has no season {number}.")
        self.show, self.seasons, self.number = show, seasons, number


def attach_seasons(show, seasons):
    """Make `seasons` (all of `show`'s, by number) what `show.seasons.all()` returns, as a
    `prefetch_related("seasons")` would, each season pointing at this one show object."""
    for season in seasons:
        season.show = show
    cached = show.seasons.all()
    cached._result_cache = seasons
    cached._prefetch_done = True
    show.__dict__.setdefault("_prefetched_objects_cache", {})["seasons"] = cached


@method_decorator(cache_tags(records=True), name="dispatch")
class SeasonDetailView(DetailView):
    template_name = "series/season_detail.html"
    context_object_name = "season"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except MissingSeason as missing:
            # The show is there and visible: its 404 names it and links to its seasons.
            context = {"show": missing.show, "seasons": missing.seasons, "number": missing.number}
            return TemplateResponse(request, "404.html", context, status=404)

    def get_object(self, queryset=None):
        """The season, read with every season of its show in one query.

        The rules over a whole show (`current_decision`, the season list) read the show's
        seasons; reading them with the season and its show, and attaching them as the
        show's prefetched seasons, saves the separate sibling query `with_siblings()`
        makes (7 queries to 6 for the season page, with 11 or 211 cast credits alike).
        """
        slug, number = self.kwargs["slug"], self.kwargs["number"]
        seasons = list(
            visible_seasons(self.request)
            .filter(show__slug=slug)
            .select_related("show__network")
            .annotate(show_has_namesake=has_namesake("show_id", "show__title"))
            .order_by("number")
        )
        show = seasons[0].show if seasons else None
        season = next((s for s in seasons if s.number == number), None)
        if season is None:
            if show is None:
                show = visible_shows(self.request).filter(slug=slug).first()
            if show is None:
                raise Http404("No such show.")
            raise MissingSeason(show, seasons, number)
        attach_seasons(show, seasons)
        carry_namesakes([season], lambda season: season.show)
        prefetch_related_objects(
            [season], Prefetch("announcements", queryset=Announcement.objects.newest_first())
        )
        return season

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
        release = season.release_state(today)
        outlook = None
        if verdict.status == "pending":  # never beside an answer
            outlook = season_outlook(season, show.seasons.all(), show.network, today)
        if outlook:
            # Its odds count every network's decisions: any change to a listing drops it.
            add_tags(self.request, LISTINGS)
        absolute = self.request.build_absolute_uri
        pictured = season if season.image else show
        poster = largest_rendition_url(pictured, "poster")
        context.update(
            breadcrumbs=[
                {"label": "Shows", "url": links.reverse("series:show-list")},
                {"label": show.dated_title, "url": show.get_absolute_url()},
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
            outlook=outlook,
            headline=verdict.headline(show.title, season.number),
            release=release,
            not_made=release == Release.NOT_MADE,
            missing_fact=missing_fact(release),
            decision_label=season.decision_label(today),
            announcements=announcements,
            sources=season.sources(),
            cast=cast,
            scores=scores,
            scores_dated=any(score.retrieved_date for score in scores),
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
    "season__show__active_years",
]
HOME_PREMIERE_FIELDS = [
    "number",
    "premiere_date",
    "premiere_precision",
    "show__slug",
    "show__title",
    "show__active_years",
    "show__network__name",
]
HOME_EVENTS = 8


class HomeView(TemplateView):
    template_name = "series/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        # Only the columns the page shows: a row of season, show and network is ~45
        # columns, and compiling and loading them was most of the page's query cost.
        premieres = (
            Season.objects.published()
            .select_related("show__network")
            .only(*HOME_PREMIERE_FIELDS)
            .annotate(show_has_namesake=has_namesake("show_id", "show__title"))
            .next_premieres(today, 8)
        )
        context.update(
            events=news.latest_events(
                Announcement.objects.published(), HOME_EVENTS, HOME_ANNOUNCEMENT_FIELDS
            ),
            premieres=carry_namesakes(premieres, lambda season: season.show),
            status_counts=published_status_counts(today),
        )
        return context


def published_status_counts(today):
    """How many published shows have each status, kept until the facts change
    (`pagecache.kept`): the one read of the home page that grows with the catalogue (at
    50,000 shows 2 ms on SQLite, 39 ms on PostgreSQL between a seed and its vacuum),
    where the rest reads a few rows along an index."""

    def count():
        # Kept under `today`: a render that began before midnight first re-derives the
        # statuses the new day changed, which no event announces (one cache read when
        # that is done).
        ensure_current_statuses(today)
        return Show.objects.published().status_counts()

    return kept(f"status-counts:{today.isoformat()}", count)


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
                self.answer = search_results.season_answer(question, self.searched_reads)
                if self.answer is not None and self.answer.near:
                    self.searched = self.answer.show.title
                    del self.searched_reads  # the list searches the title it was taken for
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
            .only(
                "title",
                "slug",
                "status",
                "season_count",
                "active_years",
                "network__name",
                "network__slug",
            )
            .with_namesakes()
            # A list, not a manager per row: includes/show_table.html reads genre_list.
            .prefetch_related(Prefetch("genres", to_attr="genre_list")),
            walk_common=page <= WALKED_PAGES and within,
            searched=self.searched_reads,
        )

    @cached_property
    def searched_reads(self):
        """The searched text with the reads of it the list and the People section share."""
        return Searched(self.searched)

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
            found["people"], found["more_people"] = search_results.people(self.searched_reads)
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
        elif first and alone and self.answer is None and self.few_found(shows, page, found):
            found["did_you_mean"] = search_results.did_you_mean(
                Show.objects.published(), shows, self.searched
            )
        # A name found only through people leads with them: "kaya" is a person.
        found["people_first"] = bool(found.get("people")) and not any(
            "title" in show.why for show in shows
        )
        return found

    @staticmethod
    def few_found(shows, page, found):
        """Whether the search found a few shows and no person: it may still be a typo."""
        few = 0 < len(shows) < search_results.FEW_FOUND and not page.has_next()
        return few and not found.get("people")

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
            shows.select_related("network").with_namesakes().order_by("title", "pk"),
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


INDEX_PAGE_SIZE = 50


class IndexPageMixin:
    """An index page paged by the project's paginator: a visitor's page number past the
    end, or not a number, is a 404 (as on network pages), never a silent first page."""

    paginate_by = INDEX_PAGE_SIZE
    paginator_class = BoundedPaginator

    @cached_property
    def searched_reads(self):
        """The searched text with the reads of it the list and the People section share."""
        return Searched(self.searched)

    def shown_page(self):
        page = self.request.GET.get(self.page_kwarg, "")
        return int(page) if page.isdigit() else 1

    def get_paginator(self, queryset, per_page, **kwargs):
        return self.paginator_class(queryset, per_page, page=self.shown_page(), **kwargs)

    def canonical_url(self, page):
        url = self.request.path
        if page is not None and page.number > 1:
            url += f"?page={page.number}"
        return self.request.build_absolute_uri(url)


class NetworkListView(IndexPageMixin, ListView):
    """Every network with published shows, and how many: one query for the page, one
    for its count."""

    template_name = "series/network_list.html"
    context_object_name = "networks"

    def get_queryset(self):
        return (
            Network.objects.annotate(
                show_count=Count("shows", filter=show_is_published("shows__"))
            )
            .filter(show_count__gt=0)
            .order_by("name", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            breadcrumbs=[{"label": "Networks", "url": links.reverse("series:network-list")}],
            canonical_url=self.canonical_url(context.get("page_obj")),
        )
        return context


@method_decorator(cache_tags(PEOPLE), name="dispatch")
class PersonListView(IndexPageMixin, ListView):
    """Everyone credited on a published show, by name, each with their shows and what
    they did on them: the page of people, its count, and one query each for the page's
    cast and crew credits, however many credits they have."""

    template_name = "series/person_list.html"
    context_object_name = "people"

    def get_queryset(self):
        return Person.objects.public().only("name", "slug").order_by("name", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        people = list(context["people"])
        entries = {person.pk: {"person": person, "shows": {}} for person in people}

        def show_entry(person_id, show):
            shows = entries[person_id]["shows"]
            return shows.setdefault(show.pk, {"show": show, "roles": [], "jobs": []})

        cast = (
            CastCredit.objects.published()
            .filter(person__in=entries)
            .select_related("season__show")
            .only("person_id", "character_name", "season__show__title", "season__show__slug")
            .order_by("season__show__title", "season__show_id", "billing_order", "id")
        )
        for credit in cast:
            roles = show_entry(credit.person_id, credit.season.show)["roles"]
            if credit.character_name and credit.character_name not in roles:
                roles.append(credit.character_name)
        crew = (
            CrewCredit.objects.published()
            .filter(person__in=entries)
            .select_related("show")
            .only("person_id", "job", "show__title", "show__slug")
            .order_by("show__title", "show_id", "job", "id")
        )
        for credit in crew:
            jobs = show_entry(credit.person_id, credit.show)["jobs"]
            if credit.get_job_display() not in jobs:
                jobs.append(credit.get_job_display())
        for entry in entries.values():
            entry["shows"] = sorted(
                entry["shows"].values(), key=lambda item: (item["show"].title, item["show"].pk)
            )
        context.update(
            entries=[entries[person.pk] for person in people],
            breadcrumbs=[{"label": "People", "url": links.reverse("series:person-list")}],
            canonical_url=self.canonical_url(context.get("page_obj")),
        )
        return context
