"""Search as a visitor types it, in Debian's Chromium at a phone's and a desktop's width:
the right answer is the first result, and it fits the screen."""

import re
from urllib.parse import quote_plus

import pytest
from django.core.management import call_command

from tests.browser.conftest import WIDTHS
from tests.browser.pages import html_errors
from tests.factories import CastCreditFactory, SeasonFactory, ShowFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# What each search puts first, as the visitor reads it.
FIRST = {
    "spinning out season 2": r"^Spinning Out Season 2: Cancelled\s+Netflix cancelled the series "
    r"on 3 February 2020; season 2 will not be made\.",
    "spinning out s2": r"^Spinning Out Season 2: Cancelled\s",
    "spining out": r"^Spinning Out\s+Cancelled Netflix · 1 season, cancelled before season 2 "
    r"· Drama\s+Matched: similar title$",
    "kaya": r"^Kaya Scodelario\s+In Spinning Out\s+Matched: name$",
}


@pytest.fixture
def catalogue(db):
    """The seed facts among other shows with near titles and names."""
    call_command("loaddata", "spinning_out", verbosity=0)
    for title in ["Spinning Around", "Spin City", "Pinning Down", "The Silent Harbor"]:
        ShowFactory(title=title)
    CastCreditFactory(person__name="Kayleigh Spinner", season__show__title="Ice Dancers")


def search(page, live_server, query):
    page.goto(f"{live_server.url}/shows/?q={quote_plus(query)}")
    return page.locator(".result").first


def fits(page, locator):
    box = locator.bounding_box()
    width = page.viewport_size["width"]
    scroll = page.evaluate("document.documentElement.scrollWidth")
    return box["x"] >= 0 and box["x"] + box["width"] <= width and scroll <= width


@pytest.mark.parametrize("width", WIDTHS)
def test_each_question_puts_its_answer_first_and_it_fits(live_server, catalogue, new_page, width):
    page = new_page(width)
    for query, expected in FIRST.items():
        first = search(page, live_server, query)
        assert re.search(expected, first.inner_text()), (query, first.inner_text())
        assert fits(page, first), query
        name = re.sub(r"\W+", "-", query)
        page.screenshot(path=f"/tmp/i24-search-{name}-{width}.png", full_page=True)


def test_the_answer_card_opens_the_season_page(live_server, catalogue, new_page):
    page = new_page(390)
    first = search(page, live_server, "Spinning Out S02")
    first.get_by_role("link", name="Spinning Out Season 2").click()
    page.wait_for_url(re.compile(r"/shows/spinning-out/season/2/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Spinning Out Season 2: Cancelled"
    page.go_back()
    assert page.locator(".result").count() >= 2  # the answer, then the show itself


def test_did_you_mean_searches_the_title(live_server, catalogue, new_page):
    page = new_page(1280)
    first = search(page, live_server, "spining out")
    first.get_by_role("link", name="Spinning Out", exact=True).click()
    page.wait_for_url(re.compile(r"/shows/spinning-out/$"))
    page.go_back()
    page.locator(".did-you-mean").get_by_role("link").click()
    page.wait_for_url(re.compile(r"\?q=Spinning%20Out$"))
    assert page.locator(".result-count").inner_text() == "1 show matches"


def test_a_typo_with_a_few_results_still_offers_the_title_meant(live_server, catalogue, new_page):
    SeasonFactory(show__title="Office Life", title="Severence Pay")
    ShowFactory(title="Severance")
    page = new_page(390)
    first = search(page, live_server, "severence")
    assert first.inner_text().startswith("Office Life")
    offer = page.locator(".did-you-mean")
    assert offer.inner_text() == "Did you mean Severance?"
    assert fits(page, offer)
    offer.get_by_role("link").click()
    page.wait_for_url(re.compile(r"\?q=Severance$"))
    assert page.locator(".result").first.inner_text().startswith("Severance")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_name_shows_the_person_with_their_shows_and_the_show_says_why(
    live_server, catalogue, new_page, width
):
    page = new_page(width)
    search(page, live_server, "kaya")
    people = page.get_by_role("region", name="People")
    assert people.get_by_role("link", name="Kaya Scodelario").is_visible()
    assert people.get_by_role("link", name="Spinning Out").is_visible()
    shows = page.get_by_role("list", name="Shows")
    spinning = shows.locator(".result").filter(has_text="Spinning Out")
    assert spinning.locator(".result__why").inner_text() == "Matched: cast: Kaya Scodelario"
    assert fits(page, spinning)


def test_a_search_with_no_match_suggests_the_nearest_titles(live_server, catalogue, new_page):
    page = new_page(390)
    search(page, live_server, "silent harbour")
    assert page.locator(".result-count").inner_text() == "0 shows match"
    near = page.get_by_role("region", name="Nearest titles to “silent harbour”")
    assert near.locator(".result").first.locator(".result__title").inner_text() == (
        "The Silent Harbor"
    )
    search(page, live_server, "zzqx wobble")
    assert "no title is close to it" in page.locator(".results__none").inner_text()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_pages_have_no_accessibility_violations(
    live_server, catalogue, new_page, axe_js, scheme
):
    from tests.browser.test_accessibility import RUN_AXE

    found = []
    for width in WIDTHS:
        page = new_page(width, color_scheme=scheme)
        for query in [*FIRST, "spinning out season 9", "silent harbour", "zzqx wobble"]:
            search(page, live_server, query)
            page.evaluate(axe_js)
            found += [
                f"{query!r} at {width}px ({scheme}): {v['id']}: {v['help']}"
                for v in page.evaluate(RUN_AXE)["violations"]
            ]
    assert found == [], "\n".join(found)


def test_search_pages_are_valid_html(client, catalogue, vnu_jar, tmp_path):
    documents = {}
    for number, query in enumerate([*FIRST, "spinning out season 9", "silent harbour"]):
        response = client.get("/shows/", {"q": query})
        assert response.status_code == 200
        documents[f"search-{number}"] = response.content
    assert html_errors(vnu_jar, tmp_path, documents) == []
