"""What each surface says about shows and seasons, read the way a visitor or editor reads it.

The agreement and time-travel tests compare these readings with the rule functions
in `series.status`, so one reader per surface serves them all.
"""

import re

from bs4 import BeautifulSoup
from django.urls import reverse

from series.status import ShowStatus


def _soup(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return BeautifulSoup(response.content, "html.parser")


def _text(node):
    return " ".join(node.get_text(" ").split())


def show_page_status(client, show):
    """The status badge under the show's title."""
    return _text(_soup(client, show.get_absolute_url()).select_one(".page-header .badge"))


def season_page(client, season):
    """(headline label, decision label) on the season's page."""
    soup = _soup(client, season.get_absolute_url())
    headline = _text(soup.select_one("h1 .badge"))
    for row in soup.select(".facts div"):
        if _text(row.dt) == "Decision":
            return headline, _text(row.dd)
    raise AssertionError(f"No decision on {season.get_absolute_url()}")


def listed_slugs(client, status):
    """Slugs of the shows the public list shows for `?status=`, over every page."""
    slugs, page = [], 1
    while True:
        url = f"{reverse('series:show-list')}?status={status}&page={page}"
        response = client.get(url)
        if response.status_code == 404:
            return slugs
        soup = BeautifulSoup(response.content, "html.parser")
        links = soup.select(".show-table tbody th a")
        slugs += [link["href"].rstrip("/").rsplit("/", 1)[-1] for link in links]
        if not soup.select_one('a[rel="next"]'):
            return slugs
        page += 1


def _counts(soup):
    counts = {}
    for link in soup.select(".status-counts a"):
        status = re.search(r"status=(\w+)", link["href"]).group(1)
        counts[status] = int(_text(link.select_one(".status-count__number")))
    return counts


def home_counts(client):
    """The home page's counts (it shows no card for a status without shows: those count 0)."""
    shown = _counts(_soup(client, reverse("series:home")))
    return {status: shown.get(status, 0) for status in ShowStatus.values}


def scorecard_counts(client):
    """The scorecard's totals row, by status."""
    return _counts(_soup(client, reverse("series:scorecard")).select_one(".status-counts").parent)


def network_counts(client, network):
    """The counts on a network's own scorecard page (it shows no card for a status
    without shows: those count 0)."""
    shown = _counts(_soup(client, network.get_absolute_url()))
    return {status: shown.get(status, 0) for status in ShowStatus.values}


def admin_show_statuses(client):
    """{show title: status} from the admin's show list."""
    soup = _soup(client, reverse("admin:series_show_changelist") + "?all=")
    return {
        _text(row.select_one(".field-title")): _text(row.select_one(".field-status"))
        for row in soup.select("#result_list tbody tr")
    }


def admin_season_decisions(client, show):
    """{season number: decision label} from the admin's season list, for one show."""
    url = reverse("admin:series_season_changelist") + f"?show__id__exact={show.pk}"
    soup = _soup(client, url)
    return {
        int(_text(row.select_one(".field-number"))): _text(
            row.select_one(".field-current_decision")
        )
        for row in soup.select("#result_list tbody tr")
    }


def admin_season_filter(client, decision):
    """(show title, number) of every season the admin lists under the decision filter."""
    url = reverse("admin:series_season_changelist") + f"?decision={decision}&all="
    soup = _soup(client, url)
    return {
        (_text(row.select_one(".field-show")), int(_text(row.select_one(".field-number"))))
        for row in soup.select("#result_list tbody tr")
    }


def admin_season_change_decision(client, season):
    soup = _soup(client, reverse("admin:series_season_change", args=[season.pk]))
    return _text(soup.select_one(".field-current_decision .readonly"))


def api_show(client, show):
    response = client.get(f"/api/v1/shows/{show.slug}")
    assert response.status_code == 200
    return response.json()


def api_list_statuses(client):
    """{slug: status} from the API's show list (every page)."""
    statuses, page = {}, 1
    while True:
        response = client.get(f"/api/v1/shows?page={page}&page_size=100")
        if response.status_code == 404:
            return statuses
        body = response.json()
        statuses.update({show["slug"]: show["status"] for show in body["results"]})
        if not body.get("next"):
            return statuses
        page += 1


def status_label(value):
    return ShowStatus(value).label
