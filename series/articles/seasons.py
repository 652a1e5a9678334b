"""Per season: premiere, finale, episode count, and a decision with its date.

Each fact is read from one clause: the verb says what the date is ("premiered on",
"concluded on", "announced in"), the clause or its sentence says which season. A sentence
that hedges ("could", "if", "not yet", "expected") or asks states nothing.
"""

import re
from dataclasses import dataclass, replace

from series.articles.clauses import Clause, clause_at, clauses, mentioned_seasons, season_of
from series.articles.dates import dates_in
from series.articles.show import NETWORK
from series.articles.words import (
    NUMBER,
    ORDINAL,
    SEASON_MENTION,
    SEASON_WORD,
    SEASONS_WORD,
    mention_number,
    number_value,
)

_HEDGE = re.compile(
    r"\b(?:not\s+yet|yet\s+to|hasn't|haven't|has\s+not|have\s+not|isn't|no\s+(?:official\s+)?"
    r"(?:word|news|announcement|decision|update|release\s+date|confirmation)|if|whether|could"
    r"|might|(?-i:may)(?!\s+\d)|would|should|hopes?|hoping|hopeful|petition\w*|campaign\w*|rumou?r\w*"
    r"|speculat\w*|unclear|uncertain|likely|unlikely|probabl\w*|possib\w*|chances?|odds"
    r"|expect\w*|predict\w*|guess\w*|estimat\w*|assum\w*|undecided|pending|remains?\s+to\s+be"
    r"|wait\w*|fate|anticipat\w*|earliest|in\s+limbo)\b",
    re.IGNORECASE,
)
_PREMIERE = re.compile(
    r"\b(?:premiere[sd]?|premiering|debut(?:ed|s|ing)?|released?|releasing|release\s+of"
    r"|arrive[sd]?|arriving|launch(?:ed|es|ing)?|dropp(?:ed|ing)|drops?|bow(?:ed|s)?"
    r"|(?:first\s+)?aired|(?<!the\s)(?:will\s+)?airs?|began\s+airing|begins?\s+airing|started\s+airing|starts?\s+airing"
    r"|return(?:s|ed)?|returning|hits?|landed|lands?|comes?\s+out|came\s+out|streaming\s+from"
    r"|followed\s+(?=in\b|on\b)|(?:is|are)\s+(?:planned|slated|scheduled|set)\s+(?=for\b))\b",
    re.IGNORECASE,
)
_FINALE = re.compile(
    r"\b(?:finale\s+(?:(?:was|is|will\s+be)\s+(?:released|streamed|broadcast)|aired|airs|will\s+air|is\s+set\s+(?:for|to\s+air)|dropped|drops|streamed"
    r"|arrived|arrives|landed|lands|is\s+scheduled\s+for|on)|concluded|concludes|wrapped(?:\s+up)?"
    r"|wraps(?:\s+up)?|ended\s+(?:its\s+run\s+)?on|ends\s+on|ran\s+(?:until|through)"
    r"|final\s+episode\s+(?:aired|airs|will\s+air|dropped|drops))\b",
    re.IGNORECASE,
)
# What else is released: "In a statement released on 14 August 2025", "the trailer dropped".
_ANNOUNCED_THING = re.compile(
    r"\b(?:statement|announcement|press\s+release|trailers?|teasers?|posters?)\b", re.IGNORECASE
)
_NOT_A_PREMIERE = re.compile(
    rf"\bfinale\b|\bfinal\s+episode\b|\blast\s+episode\b|{_ANNOUNCED_THING.pattern}",
    re.IGNORECASE,
)
_SERIES_SUBJECT = re.compile(
    r"\b(?:the|this)\s+(?:[\w-]+\s+){0,3}(?:series|show|drama|comedy|thriller|sitcom|mystery"
    r"|miniseries|adaptation|anime|docuseries|western|procedural|dramedy|saga)\b",
    re.IGNORECASE,
)
_SEASONS_NAMED = re.compile(rf"\b{SEASONS_WORD}\b", re.IGNORECASE)
_OPENING_DATE = re.compile(r"^\s*(?:On|In|Back\s+in|As\s+of)\s+$")

# "eight episodes", "ten-episode", and the British "six-part" (but not a "two-part finale").
_EPISODES = re.compile(
    rf"\b({NUMBER})(?:[\s-]+(?:(?:new|hour-long|half-hour|\w+-minute)\s+)?episodes?\b"
    r"|-part\b(?!\s+(?:finale|premiere|special|story|arc|episode)))",
    re.IGNORECASE,
)
_NOT_A_COUNT = re.compile(
    r"\b(?:first|last|final|remaining|next|other|another|additional|extra|opening|closing|only"
    r"|(?P<determiner>of\s+the|of\s+its|the))\s+$",
    re.IGNORECASE,
)
# Of two counts in a sentence, the one said to be the total: "premiered with two episodes and
# ran for ten episodes in total".
_TOTAL = re.compile(r"^\s+(?:in\s+)?total\b|\b(?:a\s+total\s+of|all)\s+$", re.IGNORECASE)

_CANCEL = re.compile(
    r"\b(?:cancell?ed|cancell?ing|cancell?ation|cancels?|axed|axing|axes|scrapped|pulled\s+the"
    r"\s+plug|(?:will|would)\s+not\s+(?:be\s+)?(?:return|come\s+back|returning)|won't\s+(?:be\s+)?"
    r"(?:return|come\s+back|returning)|not\s+to\s+renew|(?:will\s+)?not\s+be\s+renewed"
    r"|(?:decided\s+)?not\s+to\s+(?:recommission|proceed\s+with|move\s+forward\s+with)|decided\s+against\s+(?:renewing|recommissioning)"
    rf"|passed\s+on\s+(?:a|another)\s+{SEASON_WORD})\b",
    re.IGNORECASE,
)
_RENEW = re.compile(
    r"\b(?:renew(?:ed|s|al)|recommission(?:ed|s)?|picked\s+(?:it\s+|the\s+\w+\s+)?up\s+for|ordered\s+(?:a|an)\b"
    r"|greenlit|green-lit|gave\s+(?:it\s+)?the\s+green\s+light|given\s+the\s+green\s+light)",
    re.IGNORECASE,
)
_FINAL = re.compile(
    rf"\b(?:{ORDINAL}\s+and\s+(?:final|last)\s+{SEASON_WORD}|(?:final|last)\s+{SEASON_WORD}"
    rf"|(?:will|would)\s+be\s+(?:its|the)\s+(?:final|last)(?:\s+one)?"
    rf"|will\s+end\s+with\s+(?:its\s+)?(?:{ORDINAL}\s+{SEASON_WORD}|{SEASON_WORD}))\b",
    re.IGNORECASE,
)
# Who decided: a network, "they", or a decision told in the passive or as news.
_DECIDER = re.compile(
    r"\b(?:announc\w*|confirm\w*|officially|(?:was|were|been|is|got|gets|has|have|had)\s+"
    r"(?:officially\s+|quickly\s+|now\s+)?(?:cancell?ed|axed|renewed|recommissioned|scrapped|picked|ordered"
    r"|greenlit)|streamer|network|studio|channel)\b",
    re.IGNORECASE,
)
_AFTER_SEASONS = re.compile(
    rf"\bafter\s+(?:the\s+(?:release|premiere|end|debut)\s+of\s+)?(?:(?:its|the|a|just)\s+)?"
    rf"(?:({ORDINAL})\s+{SEASON_WORD}|({NUMBER})\s+{SEASONS_WORD}|{SEASON_WORD}\s+({NUMBER}))\b",
    re.IGNORECASE,
)
_FOR_SEASON = re.compile(
    rf"\bfor\s+(?:(?:a|an|its|the)\s+)?(?:{SEASON_MENTION.pattern})", re.IGNORECASE
)
_RELEASE_WORDS = re.compile(
    r"\b(?:release\w*|premier\w*|debut\w*|aired|airing|arriv\w*|launch\w*|drop\w*|finale"
    r"|concluded|ended|stream(?!ers?\b)\w*)\b",
    re.IGNORECASE,
)
# "Showtime announced that the fifth season would be its last": the "would" reports the
# decision's future, it does not guess.
_REPORTED_WOULD = re.compile(
    r"\b(?:announc\w*|confirm\w*|revealed|said|stated)\s+(?:that\s+)?[^,;?]*?\bwould\b",
    re.IGNORECASE,
)
_THEN_ASKS = re.compile(
    r",\s+(?:so|but|and)\s+(?=(?:when|what|will|is|are|how|why|where|does|do|can|has|have)\b)",
    re.IGNORECASE,
)
_ANNOUNCEMENT = re.compile(r"\b(?:announc\w*|confirm\w*|news|revealed|reported)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Decision:
    """A decision, its date if the article gives one, and the sentence that dates it (the
    decision's own, or the one after it)."""

    kind: str  # renewed, final or cancelled
    decided: str | None
    dated_by: object


@dataclass(frozen=True)
class SeasonFact:
    """One fact about a season. `number` None with `after_last` means "the season after the
    last one the article says was made" ("Netflix cancelled the series")."""

    key: str  # premiere, finale, episodes or decision
    value: object  # a date's text form, a count, or a Decision
    number: int | None
    sentence: object
    after_last: bool = False


def _hedged(sentence):
    text = _REPORTED_WOULD.sub(lambda match: match[0][: -len("would")], sentence.text)
    return text.rstrip().endswith("?") or bool(_HEDGE.search(text))


def _statement(sentence):
    """The sentence, or the statement before the question it ends with ("Season 2 wrapped
    up on 14 August 2025, so when can fans expect season 3?"), as a slice of it."""
    text = sentence.text
    if not text.rstrip().endswith("?") or not (asked := _THEN_ASKS.search(text)):
        return sentence
    return replace(sentence, text=text[: asked.start()])


def _date_after(sentence, verb):
    """The date a verb at `verb` (a match) gives: the first one after it in its clause, or
    one the sentence opens with ("On March 5, 2021, ...")."""
    clause = clause_at(sentence.text, verb.start())
    end = clause.start + len(clause.text)
    for found in dates_in(sentence.text):
        if verb.end() <= found.start < end:
            return found
    found = dates_in(sentence.text)
    if found and _OPENING_DATE.match(sentence.text[: found[0].start]):
        return found[0]
    return None


def _about_the_series(first_clause, title):
    """Whether a sentence's subject is the show itself: "The six-part comedy, which ...,
    premiered on ...", "It premiered on Fox on ..." (the season is then named nowhere)."""
    text = first_clause.strip()
    return bool(
        _SERIES_SUBJECT.match(text)
        or re.match(r"It\s", text)
        or (title and text.startswith(title))
    )


def _dated(sentence, title):
    """(facts, season): the premiere and finale dates the sentence gives, and 1 when its
    subject is the show and it names no season, so its other facts are the first season's."""
    facts, first_season_only = [], False
    for key, pattern in (("premiere", _PREMIERE), ("finale", _FINALE)):
        for verb in pattern.finditer(sentence.text):
            clause = clause_at(sentence.text, verb.start())
            if key == "premiere" and _NOT_A_PREMIERE.search(clause.text):
                continue
            if key == "premiere" and _DECISION_WORDS.search(clause.text):
                continue
            found = _date_after(sentence, verb)
            if found is None:
                continue
            number = season_of(clause, sentence)
            if (
                number is None
                and key == "premiere"
                and (
                    _SERIES_SUBJECT.search(clause.text)
                    or (title and title in clause.text)
                    or _about_the_series(clauses(sentence.text)[0].text, title)
                )
                and not verb[0].casefold().startswith("return")
            ):
                number = 1  # "The series premiered on ...": its first season did.
                first_season_only = not _SEASONS_NAMED.search(sentence.text)
            if number is None and key == "finale" and first_season_only:
                number = 1  # "The six-part comedy premiered on ... and ended on ..."
            if number is not None:
                facts.append(SeasonFact(key, found.text_form, number, sentence))
    return facts, (1 if first_season_only else None)


def _episodes(sentence, unnamed_season=None):
    facts = []
    totals = set()
    for match in _EPISODES.finditer(sentence.text):
        before, after = sentence.text[: match.start()], sentence.text[match.end() :]
        not_a_count = _NOT_A_COUNT.search(before)
        # "the ten-episode first season": an adjective counts whatever comes before it.
        if not_a_count and not (not_a_count["determiner"] and "-" in match[0]):
            continue
        count = number_value(match[1])
        clause = clause_at(sentence.text, match.start())
        number = season_of(clause, sentence) or unnamed_season
        if number is not None and 1 <= count <= 200:
            facts.append(SeasonFact("episodes", count, number, sentence))
            if _TOTAL.search(after[:12]) or _TOTAL.search(before[-14:]):
                totals.add((number, count))
    if totals:
        totalled = {number for number, _ in totals}
        facts = [f for f in facts if f.number not in totalled or (f.number, f.value) in totals]
    return facts


_DECISION_WORDS = re.compile(f"{_CANCEL.pattern}|{_RENEW.pattern}", re.IGNORECASE)


def _decision_kind(text):
    if _FINAL.search(text) and (
        _RENEW.search(text)
        or re.search(r"\b(?:will\s+be|would\s+be|and\s+(?:final|last))\b", text, re.I)
    ):
        return "final"
    # "decided not to recommission" is no renewal.
    cancel, renew = _CANCEL.search(text), _RENEW.search(_CANCEL.sub(" ", text))
    if cancel and renew:
        return None  # "renewed ... then cancelled": which came last is not said here.
    if cancel:
        return "cancelled"
    if renew:
        return "renewed"
    return None


def _decided_number(text, decision):
    """(season number or None, after_last) the decision is about."""
    if decision == "final":
        final = _FINAL.search(text)
        if named := mentioned_seasons(final[0]):
            return named[0], False
    if match := _FOR_SEASON.search(text):
        return mention_number(SEASON_MENTION.search(match[0])), False
    if decision == "cancelled" and (match := _AFTER_SEASONS.search(text)):
        if match[1]:
            made = mention_number(SEASON_MENTION.search(f"{match[1]} season"))
        else:
            made = number_value(match[2] or match[3])
        return made + 1, False
    named = [
        mention_number(match)
        for match in SEASON_MENTION.finditer(text)
        if not _AFTER_SEASONS.search(text[max(0, match.start() - 40) : match.end()])
    ]
    if len(set(named)) == 1:
        return named[0], False
    if not named:
        return None, True
    return None, False


def _decision_date(sentence):
    """The one date in the sentence that is not a release's, or None ("a statement released
    on 14 August 2025" is the decision's)."""
    dates = []
    for found in dates_in(sentence.text):
        clause = clause_at(sentence.text, found.start)
        before = sentence.text[clause.start : found.start]
        if not _RELEASE_WORDS.search(before) or _ANNOUNCED_THING.search(before):
            dates.append(found.text_form)
    return dates[0] if len(set(dates)) == 1 else None


def _decisions(sentence, following):
    text = sentence.text
    decision = _decision_kind(text)
    if decision is None or not (_DECIDER.search(text) or NETWORK.search(text)):
        return []
    number, after_last = _decided_number(text, decision)
    if number is None and not after_last:
        return []
    decided, dated_by = _decision_date(sentence), sentence
    if (
        decided is None
        and following is not None
        and _ANNOUNCEMENT.search(following.text)
        and not _hedged(following)
        and _decision_kind(following.text) in (None, decision)
    ):
        decided, dated_by = _decision_date(following), following
    value = Decision(decision, decided, dated_by if decided else None)
    return [SeasonFact("decision", value, number, sentence, after_last)]


def season_facts(sentence, following=None, title=None):
    """Every season fact the sentence states; `following` is the next sentence, which may
    date a decision ("Netflix cancelled the series. They announced it in February 2020.")."""
    sentence = _statement(sentence)
    if not sentence.is_fact_source or _hedged(sentence):
        return []
    dated, unnamed_season = _dated(sentence, title)
    return [*dated, *_episodes(sentence, unnamed_season), *_decisions(sentence, following)]


__all__ = ["Clause", "SeasonFact", "clauses", "season_facts"]
