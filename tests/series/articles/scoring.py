"""Precision and recall of the reader against a corpus of articles with their expected facts.

A fact is one thing an editor would type: the show's title or network, one season's
premiere, finale, episode count, decision or decision date, a cast credit, a crew credit,
or one number of a critic score. A fact the reader proposes counts as right only when its
value matches and its evidence is a sentence of the article that says it (a credit's
sentence names its person, a score's holds its number, a network's names it).
"""

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

CORPUS = Path(__file__).with_name("corpus")
SEASON_KEYS = ("premiere", "finale", "episodes", "decision", "decided")
SCORE_FIELDS = ("score", "average", "count")


def expected_facts(expected):
    """{(kind, identity): value} of an expected-facts file."""
    facts = {}
    for key, value in (expected.get("show") or {}).items():
        facts[("show", key)] = value
    for season in expected["seasons"]:
        for key in SEASON_KEYS:
            if key in season:
                facts[("season", (season["number"], key))] = season[key]
    for person, character in expected["cast"]:
        facts[("cast", (person, character))] = True
    for person, job in expected["crew"]:
        facts[("crew", (person, job))] = True
    for score in expected["scores"]:
        for name in SCORE_FIELDS:
            if name in score:
                facts[("score", (score["season"], score["aggregator"], name))] = score[name]
    return facts


def read_facts(read, text):
    """{(kind, identity): (value, evidence holds it)} of what the reader proposed."""
    facts = {}

    def said(evidence, *witnesses):
        return bool(evidence) and evidence in text and all(str(w) in evidence for w in witnesses)

    show = read["show"] or {}
    for key in ("title", "network"):
        if key in show:
            evidence = show["evidence_by_fact"][key]
            facts[("show", key)] = (show[key], said(evidence, show[key]))
    for season in read["seasons"]:
        for key in SEASON_KEYS:
            if key in season:
                evidence = season["evidence_by_fact"][key]
                facts[("season", (season["number"], key))] = (season[key], said(evidence))
    for credit in read["cast"]:
        ok = said(credit["evidence"], credit["person"], credit["character"])
        facts[("cast", (credit["person"], credit["character"]))] = (True, ok)
    for credit in read["crew"]:
        facts[("crew", (credit["person"], credit["job"]))] = (
            True,
            said(credit["evidence"], credit["person"]),
        )
    for score in read["scores"]:
        for name in SCORE_FIELDS:
            if name in score:
                ok = said(score["evidence"], int(score["score"]))
                identity = (score["season"], score["aggregator"], name)
                facts[("score", identity)] = (score[name], ok)
    return facts


@dataclass
class Tally:
    """Right, proposed and expected facts per kind, and what went wrong where."""

    right: Counter = field(default_factory=Counter)
    proposed: Counter = field(default_factory=Counter)
    expected: Counter = field(default_factory=Counter)
    mistakes: list = field(default_factory=list)

    def add(self, name, expected, proposed):
        for fact, value in expected.items():
            self.expected[fact[0]] += 1
            if fact not in proposed:
                self.mistakes.append(f"{name}: missed {fact} = {value!r}")
        for fact, (value, evidenced) in proposed.items():
            self.proposed[fact[0]] += 1
            if fact in expected and expected[fact] == value and evidenced:
                self.right[fact[0]] += 1
            elif fact in expected and expected[fact] == value:
                self.mistakes.append(f"{name}: {fact} = {value!r} without its sentence")
            else:
                wanted = expected.get(fact, "nothing")
                self.mistakes.append(f"{name}: proposed {fact} = {value!r}, expected {wanted!r}")

    def precision(self, kind=None):
        right = self.right[kind] if kind else sum(self.right.values())
        proposed = self.proposed[kind] if kind else sum(self.proposed.values())
        return right / proposed if proposed else 1.0

    def recall(self, kind=None):
        right = self.right[kind] if kind else sum(self.right.values())
        expected = self.expected[kind] if kind else sum(self.expected.values())
        return right / expected if expected else 1.0

    def table(self):
        lines = [
            f"{'kind':<8}{'expected':>9}{'proposed':>9}{'right':>7}{'precision':>11}{'recall':>8}"
        ]
        for kind in sorted(set(self.expected) | set(self.proposed)):
            lines.append(
                f"{kind:<8}{self.expected[kind]:>9}{self.proposed[kind]:>9}{self.right[kind]:>7}"
                f"{self.precision(kind):>11.1%}{self.recall(kind):>8.1%}"
            )
        lines.append(
            f"{'all':<8}{sum(self.expected.values()):>9}{sum(self.proposed.values()):>9}"
            f"{sum(self.right.values()):>7}{self.precision():>11.1%}{self.recall():>8.1%}"
        )
        return "\n".join(lines)


def articles(folder):
    """(name, text, expected) of each article in `folder`."""
    for path in sorted(folder.glob("*.txt")):
        expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        yield path.stem, path.read_text(encoding="utf-8"), expected


def score(folder, read_article):
    tally = Tally()
    for name, text, expected in articles(folder):
        tally.add(name, expected_facts(expected), read_facts(read_article(text), text))
    return tally
