"""An article cut into what the reader reads: its headline, headings and sentences.

Articles of this kind put one paragraph, heading or list item on each line, so a sentence
never spans lines, and every sentence kept is a slice of the text as written: the evidence
an editor is shown can be found in the article.
"""

import re
from dataclasses import dataclass, replace

from series.articles.words import season_numbers_in

# Markers that start a list item; the item's text is what follows them.
_BULLET = re.compile(r"^\s*(?:[•·▪●◦*‣–—-]|\d{1,2}[.)])\s+")
# A table's row, pasted: cells apart by tabs, or between pipes.
_TABLE_ROW = re.compile(r"\S\t+\S|^\|.*\|$")
# A sentence ends at . ! or ? (with a closing quote or bracket) before a space and a capital,
# a digit or an opening quote; the abbreviations below never end one.
_SENTENCE_END = re.compile(r"[.!?][\"”’')]*\s+(?=[\"“‘'(]?[A-Z0-9])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Lt|Col|Gen|Sgt|Capt|Cmdr|Det|Insp|Prof|vs|No|Vol|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|Inc"
    r"|Ltd|Co|U\.S|U\.K)|\b[A-Z])\.$"
)
# A line that ends without sentence punctuation and is this short is a heading.
_HEADING_WORDS = 14


@dataclass(frozen=True)
class Sentence:
    """One sentence (or list item, or heading) and where it sits in the article."""

    text: str
    index: int
    kind: str  # "headline", "heading", "item" or "sentence"
    section_season: int | None  # the season the heading above it is about, if it names one
    # The season the sentence before it in the same paragraph named, if it named one: "Season
    # 2 premieres in 2026. It will have six episodes."
    context_season: int | None = None
    # The one season the headline names: the one "the new season" is.
    headline_season: int | None = None

    @property
    def is_fact_source(self):
        """Headlines and headings ask or label; only sentences and list items state facts."""
        return self.kind in ("sentence", "item")


def _split_line(line):
    """The sentences of one line, each a slice of it."""
    pieces, start = [], 0
    for match in _SENTENCE_END.finditer(line):
        candidate = line[start : match.start() + 1]
        if _ABBREVIATION.search(candidate):
            continue
        pieces.append(line[start : match.end()].strip())
        start = match.end()
    pieces.append(line[start:].strip())
    return [piece for piece in pieces if piece]


def _with_headline_season(result):
    headline = " ".join(sentence.text for sentence in result if sentence.kind == "headline")
    named = season_numbers_in(headline)
    if len(named) != 1:
        return result
    return [replace(sentence, headline_season=named[0]) for sentence in result]


def _is_heading(line):
    """A short line without a full stop: a label, or a question the section answers."""
    if len(line.split()) > _HEADING_WORDS or re.search(r"[.!:;\"”)]$", line):
        return False
    return not line.endswith("?") or len(_split_line(line)) == 1


def sentences(text):
    """Every sentence of the article in order, each knowing its section's season."""
    result = []
    headline_seen = False
    section_season = None
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        if not headline_seen:
            headline_seen = True
            for piece in _split_line(line):
                result.append(Sentence(piece, len(result), "headline", None))
            continue
        if bullet := _BULLET.match(line):
            item = line[bullet.end() :].strip()
            result.append(Sentence(item, len(result), "item", section_season))
            continue
        if _TABLE_ROW.search(line):
            result.append(Sentence(line.strip("| "), len(result), "item", section_season))
            continue
        if _is_heading(line):
            named = season_numbers_in(line)
            section_season = named[0] if len(named) == 1 else None
            result.append(Sentence(line, len(result), "heading", section_season))
            continue
        context = None
        for piece in _split_line(line):
            result.append(Sentence(piece, len(result), "sentence", section_season, context))
            named = season_numbers_in(piece)
            context = named[0] if len(named) == 1 else context if not named else None
    return _with_headline_season(_lists_without_bullets(result))


def _lists_without_bullets(result):
    """Three or more short lines in a row are a heading and its list written without
    bullets ("Cast", then one "Name, dash, Character" line per credit): the lines under the
    first are items of its section, as is what follows them up to the next heading."""
    fixed, run = [], []

    def close_run():
        if len(run) >= 3:
            section = run[0].section_season
            fixed.extend(
                [run[0], *(replace(line, kind="item", section_season=section) for line in run[1:])]
            )
            return section, True
        fixed.extend(run)
        return None, False

    listed, section = False, None
    for sentence in result:
        if sentence.kind == "heading":
            run.append(sentence)
            continue
        if run:
            section, listed = close_run()
            run = []
        if listed and sentence.kind != "headline":
            sentence = replace(sentence, section_season=section)
        fixed.append(sentence)
    close_run()
    return fixed
