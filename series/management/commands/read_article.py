"""Read a trade-press article and print the facts it states, each with its sentence.

`--json` prints the structure `series.articles.read_article` answers, the one the admin's
"Read an article" page uses; without it, a plain listing an editor can check by eye.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from series.articles import read_article
from series.models import Aggregator, CrewJob


class Command(BaseCommand):
    help = (
        "Read an article about a show's seasons and print the facts it states (show, "
        "network, seasons, cast, crew, critic scores), each with the sentence it came from."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The article as a UTF-8 text file.")
        parser.add_argument("--json", action="store_true", help="Print the facts as JSON.")

    def handle(self, *args, **options):
        path = options["file"]
        try:
            with open(path, encoding="utf-8") as article:
                text = article.read()
        except FileNotFoundError:
            raise CommandError(f"No such file: {path}") from None
        except IsADirectoryError:
            raise CommandError(f"{path} is a directory, not an article.") from None
        except PermissionError:
            raise CommandError(f"{path} cannot be read: permission denied.") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path} is not UTF-8 text.") from None
        if not text.strip():
            raise CommandError(f"{path} is empty: there is no article to read.")
        facts = read_article(text)
        if options["json"]:
            self.stdout.write(json.dumps(facts, indent=2, ensure_ascii=False))
            return
        for line in listing(facts):
            self.stdout.write(line)


def listing(facts):
    """The facts as lines of text, each followed by its sentence unless it is the sentence."""
    lines = []
    show = facts["show"] or {}
    for key in ("title", "network"):
        if key in show:
            lines += _fact(f"{key.capitalize()}: {show[key]}", show["evidence_by_fact"][key])
    for season in facts["seasons"]:
        lines.append(f"Season {season['number']}")
        for key, label in _SEASON_LABELS:
            if key in season:
                value = season[key]
                lines += _fact(f"  {label}: {value}", season["evidence_by_fact"][key])
    sections = [
        ("Cast", facts["cast"], lambda c: f"{c['person']} as {c['character']}"),
        ("Crew", facts["crew"], lambda c: f"{c['person']}, {CrewJob(c['job']).label.lower()}"),
        ("Critic scores", facts["scores"], _score),
    ]
    for heading, found, label in sections:
        if found:
            lines.append(f"{heading}:")
        for fact in found:
            lines += _fact(f"  {label(fact)}", fact["evidence"])
    return lines or ["Nothing found that the reader is sure of."]


_SEASON_LABELS = [
    ("premiere", "Premiere"),
    ("finale", "Finale"),
    ("episodes", "Episodes"),
    ("decision", "Decision"),
    ("decided", "Decided"),
]


def _fact(label, sentence):
    if label.strip() == sentence:
        return [label]
    return [label, f"    “{sentence}”"]


def _score(score):
    if score["aggregator"] == Aggregator.ROTTEN_TOMATOES:
        parts = [f"{score['score']}%"]
    else:
        parts = [f"{score['score']}/100"]
    if "average" in score:
        parts.append(f"average {score['average']}/10")
    if "count" in score:
        parts.append(f"{score['count']} reviews")
    name = Aggregator(score["aggregator"]).label
    return f"Season {score['season']}, {name}: {', '.join(parts)}"
