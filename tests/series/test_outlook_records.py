"""The outlook's questions as read from the database: published shows only, every
announcement and score of the season that answers, in a fixed number of queries."""

import datetime

import pytest

from series.fuzzy import Precision
from series.outlook.model import CANCELLED, RENEWED
from series.outlook.records import recorded_questions
from tests.factories import AnnouncementFactory, CriticScoreFactory, SeasonFactory, ShowFactory

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 11, 26)


def aired(show, number, premiere):
    return SeasonFactory(
        show=show, number=number, premiere_date=premiere, finale_date=premiere.replace(month=3)
    )


def test_questions_carry_the_answers_scores_and_network(django_assert_num_queries):
    show = ShowFactory()
    first = aired(show, 1, D(2022, 1, 10))
    second = aired(show, 2, D(2023, 1, 10))
    AnnouncementFactory(season=second, announced_date=D(2022, 4, 1))
    third = SeasonFactory(show=show, number=3, premiere_date=None, finale_date=None)
    AnnouncementFactory(
        season=third,
        decision="cancelled",
        announced_date=D(2023, 5, 1),
        announced_precision=Precision.MONTH,
    )
    CriticScoreFactory(season=first, score=80, retrieved_date=D(2022, 2, 1))
    draft = ShowFactory(is_published=False)
    aired(draft, 1, D(2022, 1, 10))
    with django_assert_num_queries(3):
        questions = recorded_questions(TODAY)
    assert [(q.show, q.network, q.number, q.answer()) for q in questions] == [
        (show.pk, show.network_id, 1, RENEWED),
        (show.pk, show.network_id, 2, CANCELLED),
    ]
    after_first, after_second = questions
    assert after_first.delay() == 22  # 1 April, after the 10 March finale
    assert after_first.score() == 80
    assert after_second.answer(D(2023, 5, 30)) is None  # "May 2023" is whole on the 31st
    assert recorded_questions(TODAY, shows=type(show).objects.filter(pk=draft.pk)) == []
