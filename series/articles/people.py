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
    rf"(?P<character>{CHARACTER})(?:,?\s+|\s+\()(?:is\s+|was\s+|will\s+be\s+)?(?:played|portrayed|voiced)"
    rf"\s+by\s+(?P<person>{PERSON})\b"
)
_PARENTHESES = re.compile(rf"(?P<person>{PERSON})\s+\((?P<character>{CHARACTER})\)")

# Each job as a title ("showrunner") and as a participle that takes "by" ("created by").
_JOBS = [
    (CrewJob.CREATOR, r"(?:co-)?creators?", r"(?:co-)?created|developed"),
    (CrewJob.SHOWRUNNER, r"showrunners?", r"run"),
    (CrewJob.DIRECTOR, r"directors?", r"directed"),
    (CrewJob.WRITER, r"writers?", r"written"),
    (CrewJob.EXECUTIVE_PRODUCER, r"executive\s+producers?", r"executive[\s-]produced"),
]
_JOB_WORD = "|".join(f"{title}|{participle}" for _, title, participle in _JOBS)
# Names listed: "A", "A and B", "A, B and C"; a comma alone does not go on ("Created by Liam
# Corrigan, The Quiet Orbit stars ..."). A lone surname ("Ribeiro, who also served as
# showrunner") counts only for someone the article names in full.
_NAMES = (
    rf"(?P<names>{PERSON}(?:(?:,\s+{PERSON})*,?\s+(?:and|&)\s+{PERSON})?"
    rf"|{_WORD}(?=,?\s+(?:who|is|was|serves|served)\b))"
)
# "created by X", "showrunner X", "creators X and Y", "from creator X", "Its creator, X",
# "creator and showrunner X", "created and written by X".
_JOB_BEFORE = re.compile(
    rf"\b(?P<jobs>(?i:{_JOB_WORD})(?:(?:,\s*|\s+and\s+|\s*&\s*)(?i:{_JOB_WORD}))*)"
    rf"(?:\s+(?P<by>by)\s+|,\s*|\s+)(?:is\s+)?{_NAMES}"
)
_PARTICIPLES = "|".join(participle for _, _, participle in _JOBS)
_BRAINCHILD = re.compile(rf"\b(?i:brainchild\s+of)\s+{_NAMES}")
# "X created the series", "X serves as showrunner", "X is the director".
_JOB_AFTER = [
    (
        CrewJob.CREATOR,
        r"(?:who\s+)?(?:also\s+)?(?:created|co-created|developed)\s+the\s+(?:series|show)",
    ),
    (
        CrewJob.SHOWRUNNER,
        r"(?:who\s+)?(?:also\s+)?(?:(?:is|was|serves?|served|will\s+serve)\s+as\s+|(?:is|was|are|remains?)\s+"
        r"|(?:was|were|has\s+been|have\s+been)\s+(?:named|appointed|hired\s+as|tapped\s+as"
        r"|promoted\s+to)\s+)(?:the\s+)?(?:new\s+)?(?:series'\s+|show's\s+)?showrunners?\b",
    ),
    (
        CrewJob.DIRECTOR,
        r"(?:(?:directed|directs|will\s+direct)\s+(?:the\s+|all\s+|every\s+|each\s+)?"
        r"(?:[\w-]+\s+){0,3}?(?:series|show|season|pilot|episodes?|finale|premiere)\b"
        r"|(?:is|was)\s+the\s+director|directing\b)",
    ),
    (CrewJob.CREATOR, r"(?:is|was)\s+the\s+(?:series'\s+|show's\s+)?creator"),
    (
        CrewJob.WRITER,
        r"(?:who\s+)?(?:also\s+)?(?:wrote|writes|penned)\s+(?:the\s+|every\s+|each\s+|all\s+)?"
        r"(?:[\w-]+\s+){0,2}?(?:series|show|season|pilot|episodes?|scripts?)\b",
    ),
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


def _credited_jobs(sentence):
    """(job, names as written) of each crew credit in the sentence."""
    for match in _JOB_BEFORE.finditer(sentence.text):
        titles = [
            (job, re.search(rf"\b(?i:{title})\b", match["jobs"]), participle)
            for job, title, participle in _JOBS
        ]
        # "X created the series" is read below; "created X" names no one.
        if not match["by"] and re.search(rf"\b(?i:{_PARTICIPLES})\b", match["jobs"]):
            continue
        for job, title, participle in titles:
            if title or re.search(rf"\b(?i:{participle})\b", match["jobs"]):
                yield job, match["names"]
    for match in _BRAINCHILD.finditer(sentence.text):
        yield CrewJob.CREATOR, match["names"]
    for job, pattern in _JOB_AFTER:
        for match in pattern.finditer(sentence.text):
            yield job, match["names"]


def _by_surname(written, known):
    """The one person of `known` whose last name `written` is, or None."""
    if " " in written.strip():
        return None
    matching = [person for person in known if person.split()[-1] == written.strip()]
    return matching[0] if len(matching) == 1 else None


def crew(sentence, known=()):
    """[(person, job)] the sentence credits; a lone surname is read as the one person of
    `known` (people the article names in full) who has it."""
    credits = []
    for job, names in _credited_jobs(sentence):
        for written in _SPLIT_NAMES.split(names):
            person = clean_name(written) or _by_surname(written, known)
            if person and (person, job.value) not in credits:
                credits.append((person, job.value))
    return credits
