"""Finished pages in Debian's Chromium, at a phone's and a desktop's width: the network and
people index pages, a missing season's 404, the API docs in dark mode and season 1 of the
seed without a note meant for editors."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.browser.conftest import WIDTHS
from tests.browser.pages import html_errors

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = Path("/tmp")


def shot(page, name, width):
    page.screenshot(path=SHOTS / f"i24-finish-{name}-{width}.png", full_page=True)


def fits(page):
    """Nothing wider than the viewport: no sideways scroll, every item inside it."""
    scroll, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= client, (scroll, client)
    for box in page.locator(".index-list__item").evaluate_all(
        "items => items.map(item => item.getBoundingClientRect().toJSON())"
    ):
        assert box["x"] >= 0 and box["x"] + box["width"] <= client, box


@pytest.mark.parametrize("width", WIDTHS)
def test_the_index_pages_lead_from_the_footer_to_networks_and_people(
    live_server, site_world, new_page, width
):
    page = new_page(width)
    page.goto(live_server.url + reverse("series:home"))
    page.locator(".footer-links").get_by_role("link", name="Networks").click()
    page.wait_for_url(re.compile(r"/networks/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Networks"
    netflix = page.locator(".index-list__item", has_text="Netflix")
    assert "Streaming · 1 show" in netflix.inner_text()
    fits(page)
    shot(page, "networks", width)
    netflix.get_by_role("link", name="Netflix").click()
    page.wait_for_url(re.compile(r"/networks/netflix/$"))

    page.goto(live_server.url + reverse("series:home"))
    page.locator(".footer-links").get_by_role("link", name="People").click()
    page.wait_for_url(re.compile(r"/people/$"))
    kaya = page.locator(".index-list__item", has_text="Kaya Scodelario")
    assert "Spinning Out as Kat Baker" in kaya.inner_text()
    assert page.locator(".breadcrumbs li").all_inner_texts() == ["Home", "People"]
    fits(page)
    shot(page, "people", width)
    kaya.get_by_role("link", name="Kaya Scodelario").click()
    page.wait_for_url(re.compile(r"/people/kaya-scodelario/$"))


@pytest.mark.parametrize("width", WIDTHS)
def test_a_missing_season_leads_back_to_the_shows_seasons(
    live_server, site_world, new_page, width
):
    page = new_page(width)
    url = reverse("series:season-detail", kwargs={"slug": "spinning-out", "number": 5})
    response = page.goto(live_server.url + url)
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Spinning Out has no season 5"
    links = page.locator(".season-nav").get_by_role("link")
    assert links.all_inner_texts() == ["Season 1", "Season 2"]
    scroll, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= client
    shot(page, "season-404", width)
    links.first.click()
    page.wait_for_url(re.compile(r"/season/1/$"))
    assert page.get_by_role("heading", level=1).inner_text().startswith("Spinning Out Season 1")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_api_docs_follow_dark_mode(live_server, site_world, new_page, width):
    backgrounds = {}
    for scheme in ("light", "dark"):
        page = new_page(width, color_scheme=scheme)
        page.goto(live_server.url + "/api/")  # a browser at the API's root reaches the docs
        page.wait_for_url(re.compile(r"/api/v1/docs$"))
        page.wait_for_selector(".swagger-ui .opblock")
        backgrounds[scheme] = page.evaluate(
            "[getComputedStyle(document.body).backgroundColor,"
            " getComputedStyle(document.querySelector('.swagger-ui .opblock-tag')).color]"
        )
        shot(page, f"api-docs-{scheme}", width)
    assert backgrounds["light"][0] in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")
    assert backgrounds["dark"][0] == "rgb(15, 23, 42)"
    assert backgrounds["dark"][1] == "rgb(229, 231, 235)"  # light text on the dark page


def season_1(live_server):
    url = reverse("series:season-detail", kwargs={"slug": "spinning-out", "number": 1})
    return live_server.url + url


@pytest.mark.parametrize("width", WIDTHS)
def test_season_1_of_the_seed_shows_its_scores_once_with_no_note_for_editors(
    live_server, seed, new_page, width
):
    page = new_page(width)
    page.goto(season_1(live_server))
    scores = page.locator("section", has=page.locator("#scores-heading"))
    text = scores.inner_text()
    assert "Rotten Tomatoes" in text and "63%" in text
    assert "chart appears" not in page.content()
    assert "How the scores moved" not in text
    assert scores.locator("table").count() == 1
    box = scores.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    shot(page, "season-1-seed", width)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_score_chart_keeps_its_table_folded_beneath_it(live_server, site_world, new_page, width):
    page = new_page(width)
    page.goto(season_1(live_server))  # site_world dates four snapshots of each aggregator
    chart = page.locator(".chart__svg")
    assert chart.is_visible()
    history = page.locator(".history-table")
    assert not history.is_visible()  # folded: the chart says it first
    page.get_by_text("Every snapshot as a table").click()
    assert history.is_visible()
    assert history.locator("tbody tr").count() >= 2
    assert chart.bounding_box()["y"] < history.bounding_box()["y"]
    scroll, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= client
    shot(page, "season-1-chart", width)


def finished_paths():
    return {
        "networks": reverse("series:network-list"),
        "people": reverse("series:person-list"),
        "season-404": reverse(
            "series:season-detail", kwargs={"slug": "spinning-out", "number": 5}
        ),
        "season-1": reverse("series:season-detail", kwargs={"slug": "spinning-out", "number": 1}),
    }


def test_the_finished_pages_are_valid_html(client, site_world, vnu_jar, tmp_path):
    documents = {}
    for name, path in finished_paths().items():
        response = client.get(path)
        assert response.status_code == (404 if name == "season-404" else 200), name
        documents[name] = response.content
    assert html_errors(vnu_jar, tmp_path, documents) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_finished_pages_have_no_accessibility_violations(
    live_server, site_world, new_page, axe_js, scheme
):
    found = []
    for width in WIDTHS:
        page = new_page(width, color_scheme=scheme)
        for name, path in finished_paths().items():
            page.goto(live_server.url + path)
            page.evaluate(axe_js)
            results = page.evaluate(
                "async () => await axe.run(document, {resultTypes: ['violations']})"
            )
            found += [
                f"{name} at {width}px ({scheme}): {v['id']}: {v['help']}"
                for v in results["violations"]
            ]
    assert found == [], "\n".join(found)
