"""What an API client gets from /api/v1/: the seed facts as JSON, published data only,
one error format, cache and CORS headers, and a query count that does not grow."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from series.models import Announcement, Season
from tests.factories import (
    AnnouncementFactory,
    CastCreditFactory,
    CrewCreditFactory,
    CriticScoreFactory,
    GenreFactory,
    NetworkFactory,
    PersonFactory,
    SeasonFactory,
    ShowFactory,
)
from tests.queries import counted_get

pytestmark = pytest.mark.django_db


ORIGIN = "https://example.org"  # a browser script on another site


def url(name, **kwargs):
    return reverse(f"api:{name}", kwargs=kwargs)


def get_json(client, path, expect=200, **params):
    response = client.get(path, params)
    assert response.status_code == expect, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def query(link):
    return parse_qs(urlsplit(link).query)


def season_json(client, number):
    return get_json(client, url("season-detail", slug="spinning-out", number=number))


# --- The seed facts -------------------------------------------------------------


def test_season_two_is_cancelled_with_both_sources(client, seed):
    season = season_json(client, 2)
    assert season["decision"] == "cancelled"
    assert season["release"] == "not_made"  # not "unscheduled": it will never be
    assert season["answer"]["headline"] == "Spinning Out Season 2: Cancelled"
    assert season["answer"]["sentence"] == (
        "Netflix cancelled the series on 3 February 2020; season 2 will not be made."
    )
    assert [(a["source"]["name"], a["announced"]) for a in season["announcements"]] == [
        (
            "Variety, citing Deadline",
            {"date": "2020-02-03", "precision": "day", "label": "3 February 2020"},
        ),
        (
            "Union Journalism",
            {"date": "2020-02-01", "precision": "month", "label": "February 2020"},
        ),
    ]
    assert {a["decision"] for a in season["announcements"]} == {"cancelled"}
    assert season["announcements"][0]["summary"] == (
        "Netflix cancelled Spinning Out after one season."
    )
    assert season["show"]["slug"] == "spinning-out"
    assert season["network"]["name"] == "Netflix"


def test_season_one_has_its_cast_in_order_and_every_score(client, seed):
    season = season_json(client, 1)
    assert season["premiere"] == {
        "date": "2020-01-01",
        "precision": "day",
        "label": "1 January 2020",
    }
    assert season["episode_count"] == 10
    cast = [(c["person"]["name"], c["character"], c["billing_order"]) for c in season["cast"]]
    assert len(cast) == 11
    assert cast[0] == ("Kaya Scodelario", "Kat Baker", 1)
    assert cast[-1] == ("January Jones", "Carol Baker", 11)
    assert [c[2] for c in cast] == sorted(c[2] for c in cast)
    scores = {s["aggregator"]: s for s in season["critic_scores"]}
    rt, mc = scores["rotten_tomatoes"], scores["metacritic"]
    assert (rt["score"], rt["average_rating"], rt["review_count"], rt["display"]) == (
        63,
        6.5,
        16,
        "63%",
    )
    assert (mc["score"], mc["average_rating"], mc["review_count"]) == (47, None, 4)
    assert rt["is_latest"] and mc["is_latest"]


def test_only_the_newest_score_snapshot_is_flagged_latest(client):
    season = SeasonFactory()
    for day, score in ((1, 70), (9, 75), (5, 72)):
        CriticScoreFactory(season=season, score=score, retrieved_date=datetime.date(2020, 3, day))
    body = get_json(client, url("season-detail", slug=season.show.slug, number=season.number))
    assert [(s["score"], s["is_latest"]) for s in body["critic_scores"]] == [
        (70, False),
        (72, False),
        (75, True),
    ]


def test_show_detail_lists_its_seasons_with_answers(client, seed):
    show = get_json(client, url("show-detail", slug="spinning-out"))
    assert show["title"] == "Spinning Out"
    assert show["status"] == "cancelled"
    assert show["network"]["slug"] == "netflix"
    assert [g["slug"] for g in show["genres"]] == ["drama"]
    assert [(c["person"]["name"], c["job"]) for c in show["crew"]] == [
        ("Samantha Stratton", "creator")
    ]
    one, two = show["seasons"]
    assert (one["number"], one["decision"], one["release"], one["episode_count"]) == (
        1,
        "made",  # it premiered; the site says so too, never "Awaiting decision"
        "released",
        10,
    )
    assert one["decision_label"] == "Ordered"  # made, so it was ordered: never a bare "Made"
    assert one["finale"]["label"] == "1 January 2020"
    assert (two["number"], two["decision"], two["premiere"]) == (2, "cancelled", None)
    # Season 2 was cancelled before it was made: the show counts one season, as its page.
    assert (two["release"], two["episode_count"]) == ("not_made", None)
    assert (show["season_count"], show["seasons_label"]) == (
        1,
        "1 season, cancelled before season 2",
    )
    assert two["answer"]["sentence"].startswith("Netflix cancelled the series")
    assert two["url"].endswith(url("season-detail", slug="spinning-out", number=2))


def test_show_list_is_paginated_with_links(client):
    for n in range(5):
        ShowFactory(title=f"Show {n}")
    body = get_json(client, url("show-list"), page=2, page_size=2)
    assert (body["count"], body["page"], body["num_pages"]) == (5, 2, 3)
    assert [s["title"] for s in body["results"]] == ["Show 2", "Show 3"]
    assert query(body["next"]) == {"page": ["3"], "page_size": ["2"]}
    assert query(body["previous"]) == {"page": ["1"], "page_size": ["2"]}
    last = get_json(client, url("show-list"), page=3, page_size=2)
    assert (last["next"], [s["title"] for s in last["results"]]) == (None, ["Show 4"])


def test_show_list_uses_the_sites_search_and_filters(client, seed):
    other = ShowFactory(title="Other Show")
    SeasonFactory(show=other, premiere_date=datetime.date(2023, 5, 1), finale_date=None)
    assert [s["slug"] for s in get_json(client, url("show-list"), q="kaya")["results"]] == [
        "spinning-out"
    ]
    by_year = get_json(client, url("show-list"), year=2023)["results"]
    assert [s["slug"] for s in by_year] == [other.slug]
    netflix = get_json(client, url("show-list"), network="netflix", status="cancelled")
    assert [s["slug"] for s in netflix["results"]] == ["spinning-out"]
    by_title = get_json(client, url("show-list"), sort="-title")["results"]
    assert [s["title"] for s in by_title] == ["Spinning Out", "Other Show"]
    assert get_json(client, url("show-list"), status="")["count"] == 2  # blank means any


def test_people_and_networks(client, seed):
    people = get_json(client, url("person-list"), page_size=100)
    assert people["count"] == 12
    assert "Kaya Scodelario" in [p["name"] for p in people["results"]]
    kaya = get_json(client, url("person-detail", slug="kaya-scodelario"))
    assert [(c["show"]["slug"], c["season"], c["character"]) for c in kaya["cast_credits"]] == [
        ("spinning-out", 1, "Kat Baker")
    ]
    networks = get_json(client, url("network-list"))
    assert [(n["slug"], n["kind"], n["show_count"]) for n in networks["results"]] == [
        ("netflix", "streaming", 1)
    ]
    netflix = get_json(client, url("network-detail", slug="netflix"))
    assert netflix["status_counts"]["cancelled"] == 1
    assert sum(netflix["status_counts"].values()) == 1


# --- Announcements since a timestamp ----------------------------------------------


def at(*args):
    return datetime.datetime(*args, tzinfo=datetime.UTC)


def test_announcements_since_a_timestamp_in_change_order(client):
    first, second, third = AnnouncementFactory.create_batch(3)
    for announcement, when in (
        (first, at(2024, 1, 3)),
        (second, at(2024, 1, 1)),
        (third, at(2024, 1, 2)),
    ):
        Announcement.objects.filter(pk=announcement.pk).update(updated_at=when)
    body = get_json(client, url("announcement-list"), since="2024-01-02T00:00:00Z")
    assert [a["id"] for a in body["results"]] == [third.pk, first.pk]
    assert body["results"][0]["season"]["decision"] == "renewed"
    everything = get_json(client, url("announcement-list"))
    assert [a["id"] for a in everything["results"]] == [second.pk, third.pk, first.pk]
    # Without a zone the timestamp is UTC; with one it is converted.
    naive = get_json(client, url("announcement-list"), since="2024-01-02T12:00:00")
    assert [a["id"] for a in naive["results"]] == [first.pk]
    zoned = get_json(client, url("announcement-list"), since="2024-01-02T01:00:00+02:00")
    assert [a["id"] for a in zoned["results"]] == [third.pk, first.pk]
    unix = get_json(client, url("announcement-list"), since=str(int(at(2024, 1, 2).timestamp())))
    assert [a["id"] for a in unix["results"]] == [third.pk, first.pk]


def test_changing_an_announcement_brings_it_back_into_the_sync(client):
    announcement = AnnouncementFactory()
    Announcement.objects.filter(pk=announcement.pk).update(updated_at=at(2020, 1, 1))
    since = "2021-01-01T00:00:00Z"
    assert get_json(client, url("announcement-list"), since=since)["count"] == 0
    announcement.refresh_from_db()
    announcement.summary = "Corrected."
    announcement.save()
    body = get_json(client, url("announcement-list"), since=since)
    assert [(a["id"], a["summary"]) for a in body["results"]] == [(announcement.pk, "Corrected.")]


# --- Published data only -----------------------------------------------------------


def test_drafts_never_appear(client, seed):
    network = NetworkFactory(slug="secret-network")
    draft = ShowFactory(
        title="Secret Show", slug="secret-show", network=network, is_published=False
    )
    season = SeasonFactory(show=draft, number=1)
    AnnouncementFactory(season=season, source_name="Secret source")
    secret_person = PersonFactory(name="Secret Person", slug="secret-person")
    CastCreditFactory(season=season, person=secret_person)
    CrewCreditFactory(show=draft, person=PersonFactory(slug="secret-creator"))

    bodies = [
        get_json(client, url("show-list"), page_size=100),
        get_json(client, url("show-list"), q="secret"),
        get_json(client, url("person-list"), page_size=100),
        get_json(client, url("announcement-list"), page_size=100),
        get_json(client, url("network-detail", slug="secret-network")),
        get_json(client, url("person-detail", slug="kaya-scodelario")),
    ]
    for body in bodies:
        text = str(body)
        assert "Secret" not in text and "secret-show" not in text and "secret-person" not in text
    assert get_json(client, url("network-detail", slug="secret-network"))["show_count"] == 0
    for path in (
        url("show-detail", slug="secret-show"),
        url("season-detail", slug="secret-show", number=1),
        url("person-detail", slug="secret-person"),
        url("person-detail", slug="secret-creator"),
    ):
        assert get_json(client, path, expect=404)["error"]["code"] == "not_found"


# --- Errors --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"status": "bogus"}, "status"),
        ({"network": "no-such-network"}, "network"),
        ({"genre": "no such genre"}, "genre"),
        ({"year": "1800"}, "year"),
        ({"year": "99999999999999999999999"}, "year"),
        ({"sort": "price"}, "sort"),
        ({"page": "0"}, "page"),
        ({"page": "-3"}, "page"),
        ({"page": "99999999999999999999999"}, "page"),
        ({"page_size": "1000"}, "page_size"),
        ({"q": "x" * 101}, "q"),
        ({"q": "nul\x00byte"}, "q"),
    ],
)
def test_bad_show_filters_answer_400_in_the_error_format(client, params, parameter):
    body = get_json(client, url("show-list"), expect=400, **params)
    error = body["error"]
    assert error["status"] == 400
    assert error["code"] == "invalid_parameters"
    assert parameter in [d["parameter"] for d in error["details"]]


@pytest.mark.parametrize(
    "since",
    [
        "yesterday",
        "2024-13-01T00:00:00Z",
        "9999-12-31T23:59:59-14:00",
        "0001-01-01T00:00:00+14:00",
    ],
)
def test_bad_timestamps_answer_400(client, since):
    body = get_json(client, url("announcement-list"), expect=400, since=since)
    assert body["error"]["details"][0]["parameter"] == "since"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/shows/no-such-show",
        "/api/v1/shows/spinning-out/seasons/3",
        "/api/v1/shows/spinning-out/seasons/0",
        "/api/v1/shows/spinning-out/seasons/99999999999999999999999",
        "/api/v1/shows/spinning-out/seasons/-1",
        "/api/v1/people/no-such-person",
        "/api/v1/networks/no-such-network",
        "/api/v1/shows/bad%00slug",
        "/api/v1/no-such-endpoint",
        "/api/v1/shows?page=2",
    ],
)
def test_unknown_things_answer_404_in_the_error_format(client, seed, path):
    response = client.get(path, headers={"Origin": ORIGIN})
    assert response.status_code == 404
    assert response["Access-Control-Allow-Origin"] == "*"
    error = response.json()["error"]
    assert error["status"] == 404
    assert error["code"] in ("not_found", "page_not_found")
    assert error["message"]


def test_writes_are_refused_in_the_error_format(client, seed):
    response = client.post(url("show-list"), {"title": "New"})
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response.json()["error"]["code"] == "method_not_allowed"


# --- HTTP: caching and CORS -----------------------------------------------------------


def test_etag_answers_304_and_changes_with_the_data(client, seed):
    path = url("season-detail", slug="spinning-out", number=2)
    response = client.get(path)
    etag = response["ETag"]
    assert response["Cache-Control"].startswith("public, max-age=60")  # plus must-revalidate
    again = client.get(path, headers={"If-None-Match": etag, "Origin": ORIGIN})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert again["Cache-Control"] == response["Cache-Control"]
    assert again["Access-Control-Allow-Origin"] == "*"

    AnnouncementFactory(
        season=Season.objects.get(show__slug="spinning-out", number=2),
        decision="renewed",
        source_name="A later source",
        announced_date=datetime.date(2021, 1, 1),
    )
    changed = client.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert changed.json()["decision"] == "renewed"


def test_head_answers_the_get_headers_without_a_body(client, seed):
    path = url("show-detail", slug="spinning-out")
    get = client.get(path)
    head = client.head(path)
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == get["ETag"]
    assert head["Content-Length"] == str(len(get.content))
    assert client.head(url("show-detail", slug="no-such-show")).status_code == 404


def test_any_origin_may_read_and_preflight_is_answered(client, seed):
    response = client.get(url("show-list"), headers={"Origin": ORIGIN})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Expose-Headers"] == "ETag"  # scripts may read it
    preflight = client.options(
        url("show-list"),
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    assert preflight.status_code == 200  # any 2xx passes a preflight
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert preflight["Access-Control-Allow-Methods"].split(", ") == ["GET", "HEAD", "OPTIONS"]
    assert "if-none-match" in preflight["Access-Control-Allow-Headers"].split(", ")
    assert preflight["Access-Control-Max-Age"] == "86400"


def test_site_pages_get_no_api_headers(client, seed):
    response = client.get(
        reverse("series:show-detail", kwargs={"slug": "spinning-out"}), headers={"Origin": ORIGIN}
    )
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


# --- Schema and docs --------------------------------------------------------------------


def test_openapi_documents_every_status_and_the_error_format(client):
    schema = get_json(client, url("openapi-json"))
    assert schema["openapi"].startswith("3.")
    operations = [op for path in schema["paths"].values() for op in path.values()]
    assert len(operations) == 8
    for operation in operations:
        assert {"200", "304", "400", "404"} <= set(operation["responses"])
        for status in ("400", "404"):
            content = operation["responses"][status]["content"]["application/json"]
            assert content["schema"] == {"$ref": "#/components/schemas/Error"}
        assert {"ETag", "Cache-Control", "Access-Control-Allow-Origin"} <= set(
            operation["responses"]["200"]["headers"]
        )
    assert set(schema["components"]["schemas"]["ErrorBody"]["required"]) == {
        "status",
        "code",
        "message",
        "details",
    }


def test_docs_page_uses_only_the_sites_own_static_files(client):
    response = client.get(url("openapi-view"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower()
    assert "http://" not in html and "https://" not in html
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert '"validatorUrl": null' in html  # no badge fetched from swagger.io
    for name in ("ninja/swagger-ui-bundle.js", "ninja/swagger-ui-init.js", "ninja/swagger-ui.css"):
        assert finders.find(name), name


# --- Query counts -------------------------------------------------------------------------


def grow(show, person, network, n):
    """Add `n` of everything each endpoint lists."""
    for _ in range(n):
        # Numbered after the show's last season: the factory's sequence wraps at 999.
        season = SeasonFactory(show=show, number=show.seasons.count() + 1)
        AnnouncementFactory(season=season)
        CastCreditFactory(season=season)
        CastCreditFactory(season=season, person=person)
        CriticScoreFactory(season=season)
        CrewCreditFactory(show=show)
        other = ShowFactory(network=network)
        other.genres.add(GenreFactory())
        SeasonFactory(show=other)


ENDPOINTS = [
    ("show-list", {}, {}),
    ("show-list", {}, {"q": "show", "network": "big-network", "year": "2020"}),
    ("show-detail", {"slug": "big-show"}, {}),
    ("season-detail", {"slug": "big-show", "number": 1}, {}),
    ("announcement-list", {}, {"since": "2000-01-01T00:00:00Z", "page_size": 2}),
    ("person-list", {}, {}),
    ("person-detail", {"slug": "big-person"}, {}),
    ("network-list", {}, {}),
    ("network-detail", {"slug": "big-network"}, {}),
]


@pytest.mark.parametrize(("name", "kwargs", "params"), ENDPOINTS)
def test_query_count_does_not_grow_with_the_data(client, name, kwargs, params):
    network = NetworkFactory(slug="big-network")
    show = ShowFactory(slug="big-show", network=network)
    show.genres.add(GenreFactory())
    person = PersonFactory(slug="big-person")
    SeasonFactory(show=show, number=1)
    CastCreditFactory(season=show.seasons.get(), person=person)

    def count():
        return counted_get(client, url(name, **kwargs), params)[0]

    count()  # warms what a process looks up once (whether the search index exists)
    grow(show, person, network, 1)
    small = count()
    grow(show, person, network, 30)
    assert count() == small
    # The sync also reads where its cursor may stand and which shows were unpublished; a
    # search reads the names, the titles and the other matches holding it, as keys, once.
    assert small <= (7 if name == "announcement-list" or params.get("q") else 6)


# --- Pictures ----------------------------------------------------------------------


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SERVE_MEDIA = True
    return settings.MEDIA_ROOT


def test_records_without_a_picture_answer_null(client, seed):
    show = get_json(client, url("show-detail", slug="spinning-out"))
    assert show["poster"] is None
    assert {season["poster"] for season in show["seasons"]} == {None}
    assert get_json(client, url("show-list"))["results"][0]["poster"] is None
    assert season_json(client, 2)["poster"] is None
    assert get_json(client, url("network-detail", slug="netflix"))["logo"] is None
    assert get_json(client, url("network-list"))["results"][0]["logo"] is None
    person = season_json(client, 1)["cast"][0]["person"]["slug"]
    assert get_json(client, url("person-detail", slug=person))["photo"] is None


def test_pictures_come_with_every_rendition_alt_text_and_credit(client, media_root):
    from tests.images import pictures

    network = NetworkFactory(slug="netflix", name="Netflix")
    show = ShowFactory(slug="spinning-out", title="Spinning Out", network=network)
    season = SeasonFactory(show=show, number=1)
    person = PersonFactory(slug="kaya", name="Kaya Scodelario")
    CastCreditFactory(season=season, person=person)
    pictures.poster(show, alt="The cast on ice")
    pictures.logo(network)
    pictures.photo(person)

    poster = get_json(client, url("show-detail", slug="spinning-out"))["poster"]
    assert poster["alt"] == "The cast on ice"
    assert poster["credit"] == "Press kit"
    assert (poster["width"], poster["height"]) == (480, 720)
    assert poster["url"].startswith("http://testserver/media/renditions/show/")
    assert poster["url"].endswith(".jpg")
    assert [(r["type"], r["width"], r["height"]) for r in poster["renditions"]] == [
        ("image/webp", 160, 240),
        ("image/webp", 320, 480),
        ("image/webp", 480, 720),
        ("image/jpeg", 160, 240),
        ("image/jpeg", 320, 480),
        ("image/jpeg", 480, 720),
    ]
    for rendition in poster["renditions"]:
        assert client.get(rendition["url"]).status_code == 200
    listed = get_json(client, url("show-list"))["results"][0]["poster"]
    assert listed == poster
    # The season has no poster of its own: null (the site shows the show's instead).
    assert get_json(client, url("season-detail", slug="spinning-out", number=1))["poster"] is None

    logo = get_json(client, url("network-detail", slug="netflix"))["logo"]
    assert (logo["alt"], logo["credit"]) == ("Netflix logo", "Netflix")
    assert (logo["width"], logo["height"]) == (384, 192)
    assert logo["url"].endswith(".png")
    assert {r["type"] for r in logo["renditions"]} == {"image/webp", "image/png"}

    photo = get_json(client, url("person-detail", slug="kaya"))["photo"]
    assert (photo["alt"], photo["width"], photo["height"]) == (
        "Portrait of Kaya Scodelario",
        384,
        384,
    )


def test_the_schema_documents_pictures(client):
    components = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert set(components["PictureOut"]["properties"]) == {
        "url",
        "width",
        "height",
        "alt",
        "credit",
        "renditions",
    }
    assert set(components["RenditionOut"]["properties"]) == {"url", "type", "width", "height"}
    for schema, field in [
        ("ShowSummary", "poster"),
        ("ShowDetail", "poster"),
        ("SeasonDetail", "poster"),
        ("NetworkDetail", "logo"),
        ("PersonDetail", "photo"),
    ]:
        prop = components[schema]["properties"][field]
        refs = [option.get("$ref", option.get("type")) for option in prop["anyOf"]]
        assert refs == ["#/components/schemas/PictureOut", "null"], (schema, refs)
        assert field in components[schema]["required"]


def test_a_season_cancelled_before_its_planned_premiere_has_no_dates_or_episodes(client):
    """The API says what the season page says: no premiere, finale or episodes."""
    show = ShowFactory(is_published=True)
    SeasonFactory(show=show, number=1)
    planned = datetime.date(2099, 3, 1)
    cancelled = SeasonFactory(
        show=show, number=2, premiere_date=planned, finale_date=planned, episode_count=8
    )
    AnnouncementFactory(season=cancelled, decision="cancelled")
    season = get_json(client, url("season-detail", slug=show.slug, number=2))
    assert (season["release"], season["premiere"], season["finale"]) == ("not_made", None, None)
    assert season["episode_count"] is None
    listed = get_json(client, url("show-list"))["results"]
    assert [(s["season_count"], s["seasons_label"]) for s in listed] == [
        (1, "1 season, cancelled before season 2")
    ]


def test_the_schema_documents_the_release_that_will_not_happen(client):
    components = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    release = components["SeasonSummary"]["properties"]["release"]
    assert "not_made" in release["enum"]
    for schema in ("ShowSummary", "ShowDetail"):
        assert {"season_count", "seasons_label"} <= set(components[schema]["required"])
