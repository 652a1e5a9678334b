"""Read an article of the "Is season N coming or cancelled?" kind into proposed facts, each
with the sentence it came from.

`read_article(text)` answers the shape `manage.py read_article --json` prints and the
admin's "Read an article" shows:

    {"show": {"title", "network", "evidence", "evidence_by_fact"},
     "seasons": [{"number", "premiere", "finale", "episodes", "decision", "decided",
                  "evidence", "evidence_by_fact"}],
     "cast": [{"person", "character", "evidence"}],
     "crew": [{"person", "job", "evidence"}],
     "scores": [{"season", "aggregator", "score", "average", "count", "evidence"}]}

A show's or season's facts may come from several sentences: `evidence` is the sentence
that gave most of them, and `evidence_by_fact` names the sentence of each. A key the
article gives no value for is absent. When two sentences disagree about a fact (two
premiere dates that do not nest, two episode counts), the fact is left out.
"""

import re

from series.articles import people, scores, show
from series.articles.clauses import mentioned_seasons
from series.articles.seasons import Decision, season_facts
from series.articles.text import sentences as split_sentences
from series.fuzzy import FuzzyDate

# Facts that say a season was made, for "cancelled the series" (the season after them).
_MADE = ("premiere", "finale", "episodes")
_SEASON_KEYS = ("premiere", "finale", "episodes", "decision", "decided")
_FINAL_SEASON = re.compile(r"\b(?:final|last)\s+(?:season|series)\b", re.IGNORECASE)


def _period(text_form):
    return FuzzyDate.parse(text_form)


def _merge_dates(values):
    """The finest of dates that nest inside each other; None if two do not nest."""
    periods = sorted(
        ((_period(value), value, sentence) for value, sentence in values),
        key=lambda item: item[0].end - item[0].start,
    )
    finest = periods[0]
    for period, _, _ in periods[1:]:
        if not (period.start <= finest[0].start and finest[0].end <= period.end):
            return None
    return finest[1], finest[2]


def _merge_decisions(values):
    """One decision, from the sentence that says most about it: "final" outranks "renewed"
    (it is a renewal too); other disagreements leave the decision out, and dates that do
    not nest leave the date out. Returns (Decision, sentence) or None."""
    kinds = {decision.kind for decision, _ in values}
    if kinds == {"final", "renewed"}:
        values = [item for item in values if item[0].kind == "final"]
    elif len(kinds) > 1:
        return None
    dated = [(decision.decided, decision) for decision, _ in values if decision.decided]
    if dated and _merge_dates([(decided, None) for decided, _ in dated]) is None:
        undated = Decision(values[0][0].kind, None, None)
        return undated, values[0][1]
    # A sentence that both decides and dates beats one dated by the sentence after it.
    return max(
        values,
        key=lambda item: (
            item[0].decided is not None and item[0].dated_by is item[1],
            _precision_rank(item[0].decided),
        ),
    )


def _precision_rank(text_form):
    """Finer dates rank higher; no date ranks lowest."""
    if text_form is None:
        return -1
    period = _period(text_form)
    return -(period.end - period.start).days


def _merge(key, values):
    if key in ("premiere", "finale"):
        return _merge_dates(values)
    if key == "decision":
        return _merge_decisions(values)
    if len({value for value, _ in values}) == 1:
        return values[0]
    return None


def _seasons(facts):
    made = [fact.number for fact in facts if fact.key in _MADE and fact.number]
    last_made = max(made, default=None)
    # "The recommission was announced on 2 November 2023" is about the decision the article
    # already named for a season, when it named one of that kind for one season only.
    decided = {}
    for fact in facts:
        if fact.key == "decision" and fact.number is not None:
            decided.setdefault(fact.value.kind, set()).add(fact.number)
    by_season = {}
    for fact in facts:
        number = fact.number
        if number is None and fact.after_last:
            named = decided.get(fact.value.kind, set())
            if len(named) == 1:
                number = next(iter(named))
            elif last_made is not None:
                number = last_made + 1
        if number is None:
            continue
        by_season.setdefault(number, {}).setdefault(fact.key, []).append(
            (fact.value, fact.sentence)
        )
    seasons = []
    for number in sorted(by_season):
        season, sources = {"number": number}, {}
        for key, values in by_season[number].items():
            merged = _merge(key, values)
            if merged is None:
                continue
            value, sentence = merged
            if key == "decision":
                season["decision"], sources["decision"] = value.kind, sentence.text
                if value.decided:
                    season["decided"], sources["decided"] = value.decided, value.dated_by.text
            else:
                season[key], sources[key] = value, sentence.text
        if sources:
            ordered = {key: season[key] for key in _SEASON_KEYS if key in season}
            seasons.append({"number": number, **ordered, **_evidence(sources)})
    return seasons


def _evidence(sources):
    """The sentence behind most of the facts (the first, on a tie) and each fact's own."""
    texts = list(sources.values())
    main = max(texts, key=lambda text: (texts.count(text), -texts.index(text)))
    return {"evidence": main, "evidence_by_fact": sources}


def _unique_people(credits, key):
    """Credits once each; a person given two different values for `key` is left out."""
    values = {}
    for credit in credits:
        values.setdefault(credit["person"], set()).add(credit[key])
    kept, seen = [], set()
    for credit in credits:
        identity = (credit["person"], credit[key])
        if len(values[credit["person"]]) == 1 and identity not in seen:
            seen.add(identity)
            kept.append(credit)
    return kept


def _crew_once(credits):
    seen, kept = set(), []
    for credit in credits:
        if (credit["person"], credit["job"]) not in seen:
            seen.add((credit["person"], credit["job"]))
            kept.append(credit)
    return kept


def _scores(readings):
    by_key = {}
    for reading in readings:
        by_key.setdefault((reading["season"], reading["aggregator"]), []).append(reading)
    kept = []
    for group in by_key.values():
        values = {tuple(sorted((k, v) for k, v in r.items() if k != "evidence")) for r in group}
        if len(values) == 1:
            kept.append(group[0])
    return kept


def _show(all_sentences):
    facts = {}
    if found := show.title(all_sentences):
        facts["title"] = found
    if found := show.network(all_sentences):
        facts["network"] = found
    if not facts:
        return None
    sources = {key: sentence.text for key, (_, sentence) in facts.items()}
    return {key: value for key, (value, _) in facts.items()} | _evidence(sources)


def _score_season(sentence, made, final):
    """The season a score is about: the one its sentence names, else the one the sentence
    before it in the paragraph named ("... the first season holds 88%. Metacritic gave it
    71 out of 100"), else its section's, else the season announced as the last for "the
    final season", else the only season the article says was made; None when unclear."""
    named = mentioned_seasons(sentence.text)
    if named:
        return named[0] if len(named) == 1 else None
    if sentence.context_season is not None:
        return sentence.context_season
    if sentence.section_season is not None:
        return sentence.section_season
    if _FINAL_SEASON.search(sentence.text):
        return final[0] if len(final) == 1 else None
    return made[0] if len(made) == 1 else None


def read_article(text):
    """The facts `text` states, each with its sentence; see the module's docstring."""
    all_sentences = split_sentences(text)
    found_title = show.title(all_sentences)
    title = found_title[0] if found_title else None
    facts, cast, crew, score_sentences = [], [], [], []
    for position, sentence in enumerate(all_sentences):
        following = all_sentences[position + 1] if position + 1 < len(all_sentences) else None
        facts += season_facts(sentence, following, title)
        if not sentence.is_fact_source:
            continue
        cast += [
            {"person": person, "character": character, "evidence": sentence.text}
            for person, character in people.cast(sentence)
        ]
        crew += [
            {"person": person, "job": job, "evidence": sentence.text}
            for person, job in people.crew(sentence)
        ]
        score_sentences.append(sentence)
    # A surname alone ("Ribeiro, who also served as showrunner") is someone named in full.
    named = {credit["person"] for credit in cast + crew}
    crew += [
        {"person": person, "job": job, "evidence": sentence.text}
        for sentence in score_sentences
        for person, job in people.crew(sentence, named)
    ]
    seasons = _seasons(facts)
    # Critic scores are for seasons that aired: ones with dates or episodes and no decision
    # (a season the article reports a decision on is the one still to come).
    made = [
        season["number"]
        for season in seasons
        if set(season) & set(_MADE) and "decision" not in season
    ]
    final = [season["number"] for season in seasons if season.get("decision") == "final"]
    readings = []
    for sentence in score_sentences:
        for reading in scores.scores(sentence):
            number = _score_season(sentence, made, final)
            if number is not None:
                readings.append({"season": number, **reading, "evidence": sentence.text})
    return {
        "show": _show(all_sentences),
        "seasons": seasons,
        "cast": _unique_people(cast, "character"),
        "crew": _crew_once(crew),
        "scores": _scores(readings),
    }
