"""A sentence's clauses, cut at commas, semicolons and dashes but never inside a date
("March 3, 2023"), and the season a clause is about."""

import re
from dataclasses import dataclass

from series.articles.dates import dates_in
from series.articles.words import (
    ORDINAL,
    SEASON_MENTION,
    SEASON_WORD,
    mention_number,
    ordinal_value,
)

_BOUNDARY = re.compile(r",|;|\s[–—]\s|\s-\s|\(|\)")
# The season an article is about, named without its number: "the new season".
_NEW_SEASON = re.compile(rf"\b(?:new|upcoming|next|forthcoming)\s+{SEASON_WORD}\b", re.IGNORECASE)
# An ordinal standing for a season the sentence named before it: "The first season debuted in
# March 2021, and the second followed in June 2022."
_BARE_ORDINAL = re.compile(
    rf"^\s*(?:and\s+|while\s+|but\s+)?(?:the|its)\s+({ORDINAL})\b(?!\s+(?:episode|time|week))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Clause:
    text: str
    start: int  # offset in the sentence


def clauses(text):
    """The clauses of `text` in order, each with its offset."""
    inside_dates = [(found.start, found.end) for found in dates_in(text)]
    result, start = [], 0
    for match in _BOUNDARY.finditer(text):
        if any(low <= match.start() < high for low, high in inside_dates):
            continue
        result.append(Clause(text[start : match.start()], start))
        start = match.end()
    result.append(Clause(text[start:], start))
    return [clause for clause in result if clause.text.strip()]


def clause_at(text, position):
    """The clause of `text` that holds `position`."""
    for clause in clauses(text):
        if clause.start <= position <= clause.start + len(clause.text):
            return clause
    return Clause(text, 0)


def mentioned_seasons(text):
    """The distinct season numbers `text` names."""
    numbers = []
    for match in SEASON_MENTION.finditer(text):
        number = mention_number(match)
        if number >= 1 and number not in numbers:
            numbers.append(number)
    return numbers


def season_of(clause, sentence):
    """The one season a fact in `clause` is about: the clause's own mention, else the
    headline's for "the new season", else a bare ordinal after an ordinal season ("the
    first season debuted ..., and the second followed ..."), else the nearest one before it
    in the sentence ("the second season, which arrived on ..."), else the sentence's only
    one, else the one the sentence before named, else the section's; None when the clause
    names two."""
    own = mentioned_seasons(clause.text)
    if own:
        return own[0] if len(own) == 1 else None
    if _NEW_SEASON.search(clause.text) and sentence.headline_season is not None:
        return sentence.headline_season
    before = list(SEASON_MENTION.finditer(sentence.text[: clause.start]))
    if before and before[-1][3] and (bare := _BARE_ORDINAL.match(clause.text)):
        return ordinal_value(bare[1])
    if before:
        return mention_number(before[-1])
    named = mentioned_seasons(sentence.text)
    if named:
        return named[0] if len(named) == 1 else None
    if sentence.context_season is not None:
        return sentence.context_season
    return sentence.section_season
