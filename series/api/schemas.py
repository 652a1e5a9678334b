"""What the API answers, as pydantic schemas: ninja validates every response against
them and publishes them in the OpenAPI document.

Each field is declared once, here. The views return model instances (or a page of
them); a field with the model attribute's name reads it, a `resolve_<field>` static
method says where any other field comes from. Resolvers get ninja's context, whose
"request" builds absolute URLs. Decisions and show statuses are read from the models,
as every page reads them: `Season.current_decision` and `decision_label` (a first season's
renewal is "Ordered"), `Show.derive_status` for a show as of today.
"""

import datetime
from typing import Annotated, Literal

from django.urls import reverse
from django.utils import timezone
from ninja import Field, Schema
from pydantic import BeforeValidator, field_validator

from pagecache.decorators import add_tags
from pagecache.tags import LISTINGS
from series import images
from series.countries import country_name
from series.filters import SORTS
from series.fuzzy import Precision
from series.models import Aggregator, CastRole, CrewJob, NetworkKind
from series.outlook.pending import season_outlook
from series.status import Decision, Release, ShowStatus

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"

# Enums as JSON Schema `enum`s, so clients and schemathesis know every value.
DecisionValue = Literal[tuple(Decision.values)]
ReleaseValue = Literal[tuple(Release.values)]
ShowStatusValue = Literal[tuple(ShowStatus.values)]
PrecisionValue = Literal[tuple(Precision.values)]
NetworkKindValue = Literal[tuple(NetworkKind.values)]
CastRoleValue = Literal[tuple(CastRole.values)]
CrewJobValue = Literal[tuple(CrewJob.values)]
AggregatorValue = Literal[tuple(Aggregator.values)]
SortValue = Literal[tuple(SORTS)]
# The models keep "" for an unknown text; the API answers null.
BlankIsNull = Annotated[str | None, BeforeValidator(lambda value: value or None)]


# --- Errors -------------------------------------------------------------------


class ErrorDetail(Schema):
    parameter: str = Field(description="The query or path parameter at fault.")
    message: str


class ErrorBody(Schema):
    status: int = Field(description="The HTTP status, repeated.")
    code: str = Field(description='A stable key: "invalid_request", "not_found", ...')
    message: str
    details: list[ErrorDetail] = Field(description="One entry per invalid parameter.")


class Error(Schema):
    error: ErrorBody


# --- Query parameters -----------------------------------------------------------


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=100_000, description="1 for the first page.")
    page_size: int = Field(20, ge=1, le=100, description="Items per page, at most 100.")


class BlankIsNone(Schema):
    """An empty query value (`?status=`) means "any", as it does in the site's forms."""

    @field_validator("*", mode="before")
    @classmethod
    def blank_is_none(cls, value):
        return None if value == "" else value


class ShowListQuery(BlankIsNone, PageQuery):
    q: str | None = Field(None, max_length=100, description="Show titles and people's names.")
    status: ShowStatusValue | None = Field(None, description="The show's status.")
    network: str | None = Field(
        None, max_length=100, pattern=SLUG_PATTERN, description="A network's slug."
    )
    genre: str | None = Field(
        None, max_length=100, pattern=SLUG_PATTERN, description="A genre's slug."
    )
    year: int | None = Field(
        None, ge=1900, le=2100, description="Shows with a season premiering that year."
    )
    sort: SortValue | None = Field(None, description="Order; title A–Z when not given.")


class AnnouncementQuery(BlankIsNone, PageQuery):
    since: datetime.datetime | None = Field(
        None,
        description=(
            "The `cursor` of your last sync: only announcements entered or changed at or "
            "after it, and the tombstones of those gone since. An ISO 8601 timestamp (or "
            "Unix seconds, as TVmaze's updates use); without a time zone it is UTC."
        ),
    )
    floor: datetime.datetime | None = Field(
        None,
        description=(
            "Set by `next` links: the earliest `cursor` of the pages before, which this "
            "page's `cursor` never passes. Leave it out when you start a sync."
        ),
    )


# --- Shared parts ---------------------------------------------------------------
# Class docstrings would become OpenAPI descriptions; notes for readers of this
# code are comments above the classes.


def absolute(context, name, **kwargs):
    """The absolute URL of an API operation, on the host the client asked."""
    return context["request"].build_absolute_uri(reverse(f"api:{name}", kwargs=kwargs))


def html_url(context, obj):
    """The absolute URL of an object's page on the site."""
    return context["request"].build_absolute_uri(obj.get_absolute_url())


def request_today(context):
    """Today, read once per request, so every field of one answer agrees on the date."""
    request = context["request"]
    if not hasattr(request, "api_today"):
        request.api_today = timezone.localdate()
    return request.api_today


# FuzzyDateOut: from a `series.fuzzy.FuzzyDate`.
class FuzzyDateOut(Schema):
    date: datetime.date = Field(description="The first day of the period.")
    precision: PrecisionValue
    label: str = Field(
        description='As the site shows it: "February 2020", "Q3 2027", "Fall 2027", '
        '"mid-2027", "H2 2027".'
    )

    @staticmethod
    def resolve_date(obj):
        return obj.start

    @staticmethod
    def resolve_label(obj):
        return str(obj)


# ExternalIds: from a show or a person.
class ExternalIds(Schema):
    imdb: BlankIsNull
    tmdb: BlankIsNull
    tvmaze: BlankIsNull

    @staticmethod
    def resolve_imdb(obj):
        return obj.imdb_id

    @staticmethod
    def resolve_tmdb(obj):
        return obj.tmdb_id

    @staticmethod
    def resolve_tvmaze(obj):
        return obj.tvmaze_id


class RenditionOut(Schema):
    url: str = Field(description="Absolute URL of this rendition; it never changes.")
    type: Literal[tuple(images.MIME_TYPES.values())] = Field(description="Its MIME type.")
    width: int = Field(description="In pixels.")
    height: int = Field(description="In pixels.")


# PictureOut: from a record with a picture (`picture()` below); null without one.
class PictureOut(Schema):
    url: str = Field(
        description="The largest rendition in the fallback format (JPEG, or PNG for logos)."
    )
    width: int = Field(description="The largest rendition's width in pixels.")
    height: int = Field(description="The largest rendition's height in pixels.")
    alt: str = Field(description="What the picture shows, for people who cannot see it.")
    credit: str = Field(description="Who took or owns it; show it with the picture.")
    renditions: list[RenditionOut] = Field(
        description="Every size, WebP first then the fallback format, each smallest first: "
        "enough for an HTML `srcset`."
    )


def picture(record, context):
    """A record's picture for `PictureOut`, with absolute URLs; None when there is none."""
    found = images.renditions(record, record.image_kind)
    if not found:
        return None
    build = context["request"].build_absolute_uri
    out = [
        {"type": mime, "width": width, "height": height, "url": build(url)}
        for mime, width, height, url in found
    ]
    largest = out[-1]
    return {
        "url": largest["url"],
        "width": largest["width"],
        "height": largest["height"],
        "alt": record.image_alt,
        "credit": record.image_credit,
        "renditions": out,
    }


class NetworkRef(Schema):
    slug: str
    name: str
    kind: NetworkKindValue
    url: str

    @staticmethod
    def resolve_url(obj, context):
        return absolute(context, "network-detail", slug=obj.slug)


class GenreOut(Schema):
    slug: str
    name: str


class PersonRef(Schema):
    slug: str
    name: str
    url: str

    @staticmethod
    def resolve_url(obj, context):
        return absolute(context, "person-detail", slug=obj.slug)


class ShowRef(Schema):
    slug: str
    title: str
    url: str
    html_url: str

    @staticmethod
    def resolve_url(obj, context):
        return absolute(context, "show-detail", slug=obj.slug)

    @staticmethod
    def resolve_html_url(obj, context):
        return html_url(context, obj)


class AnswerOut(Schema):
    status: str = Field(description="The headline's key: cancelled, renewed, released, ...")
    label: str
    headline: str = Field(description='"Spinning Out Season 2: Cancelled".')
    sentence: str = Field(description="The one-sentence answer, as on the season page.")


# Page: from the dict `views.paginate` builds; `results` holds model instances.
class Page(Schema):
    count: int = Field(description="Items on all pages.")
    page: int
    page_size: int
    num_pages: int
    next: str | None = Field(description="The next page's URL, null on the last page.")
    previous: str | None = Field(description="The previous page's URL, null on the first.")


# --- Shows and seasons ----------------------------------------------------------


# ShowSummary: a show in a list: its stored status, which the list's filters read.
class ShowSummary(ShowRef):
    network: NetworkRef
    status: ShowStatusValue
    status_label: str
    season_count: int = Field(
        description="How many seasons were made or are being made; a season cancelled "
        "before it aired is not counted."
    )
    seasons_label: str = Field(
        description='The count as the site says it: "3 seasons", '
        '"1 season, cancelled before season 2".'
    )
    genres: list[GenreOut]
    country: BlankIsNull = Field(description='ISO 3166-1 alpha-2 code, such as "KR".')
    country_name: str | None = Field(
        description='The country\'s English name, such as "South Korea"; null without one.'
    )
    original_language: BlankIsNull
    external_ids: ExternalIds
    poster: PictureOut | None = Field(description="The show's poster; null without one.")
    updated_at: datetime.datetime

    @staticmethod
    def resolve_country_name(obj):
        return country_name(obj.country) if obj.country else None

    @staticmethod
    def resolve_poster(obj, context):
        return picture(obj, context)

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_seasons_label(obj):
        return obj.seasons_phrase()

    @staticmethod
    def resolve_external_ids(obj):
        return obj


class ShowPage(Page):
    results: list[ShowSummary]


def not_made(season, context):
    return season.release_state(request_today(context)) == Release.NOT_MADE


# SeasonSummary: a season with its show (and the show's network) and announcements loaded.
class SeasonSummary(Schema):
    number: int
    title: BlankIsNull
    url: str
    html_url: str
    decision: DecisionValue
    decision_label: str
    release: ReleaseValue
    premiere: FuzzyDateOut | None
    finale: FuzzyDateOut | None
    episode_count: int | None
    poster: PictureOut | None = Field(
        description="This season's own poster; null without one (the show's then stands in)."
    )
    answer: AnswerOut

    @staticmethod
    def resolve_poster(obj, context):
        return picture(obj, context)

    @staticmethod
    def resolve_url(obj, context):
        return absolute(context, "season-detail", slug=obj.show.slug, number=obj.number)

    @staticmethod
    def resolve_html_url(obj, context):
        return html_url(context, obj)

    @staticmethod
    def resolve_decision(obj, context):
        return obj.current_decision(request_today(context))

    @staticmethod
    def resolve_decision_label(obj, context):
        return obj.decision_label(request_today(context))

    @staticmethod
    def resolve_release(obj, context):
        return obj.release_state(request_today(context))

    # A season that will not be made has no premiere, finale or episodes, whatever was
    # planned before its cancellation: null, as its page says "None (not made)".
    @staticmethod
    def resolve_premiere(obj, context):
        return None if not_made(obj, context) else obj.premiere

    @staticmethod
    def resolve_finale(obj, context):
        return None if not_made(obj, context) else obj.finale

    @staticmethod
    def resolve_episode_count(obj, context):
        return None if not_made(obj, context) else obj.episode_count

    @staticmethod
    def resolve_answer(obj, context):
        verdict = obj.answer(request_today(context))
        return {
            "status": verdict.status,
            "label": verdict.label,
            "headline": verdict.headline(obj.show.title, obj.number),
            "sentence": verdict.sentence,
        }


class CrewOut(Schema):
    person: PersonRef
    job: CrewJobValue
    job_label: str

    @staticmethod
    def resolve_job_label(obj):
        return obj.get_job_display()


# ShowDetail: a show with its seasons loaded: its status is derived from them, as of today.
class ShowDetail(ShowSummary):
    synopsis: str
    crew: list[CrewOut]
    seasons: list[SeasonSummary]

    @staticmethod
    def resolve_status(obj, context):
        return obj.derive_status(request_today(context))

    @staticmethod
    def resolve_status_label(obj, context):
        return ShowStatus(obj.derive_status(request_today(context))).label

    @staticmethod
    def resolve_season_count(obj, context):
        return obj.made_season_count(request_today(context))

    @staticmethod
    def resolve_seasons_label(obj, context):
        return obj.derive_seasons_phrase(request_today(context))

    @staticmethod
    def resolve_crew(obj):
        return obj.crew_credits.all()


# SourceOut: from an announcement.
class SourceOut(Schema):
    name: str
    url: BlankIsNull

    @staticmethod
    def resolve_name(obj):
        return obj.source_name

    @staticmethod
    def resolve_url(obj):
        return obj.source_url


class AnnouncementOut(Schema):
    id: int
    decision: DecisionValue = Field(description="What this source announced.")
    decision_label: str
    announced: FuzzyDateOut
    source: SourceOut
    summary: str
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_decision_label(obj):
        return obj.decision_label()

    @staticmethod
    def resolve_source(obj):
        return obj


class CastOut(Schema):
    person: PersonRef
    character: str
    billing_order: int
    role: CastRoleValue

    @staticmethod
    def resolve_character(obj):
        return obj.character_name


# ScoreOut: a score snapshot; `is_latest` is set by `SeasonDetail.resolve_critic_scores`.
class ScoreOut(Schema):
    aggregator: AggregatorValue
    aggregator_label: str
    score: int = Field(description="Tomatometer percentage or Metascore, 0 to 100.")
    display: str = Field(description='As shown: "63%" or "47".')
    average_rating: float | None = Field(description="On a 0 to 10 scale.")
    review_count: int
    retrieved: FuzzyDateOut | None
    url: BlankIsNull
    is_latest: bool = Field(description="The newest snapshot of this aggregator.")

    @staticmethod
    def resolve_aggregator_label(obj):
        return obj.get_aggregator_display()

    @staticmethod
    def resolve_display(obj):
        return obj.display_score


# OutlookOut: from a `series.outlook.Outlook`.
class OutlookOut(Schema):
    """An estimate from our records, not an announcement."""

    probability: float = Field(
        description="The estimated chance the season is made, 0 to 1: the network's share "
        "of comparable seasons renewed, weighed with all networks' share.",
        ge=0,
        le=1,
    )
    interval: list[float] = Field(
        description="The 90 % interval of that chance, [low, high].",
        min_length=2,
        max_length=2,
    )
    sample: int = Field(
        description="How many of the network's decisions after the same season it counts."
    )
    renewed: int = Field(description="How many of those were renewals.")
    basis: str = Field(description="What the estimate rests on, in one sentence.")
    timing: str = Field(
        description="How long the network usually takes to decide, and where this season stands."
    )
    overdue: bool = Field(
        description="Whether the finale was longer ago than half of the network's decisions took."
    )
    as_of: datetime.date = Field(description="The day the estimate was counted.")
    method_url: str = Field(description="The page that explains how it is counted.")

    @staticmethod
    def resolve_interval(obj):
        return list(obj.interval)

    @staticmethod
    def resolve_method_url(obj, context):
        return context["request"].build_absolute_uri(reverse("series:outlook-method"))


class SeasonDetail(SeasonSummary):
    show: ShowRef
    network: NetworkRef
    announcements: list[AnnouncementOut] = Field(description="Newest first.")
    cast: list[CastOut] = Field(description="In billing order.")
    critic_scores: list[ScoreOut] = Field(
        description="Every snapshot, by aggregator, oldest first; the newest is flagged."
    )
    outlook: OutlookOut | None = Field(
        description="For a season awaiting a decision only: an estimate from our records "
        "of the chance it is made, never the answer (that is `answer`). Null once the "
        "season is decided, or when nothing on record can be counted for it."
    )

    @staticmethod
    def resolve_outlook(obj, context):
        today = request_today(context)
        if obj.answer(today).status != "pending":
            return None
        found = season_outlook(obj, obj.show.seasons.all(), obj.show.network, today)
        if found:
            # Its odds count every network's decisions: any change to a listing drops it.
            add_tags(context["request"], LISTINGS)
        return found

    @staticmethod
    def resolve_network(obj):
        return obj.show.network

    @staticmethod
    def resolve_announcements(obj):
        return obj.announcements.all()  # newest first: `Announcement.objects.newest_first()`

    @staticmethod
    def resolve_cast(obj):
        return obj.cast_credits.all()

    @staticmethod
    def resolve_critic_scores(obj):
        scores = list(obj.critic_scores.all())  # `CriticScore.objects.ranked()`
        for score in scores:
            score.is_latest = score.newest_rank == 1
        return scores


# --- Announcements feed ----------------------------------------------------------


class SeasonRef(Schema):
    show: ShowRef
    number: int
    decision: DecisionValue = Field(description="The season's decision now.")
    url: str

    @staticmethod
    def resolve_decision(obj, context):
        return obj.current_decision(request_today(context))

    @staticmethod
    def resolve_url(obj, context):
        return absolute(context, "season-detail", slug=obj.show.slug, number=obj.number)


class AnnouncementEntry(AnnouncementOut):
    season: SeasonRef


class AnnouncementTombstone(Schema):
    id: int = Field(description="The announcement's id, as it was in `results`.")
    deleted_at: datetime.datetime = Field(
        description="When it was deleted, or when its show was unpublished."
    )
    reason: Literal["deleted", "unpublished"] = Field(
        description='"deleted": the announcement (or its season or show) was deleted; '
        '"unpublished": its show was taken off the site.'
    )
    season: SeasonRef | None = Field(
        description="Its season as it is now (decision included); null if the season is "
        "gone or its show unpublished."
    )


class AnnouncementPage(Page):
    next: str | None = Field(
        description="The rest of this sync, null on its last page. Follow it rather "
        "than counting pages: it goes on from this page's last change, so entries that "
        "change meanwhile move later and none slip to a page already read."
    )
    results: list[AnnouncementEntry]
    deleted: list[AnnouncementTombstone] = Field(
        description=(
            "With `since`, on the first page: announcements deleted, or whose show was "
            "unpublished, at or after it, oldest first. Drop them from your copy. Empty "
            "without `since` and on later pages."
        )
    )
    cursor: datetime.datetime = Field(
        description=(
            "Keep it, and send it as `since` in your next sync. Every change you have not "
            "received, including one saved in a transaction still open, is stamped at or "
            "after it. Entries changed since then come again: replace them by `id`. "
            "(Do not keep the newest `updated_at` you saw instead: a change saved earlier "
            "may commit later.)"
        )
    )


# --- People and networks --------------------------------------------------------


class PersonPage(Page):
    results: list[PersonRef]


class PersonCastCredit(Schema):
    show: ShowRef
    season: int
    season_url: str
    character: str
    billing_order: int
    role: CastRoleValue

    @staticmethod
    def resolve_show(obj):
        return obj.season.show

    @staticmethod
    def resolve_season(obj):
        return obj.season.number

    @staticmethod
    def resolve_season_url(obj, context):
        season = obj.season
        return absolute(context, "season-detail", slug=season.show.slug, number=season.number)

    @staticmethod
    def resolve_character(obj):
        return obj.character_name


class PersonCrewCredit(Schema):
    show: ShowRef
    job: CrewJobValue
    job_label: str

    @staticmethod
    def resolve_job_label(obj):
        return obj.get_job_display()


class PersonDetail(PersonRef):
    external_ids: ExternalIds
    photo: PictureOut | None = Field(description="The person's photo; null without one.")
    cast_credits: list[PersonCastCredit]
    crew_credits: list[PersonCrewCredit]

    @staticmethod
    def resolve_external_ids(obj):
        return obj

    @staticmethod
    def resolve_photo(obj, context):
        return picture(obj, context)


# NetworkOut: a network annotated with `show_count`.
class NetworkOut(NetworkRef):
    website: BlankIsNull
    logo: PictureOut | None = Field(description="The network's logo; null without one.")
    show_count: int = Field(description="Published shows.")

    @staticmethod
    def resolve_logo(obj, context):
        return picture(obj, context)


class NetworkPage(Page):
    results: list[NetworkOut]


# NetworkDetail: a network whose view attached `status_counts`.
class NetworkDetail(NetworkOut):
    status_counts: dict[ShowStatusValue, int] = Field(
        description="Published shows by status, every status listed."
    )
    shows_url: str = Field(description="This network's shows in the show list.")

    @staticmethod
    def resolve_shows_url(obj, context):
        return f"{absolute(context, 'show-list')}?network={obj.slug}"
