"""Posting "Read an article" as an editor's browser does: the article, then the preview
with every field as the page shows it (and the editor's changes)."""

from pathlib import Path

from django.urls import reverse

SEED_TEXT = (
    Path(__file__).resolve().parents[1]
    / "series"
    / "articles"
    / "seed"
    / "spinning-out-season-2.txt"
).read_text(encoding="utf-8")
SEED_URL = (
    "https://unionjournalism.com/featured/2020/05/done-spinning-out-season-2-why-netflix-"
    "cancelled-the-installment-when-end-to-the-story-is-still-pending/"
)
SEED_PUBLICATION = "Union Journalism"


def page_url():
    return reverse("admin:series_show_read_article")


def read(client, text=SEED_TEXT, url=SEED_URL, publication=SEED_PUBLICATION):
    """The first step: paste the article, its URL and publication, and read it."""
    return client.post(
        page_url(), {"step": "read", "text": text, "url": url, "publication": publication}
    )


def posted_data(response, **changes):
    """What the preview's form posts as the page shows it, with `changes` ({field name:
    value}; None unticks a box or leaves a field out)."""
    context = response.context
    article = context["article"]
    data = {name: article[name].value() for name in ("text", "url", "publication")}
    page = context["page"]
    for form in [page.show_form, *page.fact_forms()]:
        for field in form:
            value = field.value()
            if field.name == "include":
                if value:
                    data[field.html_name] = "on"
            elif value is not None:
                data[field.html_name] = value
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def confirm(client, response, **changes):
    """Confirm the previewed facts (with `changes`)."""
    return client.post(page_url(), {**posted_data(response, **changes), "step": "confirm"})


def read_and_confirm(client, **changes):
    return confirm(client, read(client), **changes)
