"""The editors' workbench in Debian's Chromium: clicks counted, dates typed, widths measured.

Every click goes through `Clicks.click`, so the count is what an editor would do;
text is typed from the keyboard, moving between fields with Tab as people do.
Screenshots of the decision form, the worklist and the import preview at 390 and
1280 px go to test-artifacts/screenshots.
"""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from series.models import Announcement, Person, Season, Show
from tests.browser.conftest import WIDTHS, signed_in_page
from tests.factories import (
    AnnouncementFactory,
    CastCreditFactory,
    CrewCreditFactory,
    CriticScoreFactory,
    NetworkFactory,
    SeasonFactory,
    ShowFactory,
)

pytestmark = pytest.mark.browser


class Clicks:
    """Clicks on a page, counted, and the fields typed and the saves, as an editor does them."""

    def __init__(self, page):
        self.page = page
        self.count = 0
        self.typed = 0
        self.saves = 0

    def click(self, target):
        locator = self.page.locator(target) if isinstance(target, str) else target
        locator.click()
        self.count += 1

    def type_into(self, target, text):
        """Click into a field and type: one click, one typed field."""
        self.click(target)
        self.page.keyboard.type(text)
        self.typed += 1

    def tab_and_type(self, text):
        """Move to the next field with Tab and type: no click."""
        self.page.keyboard.press("Tab")
        self.page.keyboard.type(text)
        self.typed += 1

    def save(self, target):
        self.click(target)
        self.saves += 1


def test_a_sourced_decision_takes_at_most_six_clicks_from_the_admin_index(
    live_server, editor_page, screenshot_dir
):
    page = editor_page
    SeasonFactory.create_batch(30)
    season = SeasonFactory(
        show__title="Spinning Out", number=2, premiere_date=None, finale_date=None
    )
    page.goto(live_server.url + reverse("admin:index"))
    clicks = Clicks(page)

    clicks.click(page.get_by_role("link", name="Seasons", exact=True).first)
    page.fill("#searchbar", "Spinning Out")
    page.keyboard.press("Enter")  # submitting the search counts as a click
    clicks.count += 1
    row = page.locator("#result_list tr", has_text="Spinning Out")
    clicks.click(row.get_by_role("link", name="Record a decision"))
    clicks.click(page.get_by_label("Cancelled"))
    for text in [
        "3 February 2020",
        "Variety",
        "https://variety.example.com/spinning-out-cancelled",
        "Netflix cancelled Spinning Out after one season.",
    ]:
        clicks.tab_and_type(text)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=screenshot_dir / f"admin-decision-form-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    clicks.click("input[name=_save]")

    page.wait_for_selector(".messagelist .success")
    assert clicks.count <= 6, f"{clicks.count} clicks"
    announcement = Announcement.objects.get(season=season)
    assert (announcement.announced_date, announcement.source_name) == (
        datetime.date(2020, 2, 3),
        "Variety",
    )
    assert announcement.source_url == "https://variety.example.com/spinning-out-cancelled"
    assert Season.objects.get(pk=season.pk).decision == Season.Decision.CANCELLED
    assert page.problems == []


def test_a_show_with_two_seasons_and_a_renewal_from_the_admin_index(live_server, editor_page):
    """The issue's task: 20 clicks, 8 typed fields and 4 saves before the workbench."""
    page = editor_page
    NetworkFactory(name="Netflix")
    page.goto(live_server.url + reverse("admin:index"))
    clicks = Clicks(page)
    clicks.click("tr.model-show a.addlink")
    clicks.type_into("#id_title", "Spinning Out")
    clicks.click("#id_network + .select2 .select2-selection")
    page.keyboard.type("Netf")
    clicks.typed += 1
    clicks.click(page.locator(".select2-results__option", has_text="Netflix"))
    add_season = page.locator("#seasons-group .add-row a")
    clicks.click(add_season)
    clicks.type_into("#id_seasons-0-premiere_date", "2020-01-01")
    clicks.click(add_season)
    assert page.input_value("#id_seasons-1-number") == "2"
    clicks.save("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    # Season 2's row on the show page links straight to its decision form.
    clicks.click(page.locator("#seasons-1").get_by_role("link", name="Record a decision"))
    clicks.click(page.get_by_label("Renewed", exact=True))
    for text in ["2020-02", "Netflix", "https://about.netflix.example.com/renewed"]:
        clicks.tab_and_type(text)
    clicks.save("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    show = Show.objects.get(title="Spinning Out")
    assert list(show.seasons.values_list("number", "decision")) == [
        (1, "pending"),
        (2, "renewed"),
    ]
    print(
        f"\nShow with two seasons and a renewal: {clicks.count} clicks, "
        f"{clicks.typed} typed fields, {clicks.saves} saves"
    )
    assert clicks.count <= 11 and clicks.typed <= 6 and clicks.saves == 2
    assert page.problems == []


def test_an_editors_day_new_show_cast_score_and_renewal_in_at_most_25_clicks(
    live_server, editor_page
):
    """The issue's full task: a new show with two seasons, three new people in season 1's
    cast, a critic score and season 2's renewal, from the admin index, among other shows."""
    page = editor_page
    NetworkFactory(name="Netflix")
    SeasonFactory.create_batch(30)
    page.goto(live_server.url + reverse("admin:index"))
    clicks = Clicks(page)
    clicks.click("tr.model-show a.addlink")
    clicks.type_into("#id_title", "Spinning Out")
    clicks.click("#id_network + .select2 .select2-selection")
    page.keyboard.type("Netf")
    clicks.typed += 1
    clicks.click(page.locator(".select2-results__option", has_text="Netflix"))
    add_season = page.locator("#seasons-group .add-row a")
    clicks.click(add_season)
    clicks.type_into("#id_seasons-0-premiere_date", "2020-01-01")
    clicks.click(add_season)
    clicks.save("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")

    clicks.click(page.locator("#seasons-1").get_by_role("link", name="Record a decision"))
    clicks.click(page.get_by_label("Renewed", exact=True))
    for text in ["2020-02", "Netflix", "https://about.netflix.example.com/renewed"]:
        clicks.tab_and_type(text)
    clicks.save("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    # Season 2's page; its breadcrumbs list this show's seasons.
    clicks.click(page.locator(".breadcrumbs").get_by_role("link", name="Seasons", exact=True))
    clicks.click(page.locator("#result_list tr", has_text="Spinning Out").first.locator("a").first)
    page.wait_for_selector("#cast_credits-group")
    assert page.input_value("#id_number") == "1"
    cast = [
        ("Kaya Scodelario", "Kat Baker"),
        ("Willow Shields", "Serena Baker"),
        ("Evan Roderick", "Justin Davis"),
    ]
    for name, character in cast:
        # The new row's person search opens at once: type the name, pick the new person.
        clicks.click("#cast_credits-group .add-row a")
        page.keyboard.type(name)
        clicks.typed += 1
        clicks.click(page.locator(".select2-results__option", has_text=f"{name} (new person)"))
        clicks.tab_and_type(character)
    # The new score row's first field (the aggregator) takes the keyboard.
    clicks.click("#critic_scores-group .add-row a")
    page.keyboard.type("Rotten")
    clicks.typed += 1
    for text in ["63", "6.5", "16"]:
        clicks.tab_and_type(text)
    clicks.save("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    show = Show.objects.get(title="Spinning Out")
    assert list(show.seasons.values_list("number", "decision")) == [
        (1, "pending"),
        (2, "renewed"),
    ]
    season_1 = show.seasons.get(number=1)
    credits = season_1.cast_credits.order_by("billing_order")
    assert [(c.billing_order, c.person.name, c.character_name) for c in credits] == [
        (1, "Kaya Scodelario", "Kat Baker"),
        (2, "Willow Shields", "Serena Baker"),
        (3, "Evan Roderick", "Justin Davis"),
    ]
    assert Person.objects.filter(name__in=[name for name, _ in cast]).count() == 3
    score = season_1.critic_scores.get()
    assert (score.aggregator, score.score, score.review_count) == ("rotten_tomatoes", 63, 16)
    assert str(score.average_rating) == "6.5"
    renewal = Announcement.objects.get(season__show=show)
    assert (renewal.season.number, renewal.decision, renewal.source_name) == (
        2,
        "renewed",
        "Netflix",
    )
    print(
        f"\nShow with two seasons, three new cast members, a critic score and a renewal: "
        f"{clicks.count} clicks, {clicks.typed} typed fields, {clicks.saves} saves"
    )
    assert clicks.count <= 25 and clicks.saves == 3
    assert page.problems == []


def test_a_cancellation_typed_on_the_aired_season_moves_on_to_the_next_in_one_click(
    live_server, editor_page
):
    """Refused on season 1, which aired; one click adds season 2 and opens its decision
    form with everything typed, and one more records it there."""
    page = editor_page
    aired = SeasonFactory(show__title="Spinning Out", number=1)
    page.goto(live_server.url + reverse("admin:series_season_record_decision", args=[aired.pk]))
    clicks = Clicks(page)
    clicks.click(page.get_by_label("Cancelled"))
    for text in ["2020-02", "Netflix", "https://about.netflix.example.com/cancelled"]:
        clicks.tab_and_type(text)
    clicks.click("input[name=_save]")
    assert "Season 1 has aired; a cancellation belongs to the season that will not be made. " in (
        page.locator(".errorlist").inner_text()
    )
    clicks.click(page.get_by_role("button", name="Record it on season 2"))
    page.wait_for_selector("text=Spinning Out season 2")
    assert page.get_by_label("Cancelled").is_checked()
    assert page.input_value("#id_announced_date") == "2020-02"
    assert page.input_value("#id_source_url") == "https://about.netflix.example.com/cancelled"
    clicks.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    season_2 = Season.objects.get(show=aired.show, number=2)
    assert season_2.decision == Season.Decision.CANCELLED
    assert season_2.announcements.get().source_name == "Netflix"
    assert not aired.announcements.exists()
    assert clicks.count == 4
    assert page.problems == []


def test_the_public_season_page_leads_staff_to_the_decision_form_and_back(
    live_server, editor_page
):
    page = editor_page
    # Season 2, not the factory's next number: a first season's renewal reads "Ordered".
    season = SeasonFactory(number=2, premiere_date=None, finale_date=None)
    page.goto(live_server.url + season.get_absolute_url())
    clicks = Clicks(page)
    clicks.click(page.get_by_role("link", name="Record a decision"))
    clicks.click(page.get_by_label("Renewed", exact=True))
    # A date already past: a future one asks the editor to confirm it first.
    for text in ["2026-11-30", "Deadline"]:
        page.keyboard.press("Tab")
        page.keyboard.type(text)
    clicks.click("input[name=_save]")
    page.wait_for_url(live_server.url + season.get_absolute_url())
    assert clicks.count == 3
    assert "Renewed" in page.locator("main").inner_text()


@pytest.mark.parametrize(
    ("typed", "date", "precision", "shown"),
    [
        ("2027-09-14", datetime.date(2027, 9, 14), "day", "2027-09-14"),
        ("14/09/2027", datetime.date(2027, 9, 14), "day", "2027-09-14"),
        ("2027-09", datetime.date(2027, 9, 1), "month", "2027-09"),
        ("September 2027", datetime.date(2027, 9, 1), "month", "2027-09"),
        ("Q3 2027", datetime.date(2027, 7, 1), "quarter", "Q3 2027"),
        ("Fall 2027", datetime.date(2027, 9, 1), "season", "Fall 2027"),
        ("mid-2026", datetime.date(2026, 5, 1), "segment", "mid-2026"),
        ("early 2027", datetime.date(2027, 1, 1), "segment", "early 2027"),
        ("late 2027", datetime.date(2027, 9, 1), "segment", "late 2027"),
        ("H2 2027", datetime.date(2027, 7, 1), "semester", "H2 2027"),
        ("second half of 2027", datetime.date(2027, 7, 1), "semester", "H2 2027"),
        ("2027", datetime.date(2027, 1, 1), "year", "2027"),
    ],
)
def test_dates_are_typed_as_iso_or_as_the_source_writes_them(
    live_server, editor_page, typed, date, precision, shown
):
    page = editor_page
    season = SeasonFactory(premiere_date=None, finale_date=None)
    page.goto(live_server.url + reverse("admin:series_season_change", args=[season.pk]))
    help_text = page.locator("#id_premiere_date_helptext").inner_text()
    assert all(form in help_text for form in ("2027-09-14", "14/09/2027", "Q3 2027", "mid-2027"))
    page.fill("#id_premiere_date", typed)
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    season.refresh_from_db()
    assert (season.premiere_date, season.premiere_precision) == (date, precision)
    assert page.input_value("#id_premiere_date") == shown


def test_an_ambiguous_date_is_refused_and_nothing_typed_is_lost(live_server, editor_page):
    page = editor_page
    season = SeasonFactory(premiere_date=None, finale_date=None, title="")
    page.goto(live_server.url + reverse("admin:series_season_change", args=[season.pk]))
    page.fill("#id_title", "The comeback")
    page.fill("#id_premiere_date", "03/04/2026")
    page.fill("#id_episode_count", "8")
    page.click("input[name=_save]")
    error = page.wait_for_selector(".errorlist:has-text('03/04/2026')")
    assert "could be 2026-03-04 or 2026-04-03" in error.inner_text()
    assert "year-month-day" in error.inner_text()
    assert page.input_value("#id_premiere_date") == "03/04/2026"
    assert page.input_value("#id_title") == "The comeback"
    assert page.input_value("#id_episode_count") == "8"
    season.refresh_from_db()
    assert (season.title, season.premiere_date) == ("", None)


@pytest.fixture
def superuser_page(browser, live_server, transactional_db):
    user = get_user_model().objects.create_superuser("chief", "chief@example.com", "x")
    page = signed_in_page(browser, live_server, user)
    yield page
    page.context.close()


def admin_pages(user):
    """Every registered model's list, add form and change form, and the workbench pages.

    Models whose admin is read-only (django-axes' sign-in records) have no add form.
    """
    request = RequestFactory().get("/admin/")
    request.user = user
    season = SeasonFactory(title="A season whose title is rather long for a narrow column")
    AnnouncementFactory(
        season=season,
        source_name="When is Spinning Out Season 2 Releasing? Is It Coming or Cancelled",
        source_url="https://example.com/" + "a-very-long-path-segment/" * 6,
        summary="Netflix announced in February 2020 that it had cancelled the series.",
    )
    CastCreditFactory(season=season)
    CrewCreditFactory(show=season.show)
    CriticScoreFactory(season=season, url="https://www.rottentomatoes.com/tv/" + "x" * 80)
    paths = [reverse("admin:index"), reverse("admin:worklist"), reverse("admin:recent-changes")]
    paths.append(reverse("admin:series_season_record_decision", args=[season.pk]))
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        obj = model._default_manager.first() or (user if model is type(user) else None)
        paths.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        if model_admin.has_add_permission(request):
            paths.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        if obj is not None:
            paths.append(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            )
    return paths


def test_no_admin_page_scrolls_sideways(live_server, superuser_page):
    """At 1280 px no admin page is wider than the window; at 390 px no change or add form is."""
    page = superuser_page
    too_wide = []
    paths = admin_pages(get_user_model().objects.get(username="chief"))
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in paths:
            if width == 390 and not path.endswith(("/change/", "/add/", "/decision/")):
                continue  # lists on a phone scroll inside their own box
            page.goto(live_server.url + path)
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                too_wide.append(f"{path} is {scroll_width} px wide at {width} px")
    assert too_wide == []
    assert page.problems == []


def test_the_worklist_at_both_widths(live_server, editor_page, screenshot_dir):
    page = editor_page
    today = timezone.localdate()
    SeasonFactory(
        show__title="Quiet Show",
        number=1,
        premiere_date=today - datetime.timedelta(days=100),
        finale_date=today - datetime.timedelta(days=60),
    )
    AnnouncementFactory(source_url="", announced_date=today - datetime.timedelta(days=3))
    page.goto(live_server.url + reverse("admin:index"))
    page.get_by_role("link", name="Needs attention").click()
    assert "Quiet Show season" in page.locator("#quiet").inner_text()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=screenshot_dir / f"admin-worklist-{width}.png", full_page=True)
    page.locator("#quiet").get_by_role("link", name="Add season 2").click()
    assert page.input_value("#id_number") == "2"


def season_csv(tmp_path, show, rows=50, bad_row=None):
    lines = ["show,number,title,premiere,finale,episode_count"]
    for number in range(1, rows + 1):
        premiere = "03/04/2026" if number == bad_row else f"Fall {2000 + number}"
        lines.append(f"{show.slug},{number},Part {number},{premiere},,8")
    path = tmp_path / "seasons.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def open_import(page, live_server, path):
    page.goto(live_server.url + reverse("admin:series_season_changelist"))
    page.get_by_role("link", name="Import").click()
    page.set_input_files("#id_import_file", str(path))
    page.select_option("#id_format", label="csv")
    page.click("input[type=submit]")


def test_importing_a_50_row_csv_shows_a_preview_then_writes_it(
    live_server, editor_page, tmp_path, screenshot_dir
):
    page = editor_page
    show = ShowFactory(slug="imported-show")
    open_import(page, live_server, season_csv(tmp_path, show))
    preview = page.wait_for_selector("table.import-preview")
    assert preview.inner_text().count("New") >= 50
    assert not Season.objects.exists()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=screenshot_dir / f"admin-import-preview-{width}.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.set_viewport_size({"width": 1280, "height": 900})
    page.click("input[name=confirm]")
    page.wait_for_selector(".messagelist .success")
    assert Season.objects.filter(show=show).count() == 50
    assert page.problems == []


def test_a_csv_with_a_bad_row_writes_nothing_and_says_which_row(
    live_server, editor_page, tmp_path
):
    page = editor_page
    show = ShowFactory(slug="imported-show")
    open_import(page, live_server, season_csv(tmp_path, show, rows=50, bad_row=17))
    page.wait_for_selector("h2.import-summary")
    assert "49 rows ready, 1 row needs fixing" in page.inner_text("h2.import-summary")
    bad = page.locator("table.import-preview tbody tr.invalid")
    assert bad.count() == 1
    assert bad.locator("td").first.inner_text().strip() == "17: Needs fixing"
    assert "could be 2026-03-04 or 2026-04-03" in bad.locator("td.has-errors").inner_text()
    assert page.locator("input[name=confirm]").count() == 0
    assert not Season.objects.exists()
