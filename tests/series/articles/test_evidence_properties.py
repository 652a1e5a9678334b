"""Whatever the text, the reader answers its shape and every sentence it cites is in the
text: an editor can always find a fact's evidence in the article."""

from hypothesis import given, settings
from hypothesis import strategies as st

from series.articles import read_article
from tests.series.articles.scoring import CORPUS, articles

SENTENCES = [
    sentence
    for _, text, _ in articles(CORPUS)
    for line in text.splitlines()
    for sentence in [line.strip()]
    if sentence
]


def cited(read):
    show = read["show"] or {}
    quoted = [show.get("evidence"), *show.get("evidence_by_fact", {}).values()]
    for season in read["seasons"]:
        quoted += [season["evidence"], *season["evidence_by_fact"].values()]
    for kind in ("cast", "crew", "scores"):
        quoted += [fact["evidence"] for fact in read[kind]]
    return [sentence for sentence in quoted if sentence is not None]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=25), st.sampled_from(["\n", "\n\n"])
)
def test_articles_shuffled_from_corpus_lines_cite_only_their_own_text(lines, joiner):
    text = joiner.join(lines)
    read = read_article(text)
    assert set(read) == {"show", "seasons", "cast", "crew", "scores"}
    assert all(sentence in text for sentence in cited(read))
    numbers = [season["number"] for season in read["seasons"]]
    assert numbers == sorted(set(numbers))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_text_is_read_without_error_and_cites_only_itself(text):
    assert all(sentence in text for sentence in cited(read_article(text)))
