"""The show an article is about: its title from the headline ("X Season N", a quoted name,
"Is X coming back ...?") or, when the headline has none of these, from a lead that says what
the headline's show is ("X is an American drama series"); its network from the networks the
article names where it says what the show is on."""

import re

from series.articles.words import NUMBER, ORDINAL

# Networks as articles name them, mapped to one name; longest first, so "HBO Max" is not
# read as "HBO".
NETWORKS = {
    "Netflix": "Netflix", "Hulu": "Hulu", "HBO Max": "HBO Max", "HBO": "HBO",
    "Amazon Prime Video": "Prime Video", "Prime Video": "Prime Video",
    "Amazon Prime": "Prime Video", "Apple TV+": "Apple TV+", "Apple TV Plus": "Apple TV+",
    "Disney+": "Disney+", "Disney Plus": "Disney+", "Peacock": "Peacock",
    "Paramount+": "Paramount+", "Paramount Plus": "Paramount+", "ABC": "ABC", "NBC": "NBC",
    "CBS": "CBS", "Fox": "Fox", "The CW": "The CW", "AMC+": "AMC+", "AMC": "AMC",
    "FX": "FX", "Showtime": "Showtime", "Starz": "Starz", "BBC One": "BBC One",
    "BBC Two": "BBC Two", "BBC Three": "BBC Three", "ITV": "ITV", "ITVX": "ITVX",
    "Channel 4": "Channel 4", "Sky Atlantic": "Sky Atlantic", "Freeform": "Freeform",
    "USA Network": "USA Network", "TNT": "TNT", "TBS": "TBS", "Syfy": "Syfy",
    "Crunchyroll": "Crunchyroll", "Adult Swim": "Adult Swim", "MGM+": "MGM+",
    "Acorn TV": "Acorn TV", "BritBox": "BritBox", "Shudder": "Shudder", "Tubi": "Tubi",
    "Comedy Central": "Comedy Central", "Hallmark Channel": "Hallmark Channel",
    "PBS": "PBS", "Stan": "Stan", "Crave": "Crave", "CBC": "CBC",
}  # fmt: skip
NETWORK = re.compile(
    r"(?<![\w+])("
    + "|".join(re.escape(name) for name in sorted(NETWORKS, key=len, reverse=True))
    + r")(?![\w+])"
)
# "Max" alone is also a first name; it is a network only when something is "on Max".
_ON_MAX = re.compile(r"\bon Max\b(?! [A-Z])")
# Lines that credit a picture name its owner, not the show's network.
_PICTURE_CREDIT = re.compile(r"^(?:credit|image|photo|picture)s?\b", re.IGNORECASE)
# Where a network is named as the show's home: something airs or streams "on" it, or it
# renews, cancels, orders or releases the show.
_HOME_BEFORE = re.compile(r"\b(?:on|by|from|at|to)\s+$", re.IGNORECASE)
_HOME_AFTER = re.compile(
    r"^(?:'s|’s)?\s*(?:original\s+|series\s+|show\s+)?(?:has\s+|had\s+|have\s+|officially\s+"
    r"|quickly\s+|then\s+)*(?:renew|cancel|axe|order|announc|confirm|pick|premier|releas"
    r"|drop|debut|decid|green)",
    re.IGNORECASE,
)
_HEADLINE_TITLE = re.compile(
    r"^(?:(?:when|where|will|is|has|what|why|how)\b[^?]*?\b(?:is|will|does|did|for)\s+|"
    r"(?:is|will|has)\s+)?[\"“‘']?(?P<title>[A-Z0-9][^\"”’?:]*?)[\"”’']?:?\s+(?:season|series)\s+"
    rf"(?:{NUMBER}|{ORDINAL})\b",
    re.IGNORECASE,
)


# A title as headlines write it: capitalized words, with small words and "&" between them.
_TITLE_CASE = (
    r"[A-Z0-9][\w'’.!&-]*(?:\s+(?:(?:of|the|and|a|an|in|on|at|to|for|&)\s+)*[A-Z0-9][\w'’.!&-]*)*"
)
# "Netflix Cancels 'Salt and Cinder' After Two Seasons"
_QUOTED_TITLE = re.compile(rf"(?:^|(?<=\s))[\"“‘'](?P<title>{_TITLE_CASE})[\"”’'](?=[\s:,.?!]|$)")
# "Is The Tollgate coming back for series 2?", "Will Harrow Lane return?"
_ASKED_TITLE = re.compile(
    rf"^(?:(?i:when|will|is|has)\s+)+(?P<title>{_TITLE_CASE})\s+(?:be\s+)?(?:coming\s+back"
    r"|returning|return|back|renewed|cancell?ed|getting|get)\b"
)
# "Midnight Ledger is an American crime drama television series ..."
_LEAD_TITLE = re.compile(
    rf"^(?P<title>{_TITLE_CASE})\s+(?:is|was)\s+an?\s+(?:[\w-]+\s+){{0,5}}(?:series|show"
    r"|drama|comedy|sitcom|thriller|miniseries|docuseries)\b"
)


# "Will There Be a Season 3 of Red Dust Road?"
_SEASON_OF_TITLE = re.compile(
    rf"\b(?i:season|series)\s+(?:{NUMBER}|{ORDINAL})\s+of\s+(?P<title>{_TITLE_CASE})"
)


def title(all_sentences):
    """(title, sentence) from the headline, or from a lead that names a show the headline
    names; None when neither says it."""
    headlines = [sentence for sentence in all_sentences if sentence.kind == "headline"]
    body = " ".join(sentence.text for sentence in all_sentences if sentence.kind != "headline")
    for sentence in headlines:
        match = _HEADLINE_TITLE.match(sentence.text)
        # "Is The Tollgate coming back for series 2?" names no "The Tollgate coming back for".
        if match and re.fullmatch(_TITLE_CASE, match["title"].strip()):
            return match["title"].strip(), sentence
    for sentence in headlines:
        for pattern in (_QUOTED_TITLE, _ASKED_TITLE, _SEASON_OF_TITLE):
            match = pattern.search(sentence.text)
            # A name the article never repeats is a quote, not the show.
            if match and match["title"] in body:
                return match["title"], sentence
    headline = " ".join(sentence.text for sentence in headlines)
    for sentence in all_sentences:
        match = _LEAD_TITLE.match(sentence.text) if sentence.is_fact_source else None
        if match and match["title"] in headline:
            return match["title"], sentence
    return None


def _mentions(sentence):
    if _PICTURE_CREDIT.match(sentence.text):
        return []
    found = [(match[1], match.start(), match.end()) for match in NETWORK.finditer(sentence.text)]
    found += [("Max", match.start() + 3, match.end()) for match in _ON_MAX.finditer(sentence.text)]
    return found


def network(sentences):
    """(network, sentence): the one network the article names, or the one it names as the
    show's home when it names several; None when that is unclear."""
    homes, named = [], []
    for sentence in sentences:
        if not sentence.is_fact_source:
            continue
        for written, start, end in _mentions(sentence):
            name = NETWORKS.get(written, written)
            named.append((name, sentence))
            before, after = sentence.text[:start], sentence.text[end:]
            if _HOME_BEFORE.search(before) or _HOME_AFTER.match(after):
                homes.append((name, sentence))
    if len({name for name, _ in named}) == 1:
        return homes[0] if homes else named[0]
    if len({name for name, _ in homes}) == 1:
        return homes[0]
    return None
