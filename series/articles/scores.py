"""Critic scores: Rotten Tomatoes' percentage, average rating and review count, and
Metacritic's score and critic count, as articles write them ("a rating of 63% with an
average rating of 6.5/10, based on 16 reviews", "47 out of 100, based on four critics").

A sentence naming both aggregators is read clause by clause; a number the reader cannot
tie to one of them is left out. Audience scores are not critic scores: a clause that gives
one is not read ("84% on Rotten Tomatoes, while the audience score is a lower 71%").
"""

import re

from series.articles.words import NUMBER, number_value
from series.models import Aggregator

_ROTTEN = re.compile(r"\bRotten\s+Tomatoes\b|\bTomatometer\b", re.IGNORECASE)
_META = re.compile(r"\bMetacritic\b|\bMetascore\b", re.IGNORECASE)
_AUDIENCE = re.compile(r"\baudience|\bpopcorn(?:meter)?\b|\buser score\b|\busers\b", re.IGNORECASE)
_PERCENT = re.compile(r"(?<![\d.])(\d{1,3})\s*(?:%|percent\b|per cent\b)", re.IGNORECASE)
_AVERAGE = re.compile(
    r"(?<![\d.])(\d{1,2}(?:\.\d{1,2})?)\s*(?:/\s*10|out\s+of\s+10)(?!\d|\.\d)", re.IGNORECASE
)
_OUT_OF_100 = re.compile(
    r"(?<![\d.])(\d{1,3})\s*(?:/\s*100|out\s+of\s+(?:100|a\s+hundred|a\s+possible\s+100))(?!\d)",
    re.IGNORECASE,
)
_METASCORE = re.compile(
    r"\bMetascore\s+(?:of\s+)?(\d{1,3})\b|\b(\d{1,3})\s+Metascore\b", re.IGNORECASE
)
# A bare number where only Metacritic is named: "Metacritic rates it 77", "gave the season a
# score of 62" (never a percentage, a rating out of 10 or a year).
_METACRITIC_BARE = re.compile(
    r"\b(?:rates?|rated|gives?|gave|scores?|scored|awards?|awarded)\s+(?:it|the\s+\w+)\s+"
    r"(?:an?\s+)?(?:(?:score|rating)\s+of\s+)?(\d{1,3})\b(?!\s*(?:%|percent|/|out\b|\.\d))"
    r"|\b(?:score|rating)\s+of\s+(\d{1,3})\b(?!\s*(?:%|percent|/|out\b|\.\d))",
    re.IGNORECASE,
)
_COUNT = re.compile(
    rf"(?<![\d.])({NUMBER})\s+(?:critics?(?:'|’)?\s*)?(?:reviews?|critics?|reviewers?|ratings?)\b",
    re.IGNORECASE,
)  # fmt: skip
# Clauses of a sentence naming both aggregators: "...on Rotten Tomatoes, while Metacritic..."
_CLAUSE = re.compile(
    r";|,\s+(?:while|whereas|and|but|though|although)\s+|\.\s+|\s+while\s+|\s+whereas\s+"
)


def _first(pattern, text):
    match = pattern.search(text)
    if not match:
        return None
    return next(group for group in match.groups() if group is not None)


def _rotten(text):
    if _AUDIENCE.search(text):
        return None
    score = _first(_PERCENT, text)
    if score is None or int(score) > 100:
        return None
    reading = {"aggregator": Aggregator.ROTTEN_TOMATOES.value, "score": int(score)}
    if (average := _first(_AVERAGE, text)) is not None and float(average) <= 10:
        reading["average"] = float(average)
    if (count := _first(_COUNT, text)) is not None:
        reading["count"] = number_value(count)
    return reading


def _metacritic(text):
    if _AUDIENCE.search(text):
        return None
    score = _first(_METASCORE, text) or _first(_OUT_OF_100, text) or _first(_METACRITIC_BARE, text)
    if score is None or int(score) > 100:
        return None
    reading = {"aggregator": Aggregator.METACRITIC.value, "score": int(score)}
    if (count := _first(_COUNT, text)) is not None:
        reading["count"] = number_value(count)
    return reading


def scores(sentence):
    """[reading] for each aggregator the sentence gives a score from."""
    clauses = [clause for clause in _CLAUSE.split(sentence.text) if not _AUDIENCE.search(clause)]
    text = " ".join(clauses)
    rotten, meta = bool(_ROTTEN.search(text)), bool(_META.search(text))
    if rotten and meta:
        rotten_text = " ".join(c for c in clauses if _ROTTEN.search(c) and not _META.search(c))
        meta_text = " ".join(c for c in clauses if _META.search(c) and not _ROTTEN.search(c))
    else:
        rotten_text, meta_text = (text if rotten else ""), (text if meta else "")
    readings = []
    if rotten_text and (reading := _rotten(rotten_text)):
        readings.append(reading)
    if meta_text and (reading := _metacritic(meta_text)):
        readings.append(reading)
    return readings
