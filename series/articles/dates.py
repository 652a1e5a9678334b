"""Dates as articles write them, found inside sentences and read by `FuzzyDate.parse`, so a
date keeps the precision the article gives: "1st January 2020" a day, "February 2020" a
month, "fall of 2026" a season of the year, "2027" a year.

A date without a year ("on March 3") is left out: which year it means is a guess.
"""

import calendar
import re
from dataclasses import dataclass

from series.fuzzy import FuzzyDate, UnreadableDate

_MONTH_NAMES = [name for name in calendar.month_name if name]
_MONTH_ABBREVIATIONS = [name for name in calendar.month_abbr if name and name != "May"]
_MONTH = rf"(?:{'|'.join(_MONTH_NAMES)}|(?:{'|'.join(_MONTH_ABBREVIATIONS)}|Sept)\.?)"
_YEAR = r"(?:19|20)\d{2}"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
# "Sunday, 7 April 2024": the weekday is part of the date, so its comma splits no clause.
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
_PATTERNS = [
    rf"{_YEAR}-\d{{2}}-\d{{2}}",
    rf"{_WEEKDAY}{_DAY}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}",  # 1st January 2020, 1 of January, 2020
    rf"{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}",  # January 1, 2020
    rf"(?:(?:early|mid|late)[- ](?:in\s+)?)?{_MONTH}(?:\s+of)?,?\s+{_YEAR}",  # (early) May 2027
    rf"(?:winter|spring|summer|fall|autumn)(?:\s+of)?,?\s+{_YEAR}",
    rf"(?:Q[1-4]|[1-4]Q)\s+{_YEAR}",
    rf"(?:H[12]|(?:the\s+)?(?:first|second)\s+half\s+of)\s+{_YEAR}",
    rf"(?:early|mid|late)[- ](?:in\s+)?{_YEAR}",
    rf"{_YEAR}",
]
DATE = re.compile(
    r"(?<![\w/.-])(?:" + "|".join(f"(?:{pattern})" for pattern in _PATTERNS) + r")(?![\w/%-])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FoundDate:
    """A date in a sentence: its value and where it was written."""

    value: FuzzyDate
    start: int
    end: int

    @property
    def text_form(self):
        """The form the date fields accept: ISO at its precision, or "Fall 2026"."""
        return self.value.as_input()


def _normalized(written):
    """The written date in a form `FuzzyDate.parse` reads."""
    text = " ".join(written.replace(",", " ").split())
    text = re.sub(r"^\w+day\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(?:the|of|in)\b\s*", "", text, flags=re.IGNORECASE)
    # "late March 2027" is March 2027: the month is the finest thing it says.
    text = re.sub(r"\b(?:early|mid|late)[- ]+(?=[A-Za-z])", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\bmid (\d{4})", r"mid-\1", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(first|second) half (\d{4})", r"\1 half of \2", text, flags=re.IGNORECASE)
    return text.strip()


def dates_in(text):
    """Every date written in `text` that reads as one, in order."""
    found = []
    for match in DATE.finditer(text):
        try:
            value = FuzzyDate.parse(_normalized(match[0]))
        except UnreadableDate:
            continue
        found.append(FoundDate(value, match.start(), match.end()))
    return found
