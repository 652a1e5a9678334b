"""Cast and crew: "Kaya Scodelario as Kat Baker" in a list, a table or prose, "Kat is played
by Kaya Scodelario", "Jonas Feld also stars as the keeper, Abel Marsh", "directed by Samantha
Stratton", "creator Jane Doe".

A name is two to four capitalized words (with particles such as "de" or "van" and
initials); a single word is never taken for a person. Words that open sentences
("Alongside", "Returning") are not part of a name.
"""

import re

from series.articles.show import NETWORK
from series.models import CrewJob

_PARTICLE = r"(?:de|da|del|della|der|di|du|la|le|van|von|bin|al|dos|das)"
# Capitals and small letters of the Latin alphabets, accented ones too ("Lucía Ibáñez").
_UPPER, _LOWER = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"
_WORD = (
    rf"(?:[{_UPPER}][{_LOWER}]*(?:[{_UPPER}][{_LOWER}]+)?(?:['’-][{_UPPER}]?[{_LOWER}]+)*"
    rf"|[{_UPPER}]\.(?:[{_UPPER}]\.)*|[IVX]{{2,}}\b)"
)
PERSON = rf"{_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_WORD}){{1,3}}(?:,?\s+Jr\.|\s+I{{2,3}})?"
# A character may be one word ("Kat") and may carry a title ("Dr. Lena Park", British police
# ranks without a full stop: "DI Ruth Carver").
_TITLE = r"(?:(?:Dr|Mr|Mrs|Ms|Det|Sgt|Capt|Lt|Col|Gen|Cmdr|Insp|Prof)\.|(?:DCI|DSI|DI|DS|DC|PC)\b)"
CHARACTER = rf"(?:{_TITLE}\s+)?{_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_WORD}){{0,3}}"

# Capitalized words that begin a sentence or clause and are never part of a name.
_NOT_NAME_WORDS = {
    "A", "After", "Along", "Alongside", "Also", "An", "And", "As", "At", "Besides", "But", "By",
    "Cast", "Co", "Creator", "Creators", "Co-creator", "Co-creators", "Showrunners", "Director",
    "Executive", "Fans", "For", "From", "Further", "He", "Her", "Here", "His", "In", "Joining",
    "Lead", "Leading", "Meanwhile", "Newcomer", "Newcomers", "New", "Of", "On", "Original",
    "Plus", "Producer", "Rejoining", "Return", "Returning", "Series", "Season", "She",
    "Showrunner", "Star", "Stars", "Starring", "Still", "The", "Their", "Then", "There", "They",
    "This", "Those", "Together", "Veteran", "Welcome", "While", "Who", "With", "Writer",
    "Writers", "Meet", "Actor", "Actress", "Actors",
}  # fmt: skip
_MONTHS = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"
}  # fmt: skip
_CAST_WORDS = re.compile(
    r"\b(?:stars?|starring|starred|cast|returns?|returning|reprises?|reprising|plays?|playing"
    r"|played|portray\w*|voices?|voiced|joins?|joined|joining|leads?|led|alongside|role|roles|back)\b",
    re.IGNORECASE,
)
# "Name as Character", "Name - Character" (or a dash), a table row "Name<tab>Character" or "Name |
# Character", "Name (Character)"; a description may follow ("..., a disgraced prosecutor",
# "(season 2)").
_LIST_ITEM = re.compile(
    rf"^(?P<person>{PERSON})(?:\s*(?:\bas\b|–|—|-|:|\|)\s*|\t+|\s*\((?=.*\)))"
    rf"(?P<character>{CHARACTER})\)?(?:,\s.*|\s*\(.*\)|\s*\|)?\.?$"
)
# What an article may say of a character before naming it: "as astronaut Mira Sand", "plays
# her rival, Prince Edan", "as Mira's sister, Hana". Words that join clauses end it.
_JOINING = (
    r"(?:the|a|an|as|and|or|but|in|on|of|at|for|with|from|to|by|well|who|which|that|is|was"
    r"|will|also)"
)
_DESCRIPTION_WORD = rf"(?!{_JOINING}\b)[{_LOWER}][\w'’-]*"
_DESCRIBED = (
    rf"(?:(?:(?:the|a|an|her|his|their|its|[{_UPPER}][\w-]*['’]s)\s+)?"
    rf"(?:{_DESCRIPTION_WORD}\s+){{0,2}}{_DESCRIPTION_WORD}(?:,\s*|\s+))?"
)
_PROSE_AS = re.compile(
    rf"(?P<person>{PERSON})\s+(?:\(|,\s*)?(?:also\s+)?(?:will\s+)?"
    rf"(?:return(?:s|ing)?\s+|(?:co-)?stars?\s+|appears?\s+)?as\s+{_DESCRIBED}"
    rf"(?P<character>{CHARACTER})\b"
)
_PLAYS = re.compile(
    rf"(?P<person>{PERSON}),?\s+(?:who\s+)?(?:also\s+)?(?:plays|played|portrays|portrayed|voices"
    rf"|voiced)\s+{_DESCRIBED}(?P<character>{CHARACTER})\b"
)
_PLAYED_BY = re.compile(
    rf"(?P<character>{CHARACTER}),?\s+(?:is\s+|was\s+|will\s+be\s+)?(?:played|portrayed|voiced)\s+by\s+(?P<person>{PERSON})\b"
)
_PARENTHESES = re.compile(rf"(?P<person>{PERSON})\s+\((?P<character>{CHARACTER})\)")

_JOBS = [
    (CrewJob.CREATOR, r"(?:created|co-created|developed)\s+by|(?:co-)?creators?|brainchild\s+of"),
    (CrewJob.SHOWRUNNER, r"showrunners?|run\s+by"),
    (CrewJob.DIRECTOR, r"directed\s+by|directors?"),
    (CrewJob.WRITER, r"written\s+by|writers?"),
    (CrewJob.EXECUTIVE_PRODUCER, r"executive[\s-]produced\s+by|executive\s+producers?"),
]
_NAMES = rf"(?P<names>{PERSON}(?:(?:,\s+|,?\s+and\s+|\s+&\s+){PERSON})*)"
# "created by X", "showrunner X", "creators X and Y", "from creator X".
_JOB_BEFORE = [(job, re.compile(rf"\b(?i:{words})\s+(?:is\s+)?{_NAMES}")) for job, words in _JOBS]
# "X created the series", "X serves as showrunner", "X is the director".
_JOB_AFTER = [
    (
        CrewJob.CREATOR,
        r"(?:who\s+)?(?:also\s+)?(?:created|co-created|developed)\s+the\s+(?:series|show)",
    ),
    (
        CrewJob.SHOWRUNNER,
        r"(?:who\s+)?(?:also\s+)?(?:(?:is|was|serves|served|will\s+serve)\s+as\s+|(?:is|was|are|remains?)\s+)"
        r"(?:the\s+)?(?:series'\s+|show's\s+)?showrunners?\b",
    ),
    (
        CrewJob.DIRECTOR,
        r"(?:directed\s+the\s+(?:series|show|season)|(?:is|was)\s+the\s+director)",
    ),
    (CrewJob.CREATOR, r"(?:is|was)\s+the\s+(?:series'\s+|show's\s+)?creator"),
]
_JOB_AFTER = [(job, re.compile(rf"{_NAMES},?\s+{words}")) for job, words in _JOB_AFTER]
_SPLIT_NAMES = re.compile(r",\s+and\s+|,\s+|\s+and\s+|\s+&\s+")


def clean_name(text):
    """The name without the sentence words glued before it; None if too little is left."""
    words = text.split()
    while words and (words[0] in _NOT_NAME_WORDS or (words[0] in _MONTHS and len(words) > 2)):
        words = words[1:]
    if len(words) < 2 or NETWORK.fullmatch(" ".join(words)):
        return None
    if any(word in _NOT_NAME_WORDS - {"Will"} for word in words[1:]):
        return None
    return " ".join(words)


def _character(text):
    words = text.split()
    if not words or words[0] in _NOT_NAME_WORDS or NETWORK.fullmatch(text):
        return None
    if re.search(r"['’]s$", text):
        return None  # "as Mira's sister": whose sister, not a name
    return text


def cast(sentence):
    """[(person, character)] the sentence credits."""
    text = sentence.text
    if sentence.kind == "item":
        match = _LIST_ITEM.match(text)
        pairs = [match] if match else []
    elif _CAST_WORDS.search(text):
        pairs = [*_PROSE_AS.finditer(text), *_PLAYS.finditer(text), *_PLAYED_BY.finditer(text)]
        pairs += _PARENTHESES.finditer(text)
    else:
        pairs = list(_PROSE_AS.finditer(text))
        pairs = pairs if len(pairs) >= 2 else []  # one "X as Y" alone could be anything
    credits = []
    for match in pairs:
        person, character = clean_name(match["person"]), _character(match["character"])
        if person and character and (person, character) not in credits:
            credits.append((person, character))
    return credits


def crew(sentence):
    """[(person, job)] the sentence credits."""
    credits = []
    for job, pattern in [*_JOB_BEFORE, *_JOB_AFTER]:
        for match in pattern.finditer(sentence.text):
            for written in _SPLIT_NAMES.split(match["names"]):
                person = clean_name(written)
                if person and (person, job.value) not in credits:
                    credits.append((person, job.value))
    return credits
