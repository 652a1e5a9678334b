"""Phrasings of other writers than the corpus's first: each small article is read into the
facts an editor would type from it, and nothing is read from what it only hedges."""

import pytest

from series.articles import read_article

HEADLINE = "When Is The Lantern Keepers Season 3 Releasing? Is It Coming Or Cancelled?\n\n"


def _read(body, headline=HEADLINE):
    return read_article(headline + body)


def _cast(read):
    return [(credit["person"], credit["character"]) for credit in read["cast"]]


def _seasons(read):
    keys = ("premiere", "finale", "episodes", "decision", "decided")
    return {s["number"]: {k: s[k] for k in keys if k in s} for s in read["seasons"]}


@pytest.mark.parametrize(
    ("body", "credit"),
    [
        ("Jonas Feld also stars as the keeper, Abel Marsh.", ("Jonas Feld", "Abel Marsh")),
        ("Oona Lindqvist stars as astronaut Mira Sand.", ("Oona Lindqvist", "Mira Sand")),
        ("Rhys Calloway played her rival, Prince Edan.", ("Rhys Calloway", "Prince Edan")),
        ("The drama starred Imogen Hale (DI Ruth Carver).", ("Imogen Hale", "DI Ruth Carver")),
        ("Cast\n• Callum Reid (Rory Sinclair)", ("Callum Reid", "Rory Sinclair")),
        ("Cast\n• Colin Maddox as Walter Briggs, a prosecutor", ("Colin Maddox", "Walter Briggs")),
        (
            "Actor\tCharacter\nMireille Fontaine\tDr. Claire Rousseau",
            ("Mireille Fontaine", "Dr. Claire Rousseau"),
        ),
    ],
)
def test_a_cast_credit_is_read_however_the_character_is_introduced(body, credit):
    assert _cast(_read(body)) == [credit]


def test_a_description_alone_names_no_character():
    assert (
        _cast(
            _read(
                "Kaya Scodelario stars as a figure skater, and Jonas Feld as well as Mara Quinn."
            )
        )
        == []
    )


def test_a_metacritic_score_is_the_season_the_sentence_before_named():
    read = _read(
        "Reception\nOn Rotten Tomatoes, the first season holds an approval rating of 88% "
        "based on 32 reviews. Metacritic gave it a score of 71 out of 100 based on twelve "
        "critics."
    )
    meta = [s for s in read["scores"] if s["aggregator"] == "metacritic"]
    assert [(s["season"], s["score"], s["count"]) for s in meta] == [(1, 71, 12)]


def test_an_audience_score_beside_the_critics_is_left_out():
    read = _read(
        "The first season sits at 84% on Rotten Tomatoes based on 37 reviews, while the "
        "audience score is a lower 71%."
    )
    assert [(s["score"], s.get("count")) for s in read["scores"]] == [(84, 37)]


def test_british_series_are_seasons():
    read = _read(
        "The BBC has axed Wetherby Marsh after two series. A BBC spokesperson confirmed "
        "the news on 11th April 2024. Series 2 aired on BBC One from 3rd February 2023 and "
        "ran for six episodes.",
        headline="Wetherby Marsh series 3: BBC axes rural crime drama\n\n",
    )
    assert read["show"]["title"] == "Wetherby Marsh"
    assert _seasons(read) == {
        2: {"premiere": "2023-02-03", "episodes": 6},
        3: {"decision": "cancelled", "decided": "2024-04-11"},
    }


def test_a_hedged_premiere_is_left_out_and_a_reported_last_season_is_read():
    read = _read(
        "In January 2023, Hulu announced that the third season would be its last. "
        "The third season is expected to premiere in Fall 2026."
    )
    assert _seasons(read) == {3: {"decision": "final", "decided": "2023-01"}}


def test_a_surname_is_the_person_the_article_names_in_full():
    read = _read(
        "Hulu renewed the drama from creator Tomás Ribeiro. Ribeiro, who also serves as "
        "showrunner, was pleased. Created by Liam Corrigan, The Lantern Keepers stars Mara Quinn."
    )
    crew = [(credit["person"], credit["job"]) for credit in read["crew"]]
    assert crew == [
        ("Tomás Ribeiro", "creator"),
        ("Liam Corrigan", "creator"),
        ("Tomás Ribeiro", "showrunner"),
    ]


def test_a_statement_released_on_a_date_dates_the_decision_and_releases_no_season():
    read = _read(
        "The Lantern Keepers will not be returning for a third season.\n\nThe drama, which "
        "premiered on Hulu on Sunday, 7 April 2024, followed Maggie Rourke (played by Eliza "
        "Carrick). In a statement released on 14 August 2025, Hulu said it had decided not "
        "to proceed with a third season."
    )
    assert _seasons(read) == {
        1: {"premiere": "2024-04-07"},
        3: {"decision": "cancelled", "decided": "2025-08-14"},
    }
    assert _cast(read) == [("Eliza Carrick", "Maggie Rourke")]


def test_a_list_without_bullets_under_its_heading_is_read_as_credits():
    read = _read(
        "The Lantern Keepers first aired on Hulu on March 4, 2022.\n"
        "Cast\nMara Quinn – Edith Lowell\nDaniel Osei – Tom Harker\n"
        "The third season premiered on 5 May 2024."
    )
    assert _cast(read) == [("Mara Quinn", "Edith Lowell"), ("Daniel Osei", "Tom Harker")]
    # A heading alone, or two in a row, stays a heading: nothing is read from it.
    assert _cast(_read("Cast\nMara Quinn – Edith Lowell\n")) == []


@pytest.mark.parametrize(
    ("sentence", "score", "count"),
    [
        ("Metacritic rates it 77 based on eight critic reviews.", 77, 8),
        ("Metacritic gave the season a score of 62, based on 9 critics.", 62, 9),
    ],
)
def test_a_metacritic_score_may_be_a_bare_number(sentence, score, count):
    read = _read(f"Reception\nThe first season was liked. {sentence}")
    assert [(s["score"], s.get("count")) for s in read["scores"]] == [(score, count)]


def test_a_bare_number_is_no_metacritic_score_when_it_is_a_percentage_or_a_rating():
    read = _read("Reception\nMetacritic rates it 7.5/10, and users rate it 80%.")
    assert read["scores"] == []
