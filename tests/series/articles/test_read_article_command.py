"""`manage.py read_article FILE [--json]`: what the reader found, as JSON or as lines an
editor can check, and a plain error for a file it cannot read."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

SEED = Path(__file__).with_name("seed") / "spinning-out-season-2.txt"


def run(*args):
    out = io.StringIO()
    call_command("read_article", *args, stdout=out)
    return out.getvalue()


def test_json_prints_the_issues_shape():
    facts = json.loads(run(str(SEED), "--json"))
    assert set(facts) == {"show", "seasons", "cast", "crew", "scores"}
    assert facts["show"]["title"] == "Spinning Out"
    assert facts["seasons"][1] == {
        "number": 2,
        "decision": "cancelled",
        "decided": "2020-02",
        "evidence": "They announced in February 2020 about canceling the second season.",
        "evidence_by_fact": {
            "decision": "They announced in February 2020 about canceling the second season.",
            "decided": "They announced in February 2020 about canceling the second season.",
        },
    }
    assert len(facts["cast"]) == 11


def test_default_output_lists_each_fact_with_its_sentence():
    lines = run(str(SEED)).splitlines()
    assert lines[:4] == [
        "Title: Spinning Out",
        "    “When is Spinning Out Season 2 Releasing?”",
        "Network: Netflix",
        "    “It is released on Netflix with a total of 10 episodes.”",
    ]
    assert "  Kaya Scodelario as Kat Baker" in lines
    assert "  Season 1, Rotten Tomatoes: 63%, average 6.5/10, 16 reviews" in lines
    assert "  Samantha Stratton, director" in lines


def test_an_article_with_nothing_sure_says_so(tmp_path):
    article = tmp_path / "vague.txt"
    article.write_text("Fans wonder whether the show could return.\n", encoding="utf-8")
    assert run(str(article)).strip() == "Nothing found that the reader is sure of."


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(CommandError, match=r"No such file: .*missing\.txt"):
        run(str(tmp_path / "missing.txt"))


def test_a_directory_is_refused(tmp_path):
    with pytest.raises(CommandError, match="is a directory"):
        run(str(tmp_path))


def test_text_that_is_not_utf8_is_refused(tmp_path):
    article = tmp_path / "latin1.txt"
    article.write_bytes("Café Season 2 renewed".encode("utf-16"))
    with pytest.raises(CommandError, match="not UTF-8 text"):
        run(str(article))


@pytest.mark.parametrize("text", ["", "  \n\n\t \n"])
def test_an_empty_article_is_refused(tmp_path, text):
    article = tmp_path / "empty.txt"
    article.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match="is empty: there is no article to read"):
        run(str(article))
