"""The outlook of one season awaiting a decision, from the stored tallies (one query)."""

from django.db import DEFAULT_DB_ALIAS

from series.status import Decision

from . import outlook
from .model import Question
from .tallies import stored_record


def previous_question(season, seasons, network_id):
    """The question season `season.number` answers: after the season before it aired,
    is this one made? None without that season, before it aired, or after a final one."""
    previous = next((s for s in seasons if s.number == season.number - 1), None)
    if previous is None or previous.premiere is None or previous.decision == Decision.FINAL:
        return None
    return Question(
        show=season.show_id,
        network=network_id,
        number=previous.number,
        premiere=previous.premiere,
        finale=previous.finale,
    )


def season_outlook(season, seasons, network, today, using=DEFAULT_DB_ALIAS):
    """The outlook for `season`, which awaits a decision, given its show's seasons and
    its network; None when nothing on record can be counted for it."""
    question = previous_question(season, seasons, network.pk)
    if question is None or not question.asked(today):
        return None
    record = stored_record(network.pk, using=using)
    if not record.overall.decided:
        return None
    return outlook(record, question, network.name, today)
