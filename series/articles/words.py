"""Numbers as articles write them: digits, words ("four critics", "twenty-two episodes"),
ordinals ("second season", "2nd season") and season mentions ("Season 2", "season two")."""

import re

_UNITS = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen"
]  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}  # fmt: skip
_ORDINALS = [
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth"
]  # fmt: skip

CARDINAL_WORDS = {word: number for number, word in enumerate(_UNITS)}
CARDINAL_WORDS.update(_TENS)
for _tens_word, _tens in _TENS.items():
    for _unit in range(1, 10):
        CARDINAL_WORDS[f"{_tens_word}-{_UNITS[_unit]}"] = _tens + _unit
        CARDINAL_WORDS[f"{_tens_word} {_UNITS[_unit]}"] = _tens + _unit
CARDINAL_WORDS["a dozen"] = 12
CARDINAL_WORDS["a hundred"] = 100
CARDINAL_WORDS["one hundred"] = 100
ORDINAL_WORDS = {word: number for number, word in enumerate(_ORDINALS, start=1)}


def _alternation(words):
    # Longest first, so "twenty-two" is not read as "twenty".
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


# A count: digits (with thousands commas) or a number in words.
NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|{_alternation(CARDINAL_WORDS)})"
ORDINAL = rf"(?:\d{{1,2}}(?:st|nd|rd|th)|{_alternation(ORDINAL_WORDS)})"
# British articles call a season a series ("series 2", "the second series"), trade news an
# installment ("the third and final installment"). "Series" is also the show, so only digits
# count after it: "makes the series one of the best".
SEASON_WORD = r"(?:season|series|installment|instalment)"
SEASONS_WORD = r"(?:seasons?|series)"
# "Season 2", "season two", "series 2", "second season", "2nd series", "S2"; group 1, 2 or 3
# holds the number.
SEASON_MENTION = re.compile(
    rf"\bseason\s+({NUMBER})\b|\bseries\s+(\d{{1,2}})\b(?![.,]\d)"
    rf"|\b({ORDINAL})(?:[\s-]+and[\s-]+(?:final|last))?\s+{SEASON_WORD}\b"
    r"|\bS(\d{1,2})\b(?!\w)",
    re.IGNORECASE,
)


def number_value(text):
    """The value of a count as written ("16", "four", "Twenty-two", "1,200")."""
    folded = " ".join(text.casefold().split())
    if folded in CARDINAL_WORDS:
        return CARDINAL_WORDS[folded]
    return int(folded.replace(",", ""))


def ordinal_value(text):
    folded = text.casefold()
    if folded in ORDINAL_WORDS:
        return ORDINAL_WORDS[folded]
    return int(folded[:-2])


def mention_number(match):
    """The season number a SEASON_MENTION match names."""
    if match[1]:
        return number_value(match[1])
    if match[2]:
        return int(match[2])
    if match[3]:
        return ordinal_value(match[3])
    return int(match[4])


def season_numbers_in(text):
    """Each distinct season number the text names, in order of first mention."""
    numbers = []
    for match in SEASON_MENTION.finditer(text):
        number = mention_number(match)
        if number >= 1 and number not in numbers:
            numbers.append(number)
    return numbers
