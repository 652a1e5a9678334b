"""An editor reads the seed article in the browser: from the admin index to a confirmed
draft in at most 8 clicks, the preview readable at 1280 and 390 px, and the draft's
season 2 page answers as the seed fixture's season 2 does from the same source."""

import datetime
import json
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from series.fuzzy import FuzzyDate
from series.models import CastCredit, Show
from series.status import Report, SeasonFacts, answer, decision_date, latest_decision
from tests.admin.article_helpers import SEED_PUBLICATION, SEED_TEXT, SEED_URL
from tests.factories import NetworkFactory

pytestmark = pytest.mark.browser

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "spinning_out.json"
CLICK_BUDGET = 8


def seed_answer(source_url=None):
    """The domain's answer for the seed fixture's season 2, from its announcements (only
    those of `source_url`, if given)."""
    rows = json.loads(FIXTURE.read_text())
    show = next(row["fields"] for row in rows if row["model"] == "series.show")
    network = next(row["fields"] for row in rows if row["model"] == "series.network")
    announcements = [
        row["fields"]
        for row in rows
        if row["model"] == "series.announcement" and row["fields"]["season"][1] == 2
    ]
    reports = [
        Report(
            a["decision"],
            FuzzyDate(datetime.date.fromisoformat(a["announced_date"]), a["announced_precision"]),
            entry,
        )
        for entry, a in enumerate(announcements)
        if source_url is None or a["source_url"] == source_url
    ]
    facts = SeasonFacts(
        show_title=show["title"],
        network_name=network["name"],
        number=2,
        decision=latest_decision(reports),
        decided_on=decision_date(reports),
    )
    return answer(facts, timezone.localdate())


class Clicks:
    """Clicks counted as the editor makes them."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def __call__(self, selector):
        self.count += 1
        self.page.click(selector)


def fits(page):
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_an_editor_reads_the_seed_article_into_a_draft_in_at_most_8_clicks(
    live_server, editor_page, screenshot_dir
):
    NetworkFactory(name="Netflix", slug="netflix")
    page = editor_page
    click = Clicks(page)
    page.goto(live_server.url + reverse("admin:index"))

    click("#read-article-module caption a")
    click("#id_text")
    page.fill("#id_text", SEED_TEXT)
    click("#id_url")
    page.fill("#id_url", SEED_URL)
    click("#id_publication")
    page.fill("#id_publication", SEED_PUBLICATION)
    click("text=Read the article")
    page.wait_for_selector(".read-article-preview")

    # Each fact beside its sentence, on a page that fits the window at both widths.
    cast = page.locator("#fact-cast-0")
    assert cast.locator("input[name=cast-0-person]").input_value() == "Kaya Scodelario"
    assert cast.locator(".fact-evidence").inner_text() == "Kaya Scodelario as Kat Baker"
    decision = page.locator("#fact-season-1-decision")
    assert "They announced in February 2020 about canceling the second season." in (
        decision.locator(".fact-evidence").inner_text()
    )
    # The new draft, then premiere, episodes, decision, 11 cast, 1 crew, 2 scores: all new.
    assert page.locator(".fact-outcome .outcome-new").count() == 18
    assert fits(page)
    page.screenshot(path="/tmp/readadmin-preview-1280.png", full_page=True)
    page.screenshot(path=screenshot_dir / "read-article-preview-1280.png")
    page.set_viewport_size({"width": 390, "height": 900})
    assert fits(page)
    evidence = page.locator("#fact-season-0-premiere .fact-evidence").bounding_box()
    assert evidence["width"] > 250  # the sentence under its fact, not squeezed beside it
    page.screenshot(path="/tmp/readadmin-preview-390.png", full_page=True)
    page.screenshot(path=screenshot_dir / "read-article-preview-390.png")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert not Show.objects.exists()  # nothing written before the confirmation

    click("button[value=confirm]")
    page.wait_for_selector(".messagelist .success")
    assert click.count <= CLICK_BUDGET, click.count
    assert page.inner_text(".messagelist .success").startswith(
        "Spinning Out is a new draft with 2 new seasons, 1 announcement, 11 cast credits"
    )
    page.screenshot(path="/tmp/readadmin-confirmed-1280.png")
    show = Show.objects.get()
    assert not show.is_published
    assert CastCredit.objects.filter(season__show=show, season__number=1).count() == 11

    # Staff preview drafts on the site: the season page answers as the seed does from
    # the article's own report. (All the seed's sources together say "on 3 February
    # 2020": Variety's date, which the article does not give.)
    page.goto(live_server.url + reverse("series:season-detail", args=[show.slug, 2]))
    expected = seed_answer(source_url=SEED_URL)
    headline = " ".join(page.inner_text("h1").split())
    assert headline == f"Spinning Out Season 2: {expected.label}"
    sentence = page.inner_text(".answer__sentence")
    assert sentence == expected.sentence
    assert sentence.replace("in February 2020", "on 3 February 2020") == seed_answer().sentence
    assert SEED_PUBLICATION in page.inner_text(".answer__sources")
    page.screenshot(path="/tmp/readadmin-season-2-1280.png")
    assert not page.problems
