"""What the API answers, as pydantic schemas: ninja validates every response against
them and publishes them in the OpenAPI document."""

import datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import field_validator

from series.filters import SORTS
from series.fuzzy import Precision
from series.models import Aggregator, CastRole, CrewJob, NetworkKind
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
            "ISO 8601 timestamp (or Unix seconds, as TVmaze's updates use): only "
            "announcements entered or changed at or after it. Without a time zone it is UTC."
        ),
    )


# --- Shared parts ---------------------------------------------------------------


class FuzzyDateOut(Schema):
    date: datetime.date = Field(description="The first day of the period.")
    precision: PrecisionValue
    label: str = Field(description='As the site shows it: "February 2020", "Fall 2027".')


class ExternalIds(Schema):
    imdb: str | None
    tmdb: str | None
    tvmaze: str | None


class NetworkRef(Schema):
    slug: str
    name: str
    kind: NetworkKindValue
    url: str


class GenreOut(Schema):
    slug: str
    name: str


class PersonRef(Schema):
    slug: str
    name: str
    url: str


class ShowRef(Schema):
    slug: str
    title: str
    url: str
    html_url: str


class AnswerOut(Schema):
    status: str = Field(description="The headline's key: cancelled, renewed, released, ...")
    label: str
    headline: str = Field(description='"Spinning Out Season 2: Cancelled".')
    sentence: str = Field(description="The one-sentence answer, as on the season page.")


class Page(Schema):
    count: int = Field(description="Items on all pages.")
    page: int
    page_size: int
    num_pages: int
    next: str | None = Field(description="The next page's URL, null on the last page.")
    previous: str | None = Field(description="The previous page's URL, null on the first.")


# --- Shows and seasons ----------------------------------------------------------


class ShowSummary(ShowRef):
    network: NetworkRef
    status: ShowStatusValue
    status_label: str
    genres: list[GenreOut]
    country: str | None
    original_language: str | None
    external_ids: ExternalIds
    updated_at: datetime.datetime


class ShowPage(Page):
    results: list[ShowSummary]


class SeasonSummary(Schema):
    number: int
    title: str | None
    url: str
    html_url: str
    decision: DecisionValue
    decision_label: str
    release: ReleaseValue
    premiere: FuzzyDateOut | None
    finale: FuzzyDateOut | None
    episode_count: int | None
    answer: AnswerOut


class CrewOut(Schema):
    person: PersonRef
    job: CrewJobValue
    job_label: str


class ShowDetail(ShowSummary):
    synopsis: str
    crew: list[CrewOut]
    seasons: list[SeasonSummary]


class SourceOut(Schema):
    name: str
    url: str | None


class AnnouncementOut(Schema):
    id: int
    decision: DecisionValue
    decision_label: str
    announced: FuzzyDateOut
    source: SourceOut
    summary: str
    created_at: datetime.datetime
    updated_at: datetime.datetime


class CastOut(Schema):
    person: PersonRef
    character: str
    billing_order: int
    role: CastRoleValue


class ScoreOut(Schema):
    aggregator: AggregatorValue
    aggregator_label: str
    score: int = Field(description="Tomatometer percentage or Metascore, 0 to 100.")
    display: str = Field(description='As shown: "63%" or "47".')
    average_rating: float | None = Field(description="On a 0 to 10 scale.")
    review_count: int
    retrieved: FuzzyDateOut | None
    url: str | None
    is_latest: bool = Field(description="The newest snapshot of this aggregator.")


class SeasonDetail(SeasonSummary):
    show: ShowRef
    network: NetworkRef
    announcements: list[AnnouncementOut] = Field(description="Newest first.")
    cast: list[CastOut] = Field(description="In billing order.")
    critic_scores: list[ScoreOut] = Field(
        description="Every snapshot, by aggregator, oldest first; the newest is flagged."
    )


# --- Announcements feed ----------------------------------------------------------


class SeasonRef(Schema):
    show: ShowRef
    number: int
    decision: DecisionValue = Field(description="The season's decision now.")
    url: str


class AnnouncementEntry(AnnouncementOut):
    season: SeasonRef


class AnnouncementTombstone(Schema):
    id: int = Field(description="The deleted announcement's id, as it was in `results`.")
    deleted_at: datetime.datetime
    season: SeasonRef | None = Field(
        description="Its season as it is now (decision included); null if the season is gone."
    )


class AnnouncementPage(Page):
    results: list[AnnouncementEntry]
    deleted: list[AnnouncementTombstone] = Field(
        description=(
            "With `since`, on the first page: announcements deleted at or after it, "
            "oldest first. Empty without `since` and on later pages."
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


class PersonCrewCredit(Schema):
    show: ShowRef
    job: CrewJobValue
    job_label: str


class PersonDetail(PersonRef):
    external_ids: ExternalIds
    cast_credits: list[PersonCastCredit]
    crew_credits: list[PersonCrewCredit]


class NetworkOut(NetworkRef):
    website: str | None
    show_count: int = Field(description="Published shows.")


class NetworkPage(Page):
    results: list[NetworkOut]


class NetworkDetail(NetworkOut):
    status_counts: dict[ShowStatusValue, int] = Field(
        description="Published shows by status, every status listed."
    )
    shows_url: str = Field(description="This network's shows in the show list.")
