"""Public pages. Each view owns its queries, so a page's query count never grows with its data."""

from django.db import connection
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, TemplateView

from .models import Announcement, CastCredit, CriticScore, Season, Show


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


class HomeView(TemplateView):
    template_name = "series/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["announcements"] = (
            Announcement.objects.published()
            .select_related("season__show__network")
            .order_by("-announced_date", "-id")[:10]
        )
        context["shows"] = Show.objects.published().select_related("network")[:50]
        return context


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
        context.update(
            breadcrumbs=[{"label": show.title, "url": show.get_absolute_url()}],
            today=today,
            status=show.derive_status(today),
            seasons=seasons,
            cast=list(cast.values()),
            creators=[c for c in show.crew_credits.all() if c.job == c.Job.CREATOR],
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
                "critic_scores",
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
        context.update(
            breadcrumbs=[
                {"label": show.title, "url": show.get_absolute_url()},
                {"label": f"Season {season.number}", "url": season.get_absolute_url()},
            ],
            show=show,
            today=today,
            verdict=season.answer(today),
            release=season.release_state(today),
            announcements=announcements,
            sources=[a for a in announcements if a.decision == season.decision],
            cast=season.cast_credits.all(),
            scores=latest_scores(season.critic_scores.all()),
            score_history=season.critic_scores.all(),
            other_seasons=show.seasons.only("id", "show_id", "number", "title").order_by("number"),
            creators=show.crew_credits.filter(job="creator").select_related("person"),
        )
        return context
