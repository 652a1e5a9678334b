""" "Read an article" in the admin: paste a trade-press article, check each fact the
reader proposes beside its sentence, untick or correct it, and confirm.

The page (on the show admin, `admin:series_show_read_article`) has three steps, all
posted: *read* (the article's text, URL and publication, read by
`series.articles.read_article`), *preview* (the same facts with the editor's
corrections, planned again) and *confirm* (planned and written by `article_drafts`).
Nothing is written before the confirmation, and a confirmation that fails a check
writes nothing and comes back with everything the editor typed. The facts are read
from the posted text at every step, never trusted from the form.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from series.articles import read_article

from .article_drafts import NotWritten, Source, plan, write
from .article_forms import ArticleForm, unknown_rows
from .article_page import ArticlePage, found_nothing

# Confirming may add a show and people and change a stored show's seasons.
PERMISSIONS = [
    *(
        f"series.add_{model}"
        for model in (
            "show",
            "season",
            "person",
            "castcredit",
            "crewcredit",
            "criticscore",
            "announcement",
        )
    ),
    "series.change_show",
    "series.change_season",
    "series.change_criticscore",
]
NOTHING_READ = (
    "The reader found no show, season, cast, crew or critic score in this text. It reads "
    "articles of the “Is season N coming or cancelled?” kind; paste the whole article, "
    "headline first."
)


def can_read_articles(user):
    return user.has_perms(PERMISSIONS)


def tampered_message(rows):
    named = ", ".join(rows[:5]) + ("…" if len(rows) > 5 else "")
    return (
        f"The form named facts this article does not have ({named}), so nothing was "
        "saved. Below are the facts read from the article again: check them and confirm."
    )


def counted(count, noun, plural=None):
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def written_message(draft, source):
    """What a confirmation wrote, in a sentence."""
    kinds = {}
    for step in draft.steps:
        name = type(step.record)._meta.model_name
        kinds[name] = kinds.get(name, 0) + 1
    parts = [
        counted(kinds.get("season", 0), "new season") if kinds.get("season") else "",
        counted(kinds.get("announcement", 0), "announcement") if kinds.get("announcement") else "",
        counted(kinds.get("castcredit", 0), "cast credit") if kinds.get("castcredit") else "",
        counted(kinds.get("crewcredit", 0), "crew credit") if kinds.get("crewcredit") else "",
        counted(kinds.get("criticscore", 0), "critic score") if kinds.get("criticscore") else "",
        counted(len(draft.new_people), "new person", "new people") if draft.new_people else "",
    ]
    what = ", ".join(part for part in parts if part) or "its changes"
    if draft.show_is_new:
        return (
            f"{draft.show.title} is a new draft with {what}, sourced to {source.publication}. "
            "Preview it on the site, then publish it."
        )
    return f"{draft.show.title}: saved {what}, sourced to {source.publication}."


class ReadArticleAdmin:
    """The show admin's "Read an article" page, linked from the show list."""

    change_list_template = "admin/series/show/change_list.html"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "read-article/",
                self.admin_site.admin_view(self.read_article_view),
                name="{}_{}_read_article".format(*info),
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {})}
        if can_read_articles(request.user):
            extra_context["read_article_url"] = self.read_article_url()
        return super().changelist_view(request, extra_context)

    def read_article_url(self):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_read_article")

    def read_article_view(self, request):
        if not can_read_articles(request.user):
            raise PermissionDenied
        if request.method != "POST":
            return self.render_article(request, ArticleForm())
        article = ArticleForm(request.POST)
        step = request.POST.get("step", "read")
        text_ok = article.is_valid() or "text" not in article.errors
        reading = read_article(article.cleaned_data["text"]) if text_ok else None
        if reading is not None and found_nothing(reading):
            article.add_error("text", NOTHING_READ)
            reading = None
        if reading is None or (step == "read" and not article.is_valid()):
            return self.render_article(request, article)
        posted = step in ("preview", "confirm")
        page = ArticlePage(reading, request.POST if posted else None)
        unknown = unknown_rows(request.POST, page.prefixes) if posted else []
        if unknown:
            page = ArticlePage(reading)
            return self.render_article(
                request, article, page, problems=[tampered_message(unknown)], status=400
            )
        problems = []
        ready = article.is_valid() and page.is_valid()
        source = None
        if ready:
            source = Source(article.cleaned_data["publication"], article.cleaned_data["url"])
        draft = plan(page, source) if ready else None
        if step == "confirm" and draft is not None:
            if draft.changes_nothing:
                self.message_user(
                    request,
                    f"Nothing to save: every fact you kept is already recorded for "
                    f"{draft.show.title}.",
                    messages.INFO,
                )
                return HttpResponseRedirect(self.show_url(draft.show))
            try:
                write(draft, source)
            except NotWritten as error:
                problems = page.add_errors(error.errors)
                draft = None
            else:
                self.log_read(request, draft)
                self.message_user(request, written_message(draft, source), messages.SUCCESS)
                return HttpResponseRedirect(self.show_url(draft.show))
        return self.render_article(request, article, page, draft=draft, problems=problems)

    def log_read(self, request, draft):
        message = [{"added" if draft.show_is_new else "changed": {}}]
        if draft.show_is_new:
            self.log_addition(request, draft.show, message)
        else:
            self.log_change(request, draft.show, message)

    def show_url(self, show):
        info = self.opts.app_label, self.opts.model_name
        return reverse("admin:{}_{}_change".format(*info), args=[show.pk])

    def render_article(self, request, article, page=None, draft=None, problems=(), status=200):
        context = {
            **self.admin_site.each_context(request),
            "title": "Read an article",
            "opts": self.opts,
            "article": article,
            "page": page,
            "draft": draft,
            "outcomes": draft.outcomes if draft else {},
            "problems": problems,
            "rows": rows_of(page, draft) if page else None,
        }
        return TemplateResponse(
            request, "admin/series/show/read_article.html", context, status=status
        )


def rows_of(page, draft):
    """The preview's sections: each fact's form with its outcome, in reading order."""
    outcomes = draft.outcomes if draft else {}

    def row(form):
        return {"form": form, "outcome": outcomes.get(form.prefix)}

    return {
        "seasons": [
            {"number": number, "rows": [row(form) | {"key": key} for key, form in forms]}
            for number, forms in page.season_forms
        ],
        "cast": [row(form) for form in page.cast_forms],
        "crew": [row(form) for form in page.crew_forms],
        "scores": [row(form) for form in page.score_forms],
    }


class ReadArticleSite:
    """The admin index's link to "Read an article", for editors who may use it."""

    def index(self, request, extra_context=None):
        extra_context = {**(extra_context or {})}
        if can_read_articles(request.user):
            extra_context["read_article_url"] = reverse("admin:series_show_read_article")
        return super().index(request, extra_context)
