"""The seed article is read completely and exactly: every fact the issue lists, each with
the sentence it came from, and nothing else."""

from pathlib import Path

import pytest

from series.articles import read_article

# The article the seed fixture was written from, kept as it was published.
SEED = Path(__file__).with_name("seed") / "spinning-out-season-2.txt"

CAST = [
    ("Kaya Scodelario", "Kat Baker"),
    ("Willow Shields", "Serena Baker"),
    ("Evan Roderick", "Justin Davis"),
    ("David James Elliott", "James Davis"),
    ("Sarah Wright Olsen", "Mandy Davis"),
    ("Svetlana Efremova", "Dasha Fedorova"),
    ("Amanda Zhou", "Jenn Yu"),
    ("Mitchell Edwards", "Marcus Holmes"),
    ("Kaitlyn Leeb", "Leah Starnes"),
    ("Will Kemp", "Mitch Saunders"),
    ("January Jones", "Carol Baker"),
]


@pytest.fixture(scope="module")
def read():
    return read_article(SEED.read_text(encoding="utf-8"))


def test_the_show_and_its_network(read):
    assert read["show"]["title"] == "Spinning Out"
    assert read["show"]["network"] == "Netflix"
    assert "Netflix" in read["show"]["evidence_by_fact"]["network"]


def test_season_one_premiered_on_new_years_day_with_ten_episodes(read):
    first = read["seasons"][0]
    assert {key: first[key] for key in ("number", "premiere", "episodes")} == {
        "number": 1,
        "premiere": "2020-01-01",
        "episodes": 10,
    }
    assert set(first) == {"number", "premiere", "episodes", "evidence", "evidence_by_fact"}
    assert first["evidence_by_fact"] == {
        "premiere": "The American drama series got its release on the new year on 1st "
        "January 2020.",
        "episodes": "It is released on Netflix with a total of 10 episodes.",
    }


def test_season_two_cancelled_in_february_2020(read):
    second = read["seasons"][1]
    assert second["number"] == 2
    assert second["decision"] == "cancelled"
    assert second["decided"] == "2020-02"
    assert set(second) == {"number", "decision", "decided", "evidence", "evidence_by_fact"}
    assert second["evidence"] == (
        "They announced in February 2020 about canceling the second season."
    )


def test_no_other_season(read):
    assert [season["number"] for season in read["seasons"]] == [1, 2]


def test_the_eleven_listed_cast_credits_in_order(read):
    assert [(c["person"], c["character"]) for c in read["cast"]] == CAST
    assert read["cast"][0]["evidence"] == "Kaya Scodelario as Kat Baker"


def test_samantha_stratton_directs_and_no_one_else_is_crew(read):
    assert read["crew"] == [
        {
            "person": "Samantha Stratton",
            "job": "director",
            "evidence": "Spinning out is directed by Samantha Stratton.",
        }
    ]


def test_both_critic_scores_with_their_sentences(read):
    assert read["scores"] == [
        {
            "season": 1,
            "aggregator": "rotten_tomatoes",
            "score": 63,
            "average": 6.5,
            "count": 16,
            "evidence": "For the critic section, the series got a rating of 63% with an "
            "average rating of 6.5/10, based on 16 reviews on the website Rotten Tomatoes.",
        },
        {
            "season": 1,
            "aggregator": "metacritic",
            "score": 47,
            "count": 4,
            "evidence": "It has a weighted average score of 47 out of 100, based on four "
            "critics on Metacritic.",
        },
    ]


def test_every_evidence_is_a_sentence_of_the_article(read):
    text = SEED.read_text(encoding="utf-8")
    evidences = [read["show"]["evidence"], *read["show"]["evidence_by_fact"].values()]
    for season in read["seasons"]:
        evidences += [season["evidence"], *season["evidence_by_fact"].values()]
    for kind in ("cast", "crew", "scores"):
        evidences += [fact["evidence"] for fact in read[kind]]
    assert all(evidence and evidence in text for evidence in evidences)
