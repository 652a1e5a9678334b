"""The API's operations: read-only, published data only, one query plan per endpoint.

Each operation owns its queries (select_related / prefetch_related) so its query
count stays the same however much data there is, like the site's views.
"""

import datetime

from django.core.paginator import Paginator
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Count, Prefetch
from django.utils import timezone
from ninja import Path, Query, Router
from ninja.decorators import decorate_view

from history.tombstones import tombstones_since
from pagecache.decorators import cache_tags
from pagecache.tags import PEOPLE
from series.filters import ShowFilterForm
from series.models import (
    Announcement,
    CastCredit,
    CrewCredit,
    CriticScore,
    Network,
    Person,
    Season,
    Show,
    show_is_published,
    sibling_seasons,
)
from series.routers import use_primary

from . import schemas, sync
from .errors import ApiError, form_details

router = Router()

# Path parameters, with the seed facts as examples for the docs and for schemathesis.
ShowSlug = Path(..., description="The show's slug.", example="spinning-out")
SeasonNumber = Path(..., description="The season's number, from 1.", example=2)
PersonSlug = Path(..., description="The person's slug.", example="kaya-scodelario")
NetworkSlug = Path(..., description="The network's slug.", example="netflix")

ERRORS = {400: schemas.Error, 404: schemas.Error}
NOT_MODIFIED = {304: None}


def responses(ok):
    return {200: ok, **NOT_MODIFIED, **ERRORS}


def header(description, required=True):
    return {"description": description, "required": required, "schema": {"type": "string"}}


CORS = {
    "Access-Control-Allow-Origin": header(
        '"*": any origin may read the API. Sent when the request has an Origin header, '
        "as every cross-origin request from a browser does.",
        required=False,
    )
}
CACHING = {
    "ETag": header("A hash of the body; send it back in If-None-Match for a 304."),
    "Cache-Control": header('"public, max-age=60": reusable for a minute.'),
}
# The headers the API's HTTP layer adds (`middleware.http_caching`, django-cors-headers),
# so the schema promises (and schemathesis checks) them.
HEADERS = {
    "responses": {
        200: {"headers": {**CACHING, **CORS}},
        304: {"headers": {**CACHING, **CORS}},
        400: {"headers": CORS},
        404: {"headers": CORS},
    }
}


# --- Helpers --------------------------------------------------------------------


def paginate(request, queryset, query):
    """One page of `queryset` (ordered), with the total and links to its neighbours;
    the response's `Page` schema shapes the items.

    Two queries: the count and the page. A page past the last answers 404, as
    TVmaze's paged lists do, so a client walking pages knows where to stop.
    """
    paginator = Paginator(queryset, query.page_size)
    if query.page > paginator.num_pages:
        raise ApiError(
            404,
            f"Page {query.page} is past the last page ({paginator.num_pages}).",
            code="page_not_found",
        )
    page = paginator.page(query.page)

    def link(number):
        params = request.GET.copy()
        params["page"] = number
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    return {
        "count": paginator.count,
        "page": page.number,
        "page_size": query.page_size,
        "num_pages": paginator.num_pages,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
        "results": page.object_list,
    }


def public_people():
    """People credited on a published show: nobody is revealed by a draft."""
    return Person.objects.public()


def not_found(what):
    return ApiError(404, f"No {what} matches the given query.")


# --- Shows ----------------------------------------------------------------------


@router.get(
    "/shows",
    response=responses(schemas.ShowPage),
    url_name="show-list",
    openapi_extra=HEADERS,
    operation_id="listShows",
    summary="List shows",
    tags=["shows"],
)
def show_list(request, filters: Query[schemas.ShowListQuery]):
    """Published shows with the site's search and filters (the same form validates both)."""
    data = {
        name: str(value)
        for name in ("q", "status", "network", "genre", "year", "sort")
        if (value := getattr(filters, name)) is not None
    }
    form = ShowFilterForm(data)
    if not form.is_valid():
        raise ApiError(
            400, "Invalid parameters.", code="invalid_parameters", details=form_details(form)
        )
    shows = form.filter(Show.objects.published().select_related("network")).prefetch_related(
        "genres"
    )
    return paginate(request, shows, filters)


@router.get(
    "/shows/{slug:slug}",
    response=responses(schemas.ShowDetail),
    url_name="show-detail",
    openapi_extra=HEADERS,
    operation_id="getShow",
    summary="A show and its seasons",
    tags=["shows"],
)
@decorate_view(cache_tags(records=True))
def show_detail(request, slug: str = ShowSlug):
    """A published show with its crew and every season's decision, release state and answer."""
    show = (
        Show.objects.published()
        .select_related("network")
        .prefetch_related(
            "genres",
            # Explicit orders: the models' default ones join the show again.
            Prefetch(
                "seasons",
                queryset=Season.objects.order_by("number").prefetch_related("announcements"),
            ),
            Prefetch(
                "crew_credits",
                queryset=CrewCredit.objects.select_related("person").order_by(
                    "job", "person__name", "id"
                ),
            ),
        )
        .filter(slug=slug)
        .first()
    )
    if show is None:
        raise not_found("show")
    return show


@router.get(
    "/shows/{slug:slug}/seasons/{int:number}",
    response=responses(schemas.SeasonDetail),
    url_name="season-detail",
    openapi_extra=HEADERS,
    operation_id="getSeason",
    summary="A season: the answer, its sources, cast and scores",
    tags=["shows"],
)
@decorate_view(cache_tags(records=True))
def season_detail(request, slug: str = ShowSlug, number: int = SeasonNumber):
    """The answer to "is season N coming or cancelled, and when?", with every source."""
    season = (
        Season.objects.published_by_join()
        .with_siblings()
        .select_related("show__network")
        .prefetch_related(
            Prefetch("announcements", queryset=Announcement.objects.newest_first()),
            Prefetch(
                "cast_credits",
                queryset=CastCredit.objects.select_related("person").order_by(
                    "billing_order", "id"
                ),
            ),
            # In the snapshot order (Meta.ordering), each with its `newest_rank`.
            Prefetch("critic_scores", queryset=CriticScore.objects.ranked()),
        )
        # The site's converter allows 1 to 999; anything else is simply not found.
        .filter(show__slug=slug, number=number if 1 <= number <= 999 else 0)
        .first()
    )
    if season is None:
        raise not_found("season")
    return season


# --- Announcements --------------------------------------------------------------


def utc(moment, parameter):
    """A client's timestamp in UTC; UTC when it names no zone."""
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=datetime.UTC)
    try:
        return moment.astimezone(datetime.UTC)
    except OverflowError as error:
        raise ApiError(
            400,
            "The timestamp is out of range.",
            details=[{"parameter": parameter, "message": "Out of range."}],
        ) from error


def resume(request, page, since, settled):
    """The answer's `cursor` and `next` link: where this sync goes on, and from where
    the client resumes if it stops after this page.

    `next` goes on from this page's last change (`since` = its `updated_at`), not by
    page number, so an entry changed during the sync moves later instead of pushing an
    unread one back onto a page already read. The `floor` it carries keeps every later
    page's cursor at or before this one's: a change committed during the sync but
    stamped before the page that would have listed it comes with the next sync.
    """
    results = page["results"]
    if page["next"] is None:
        return settled, None
    last_change = results[-1].updated_at
    params = request.GET.copy()
    params["floor"] = settled.isoformat()
    if since is None or last_change > since:
        params["since"] = last_change.isoformat()
        params.pop("page", None)
    else:  # a whole page stamped `since` itself: only the page number moves on
        params["page"] = page["page"] + 1
    link = request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
    return min(settled, last_change), link


@router.get(
    "/announcements",
    response=responses(schemas.AnnouncementPage),
    url_name="announcement-list",
    openapi_extra=HEADERS,
    operation_id="listAnnouncements",
    summary="Announcements changed since a cursor",
    tags=["announcements"],
)
def announcement_list(request, filters: Query[schemas.AnnouncementQuery]):
    """Every published announcement entered or changed at or after `since`, oldest change
    first (then by id), and those gone since (`deleted`), so a client can keep a copy:
    store the answer's `cursor`, follow `next` to the end, and next time ask again with
    `since` set to the last `cursor`. Entries may come more than once; replace them by id.
    Read from the primary database: a replica's copy lags the cursor."""
    since = utc(filters.since, "since") if filters.since is not None else None
    with use_primary():
        # Before the rows: whatever commits after this is stamped at or after it.
        settled = sync.settled_before(connections[DEFAULT_DB_ALIAS])
        if filters.floor is not None:
            settled = min(settled, utc(filters.floor, "floor"))
        announcements = (
            Announcement.objects.published()
            .select_related("season__show")
            .prefetch_related(sibling_seasons("season__show__seasons"))
        )
        if since is not None:
            announcements = announcements.filter(updated_at__gte=since)
        page = paginate(request, announcements.order_by("updated_at", "id"), filters)
        page["results"] = list(page["results"])
        page["deleted"] = (
            tombstones_since(since) if since is not None and page["page"] == 1 else []
        )
    page["cursor"], page["next"] = resume(request, page, since, settled)
    return page


# --- People ---------------------------------------------------------------------


@router.get(
    "/people",
    response=responses(schemas.PersonPage),
    url_name="person-list",
    openapi_extra=HEADERS,
    operation_id="listPeople",
    summary="List people",
    tags=["people"],
)
@decorate_view(cache_tags(PEOPLE))
def person_list(request, page: Query[schemas.PageQuery]):
    """Everyone credited on a published show, by name."""
    people = public_people().order_by("name", "pk")
    return paginate(request, people, page)


@router.get(
    "/people/{slug:slug}",
    response=responses(schemas.PersonDetail),
    url_name="person-detail",
    openapi_extra=HEADERS,
    operation_id="getPerson",
    summary="A person's credits",
    tags=["people"],
)
@decorate_view(cache_tags(records=True))
def person_detail(request, slug: str = PersonSlug):
    """A person's cast and crew credits on published shows."""
    person = (
        public_people()
        .prefetch_related(
            Prefetch(
                "cast_credits",
                queryset=CastCredit.objects.published()
                .select_related("season__show")
                .order_by("season__show__title", "season__number", "billing_order", "id"),
            ),
            Prefetch(
                "crew_credits",
                queryset=CrewCredit.objects.published()
                .select_related("show")
                .order_by("show__title", "job", "id"),
            ),
        )
        .filter(slug=slug)
        .first()
    )
    if person is None:
        raise not_found("person")
    return person


# --- Networks -------------------------------------------------------------------


def networks():
    return Network.objects.annotate(
        show_count=Count("shows", filter=show_is_published("shows__"))
    ).order_by("name", "pk")


@router.get(
    "/networks",
    response=responses(schemas.NetworkPage),
    url_name="network-list",
    openapi_extra=HEADERS,
    operation_id="listNetworks",
    summary="List networks",
    tags=["networks"],
)
def network_list(request, page: Query[schemas.PageQuery]):
    """Every network, by name, with how many published shows it has."""
    return paginate(request, networks(), page)


@router.get(
    "/networks/{slug:slug}",
    response=responses(schemas.NetworkDetail),
    url_name="network-detail",
    openapi_extra=HEADERS,
    operation_id="getNetwork",
    summary="A network's scorecard",
    tags=["networks"],
)
def network_detail(request, slug: str = NetworkSlug):
    """A network with its published shows counted by status, like the site's scorecard."""
    network = networks().filter(slug=slug).first()
    if network is None:
        raise not_found("network")
    counts = Show.objects.published().filter(network=network).status_counts()
    network.status_counts = {entry["value"]: entry["count"] for entry in counts}
    return network
