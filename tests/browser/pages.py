"""The public pages every checker visits (paths, given the `site_world` fixture's data),
and the Nu HTML Checker's errors over a batch of them."""

import json
import subprocess

from django.urls import reverse

from tests.site_data import AWAITING_SLUG


def html_errors(vnu_jar, tmp_path, documents):
    """The Nu HTML Checker's errors in `documents` ({name: HTML bytes}), checked in one
    Java run (its start-up is most of its cost), each as "name.html:line: message"."""
    files = []
    for name, content in documents.items():
        file = tmp_path / f"{name}.html"
        file.write_bytes(content)
        files.append(str(file))
    result = subprocess.run(
        ["java", "-jar", str(vnu_jar), "--format", "json", *files],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [
        f"{m.get('url', '').rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] in ("error", "non-document-error")
    ]


def public_paths(world):
    show_list = reverse("series:show-list")
    return {
        "home": reverse("series:home"),
        "show-list": show_list,
        "show-list-filtered": f"{show_list}?q=beta&status=cancelled&sort=-title",
        "show-list-page-2": f"{show_list}?page=2",
        "show-list-invalid": f"{show_list}?status=bogus&year=abc",
        "show": reverse("series:show-detail", kwargs={"slug": "spinning-out"}),
        "season": reverse("series:season-detail", kwargs={"slug": "spinning-out", "number": 2}),
        "season-1": reverse("series:season-detail", kwargs={"slug": "spinning-out", "number": 1}),
        "world-show": world.show.get_absolute_url(),
        "world-season": world.season.get_absolute_url(),
        "season-outlook": reverse(
            "series:season-detail", kwargs={"slug": AWAITING_SLUG, "number": 2}
        ),
        "outlook-method": reverse("series:outlook-method"),
        "scorecard-bubble": reverse("series:scorecard-bubble"),
        "scorecard-bubble-late": reverse("series:scorecard-bubble") + "?order=late",
        "outlook-record": reverse("series:outlook-record"),
        "person": reverse("series:person-detail", kwargs={"slug": "kaya-scodelario"}),
        "world-person": world.person.get_absolute_url(),
        "network": world.network.get_absolute_url(),
        "scorecard": reverse("series:scorecard"),
        "scorecard-2020": reverse("series:scorecard") + "?year=2020",
        "scorecard-invalid": reverse("series:scorecard") + "?year=abc",
        "scorecard-network": reverse("series:scorecard") + f"?network={world.network.slug}",
        "netflix": reverse("series:network-detail", kwargs={"slug": "netflix"}),
        "announcements": reverse("series:announcements"),
        "show-announcements": reverse(
            "series:show-announcements", kwargs={"slug": "spinning-out"}
        ),
        "api-docs": "/api/v1/docs",
        "not-found": "/shows/no-such-show/",
    }
