"""The mails followers receive, plain text plus HTML, from templates.

Every mail but the confirmation carries a one-click unsubscribe link, in its body and
in the RFC 8058 headers (`List-Unsubscribe` and `List-Unsubscribe-Post`). Header values
built from data (a show's title can hold a newline an import let through) are made one
line, since Django refuses a header with a line break rather than send it.
"""

import re

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from series.models import Season

from .tokens import confirm_token, unsubscribe_token

# Anything shaped like an address: SMTP answers quote the recipient they refused.
ADDRESS = re.compile(r"[^\s<>()\[\]'\",;:]+@[^\s<>()\[\]'\",;:]+")


def single_line(value):
    """`value` with every run of whitespace, line breaks included, as one space."""
    return " ".join(str(value).split())


def redact(text):
    """`text` without the addresses in it, for logs that editors read."""
    return ADDRESS.sub("[address]", text)


def absolute(path):
    return settings.SITE_URL + path


def unsubscribe_url(subscription):
    return absolute(reverse("follows:unsubscribe", args=[unsubscribe_token(subscription)]))


def build(template, context, to, headers=None):
    context = {**context, "site_url": settings.SITE_URL}
    subject = single_line(render_to_string(f"follows/mail/{template}_subject.txt", context))
    headers = {name: single_line(value) for name, value in (headers or {}).items()}
    text = render_to_string(f"follows/mail/{template}.txt", context)
    html = render_to_string(f"follows/mail/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, to=[to], headers=headers)
    message.attach_alternative(html, "text/html")
    return message


def list_headers(subscription, message_id=None):
    headers = {
        "List-Unsubscribe": f"<{unsubscribe_url(subscription)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"{subscription.show.title} <{subscription.show.slug}.follow.showtracker>",
    }
    if message_id:
        headers["Message-ID"] = message_id
    return headers


def follow_request(email, show, subscription=None):
    """The double opt-in mail; to an address that already follows, a reminder instead."""
    context = {"show": show, "show_url": absolute(show.get_absolute_url())}
    if subscription is not None and subscription.is_confirmed:
        context["unsubscribe_url"] = unsubscribe_url(subscription)
        return build("already_following", context, email, list_headers(subscription))
    token = confirm_token(email, show.pk)
    context["confirm_url"] = absolute(reverse("follows:confirm", args=[token]))
    context["confirm_days"] = settings.FOLLOW_CONFIRM_DAYS
    return build("confirm", context, email)


def season_news(digest):
    """Each changed season with its answer, its source and what changed, for one digest."""
    changes = list(digest.changes.all())
    season_ids = list(dict.fromkeys(change.season_id for change in changes))
    seasons = (
        Season.objects.filter(pk__in=season_ids)
        .with_siblings()  # the answer reads the show's other seasons
        .select_related("show__network")
        .prefetch_related("announcements")
        .order_by("number")
    )
    news = []
    for season in seasons:
        verdict = season.answer()
        announcements = sorted(
            season.announcements.all(), key=lambda a: (a.announced.sort_key(), a.pk)
        )
        news.append(
            {
                "season": season,
                "headline": verdict.headline(season.show.title, season.number),
                "sentence": verdict.sentence,
                "source": announcements[-1] if announcements else None,
                "lines": [change.line for change in changes if change.season_id == season.pk],
                "url": absolute(season.get_absolute_url()),
            }
        )
    return news


def digest_mail(delivery, news):
    subscription = delivery.subscription
    show = delivery.digest.show
    context = {
        "show": show,
        "news": news,
        "show_url": absolute(show.get_absolute_url()),
        "unsubscribe_url": unsubscribe_url(subscription),
        "subject": news[0]["headline"]
        if len(news) == 1
        else f"{show.title}: news on {len(news)} seasons",
    }
    return build(
        "digest", context, subscription.email, list_headers(subscription, delivery.message_id)
    )
